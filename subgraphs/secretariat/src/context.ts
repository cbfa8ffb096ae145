/** What a secretariat request carries: the store, who asks (and the protocol for them), per-request loaders. */
import DataLoader from 'dataloader';
import type { RequestIdentity, Store } from '@enlace/common';
import type { SecretariatAuthz, SecretariatProtocol } from './protocol';
import * as repo from './repository';

export interface SecretariatContext {
  store: Store;
  identity: RequestIdentity;
  protocol: SecretariatProtocol;
  authz: SecretariatAuthz;
  loaders: ReturnType<typeof createLoaders>;
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

/** A rule of the secretariat's protocol by name; a missing one is a bug in the protocol data, caught at start. */
export function ruleOf(ctx: Pick<SecretariatContext, 'protocol'>, name: string) {
  const rule = ctx.protocol.rules.get(name);
  if (!rule) throw new Error(`The secretariat's protocol has no rule "${name}"`);
  return rule;
}
