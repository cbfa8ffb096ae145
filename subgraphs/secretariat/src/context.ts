/** What a secretariat request carries: the store, who asks (and the protocol for them), per-request loaders. */
import DataLoader from 'dataloader';
import type { Paging, PurposeCatalogue, RequestIdentity } from '@enlace/platform';
import type { Store } from '@enlace/store';
import type { DeadlinePeriods } from './cooperation/deadlines';
import type { SecretariatAuthz, SecretariatProtocol } from './protocol';
import * as repo from './repository';

export interface SecretariatContext {
  store: Store;
  identity: RequestIdentity;
  protocol: SecretariatProtocol;
  authz: SecretariatAuthz;
  loaders: ReturnType<typeof createLoaders>;
  /** The clock every cooperation flow and read uses (tests move it). */
  now: () => Date;
  /** How long an owner has to answer a cooperation request, by urgency. */
  deadlines: DeadlinePeriods;
  /** The cursor key and count cap of cooperationRequestsPage (the cap also bounds the attention counts). */
  paging: Paging;
  /** How often a client should ask for cooperationAttention again, in seconds. */
  attentionPollSeconds: number;
  /** The network's catalogue of purposes, as purposeCatalogue serves it. */
  purposes: PurposeCatalogue;
}

export function createLoaders(store: Store) {
  const run = repo.reader(store);
  return {
    jit: new DataLoader<string, repo.JitRecord | null>(async (ids) => {
      const found = new Map((await repo.jitsByIds(store, ids)).map((j) => [j.id, j] as const));
      return ids.map((id) => found.get(id) ?? null);
    }),
    confirmedLinksByPerson: new DataLoader<string, repo.PersonLinkRecord[]>(async (ids) => {
      const links = await repo.linksByPersonIds(run, ids, 'CONFIRMED');
      return ids.map((id) => links.filter((l) => l.leftId === id || l.rightId === id));
    }),
  };
}

/**
 * The rule the protocol gives a field ("Mutation.proposePersonLink"): a write decides on its
 * record with the very rule the field guard applies to the field. A field without one is refused
 * by the field guard before any resolver runs (and fails the coverage test).
 */
export function ruleOf(ctx: Pick<SecretariatContext, 'protocol'>, coordinate: string) {
  const rule = ctx.protocol.fieldRules.get(coordinate);
  if (!rule) throw new Error(`The secretariat's protocol has no rule for ${coordinate}`);
  return rule;
}
