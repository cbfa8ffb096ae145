/**
 * Hit/no-hit (the design's two-step search, step one): a search by identity
 * document, financial account (its holder) or name with date of birth, carried
 * as pseudonyms only (docs/PSEUDONYMS.md: a member that holds nothing learns
 * nothing), that every member answers with exactly one DocumentHit: whether it
 * holds a record the caller may be told of, a reference only that caller can
 * quote, and whom to ask. Never what the record says, never a record id; step
 * two is the owner's decision on a request.
 *
 * Which persons count as hits for which callers is protocol data (the rule the
 * protocol's `hits` names): a record the caller may not be told of answers
 * exactly like no record at all. Every pseudonym tested (a name check: every
 * check) spends the caller's hourly budget (hitBudget.ts), one budget for all.
 */
import { badInput, callerKey, MAX_NAME_CHECK_KEYS, type IdentifierKind } from '@enlace/platform';
import type { MemberContext } from '../context';
import { lookupKey, type HitBudget } from './hitBudget';
import type { HitReferences } from './hitReference';

export interface DocumentHit {
  country: string;
  hit: boolean;
  reference: string | null;
  contactPoint: string;
}

/** The contact point when the member is not configured with one. */
export const defaultContactPoint = (country: string): string =>
  `Unidad de cooperación internacional, cooperacion@fiscalia-${country.toLowerCase()}.example.org`;

export interface HitOptions {
  contactPoint: string;
  references: HitReferences;
  budget: HitBudget;
}

/** A pseudonym as F_k gives it (base64url of 32 bytes); BAD_USER_INPUT naming `field` otherwise (never echoing it). */
const PSEUDONYM = /^[A-Za-z0-9_-]{43}$/;
function pseudonymsOf(field: string, value: unknown, max: number): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (!list.length || list.length > max) throw badInput(field, `must hold 1 to ${max} pseudonyms`);
  for (const p of list) if (typeof p !== 'string' || !PSEUDONYM.test(p)) throw badInput(field, 'must be a pseudonym from the network\'s evaluator (43 characters of base64url): see docs/PSEUDONYMS.md');
  return list as string[];
}

/**
 * One lookup: spends the caller's budget on `budgetKey`, finds the persons the
 * protocol reports as hits, logs them, and answers with a reference sealed for
 * this caller.
 */
async function answer(ctx: MemberContext, options: HitOptions, budgetKey: string, kind: IdentifierKind, pseudonyms: readonly string[]): Promise<DocumentHit[]> {
  const { caller } = ctx.identity;
  const lookup = lookupKey(budgetKey);
  options.budget.spend(callerKey(caller), lookup);
  const hits = await ctx.data.hits(kind, pseudonyms);
  // The owner's log keeps which records a lookup hit (foreignAccess), and what it spent (a restart replays it).
  ctx.audit.hits(hits.map((h) => h.id), lookup);
  const reference = hits.length ? options.references.seal(hits[0].id, caller) : null;
  return [{ country: ctx.country, hit: hits.length > 0, reference, contactPoint: options.contactPoint }];
}

/** Hit/no-hit by identity document: the pseudonym of its issuing country and number. */
export function documentHitsResolver(options: HitOptions) {
  return async (_: unknown, args: { pseudonym?: unknown }, ctx: MemberContext): Promise<DocumentHit[]> => {
    const [pseudonym] = pseudonymsOf('pseudonym', args.pseudonym, 1);
    return answer(ctx, options, pseudonym, 'document', [pseudonym]);
  };
}

/** Hit/no-hit by account identifier: the account's holder, under the same rule, budget and references as documents. */
export function accountHitsResolver(options: HitOptions) {
  return async (_: unknown, args: { pseudonym?: unknown }, ctx: MemberContext): Promise<DocumentHit[]> => {
    const [pseudonym] = pseudonymsOf('pseudonym', args.pseudonym, 1);
    return answer(ctx, options, pseudonym, 'account', [pseudonym]);
  };
}

/**
 * Hit/no-hit by name and date of birth: the pseudonyms of one name's keys (nameKeys.ts), a
 * hit when any names a person. One lookup of the budget per distinct check, of at most
 * MAX_NAME_CHECK_KEYS keys: what one name gives, so a check cannot carry many names' guesses.
 */
export function nameHitsResolver(options: HitOptions) {
  return async (_: unknown, args: { pseudonyms?: unknown }, ctx: MemberContext): Promise<DocumentHit[]> => {
    const pseudonyms = [...new Set(pseudonymsOf('pseudonyms', args.pseudonyms, MAX_NAME_CHECK_KEYS))].sort();
    return answer(ctx, options, `name ${pseudonyms.join(' ')}`, 'name', pseudonyms);
  };
}
