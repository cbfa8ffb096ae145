/**
 * Hit/no-hit (the design's two-step search, step one): a search by identity
 * document (or by financial account: its holder) that every member answers with
 * exactly one DocumentHit (AccountHit): whether it
 * holds a record the caller may be told of, a reference only that caller can
 * quote, and whom to ask. Never what the record says, never a record id; step
 * two is the owner's decision on a request.
 *
 * Which persons count as hits for which callers is protocol data (the rule the
 * protocol's `hits` names): a record the caller may not be told of answers
 * exactly like no record at all. Every number tested spends the caller's
 * hourly budget (hitBudget.ts), one budget for documents and accounts.
 */
import { badInput, callerKey, validate as v } from '@enlace/platform';
import { normaliseDocumentNumber } from '@enlace/store';
import type { MemberContext } from '../context';
import type { StoredPerson } from '../records';
import type { HitBudget } from './hitBudget';
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

/** An identifier as looked up: its letters and digits, upper case; BAD_USER_INPUT naming `field` when none or too long. */
function lookedUp(field: string, value: unknown, what: string, max: number): string {
  const s = String(value ?? '');
  const normalised = s.length > max ? '' : normaliseDocumentNumber(s);
  if (!normalised) throw badInput(field, `must be ${what} (letters and digits, at most ${max} characters)`);
  return normalised;
}

/**
 * One lookup: spends the caller's budget on `budgetKey`, finds the persons the
 * protocol reports as hits, logs them, and answers with a reference sealed for
 * this caller.
 */
async function answer(ctx: MemberContext, options: HitOptions, budgetKey: string, find: () => Promise<StoredPerson[]>): Promise<DocumentHit[]> {
  const { caller } = ctx.identity;
  options.budget.spend(callerKey(caller), budgetKey);
  const hits = await find();
  ctx.audit.hits(hits.map((h) => h.id)); // the owner's log keeps which records a lookup hit (foreignAccess)
  const reference = hits.length ? options.references.seal(hits[0].id, caller) : null;
  return [{ country: ctx.country, hit: hits.length > 0, reference, contactPoint: options.contactPoint }];
}

export function documentHitsResolver(options: HitOptions) {
  return async (_: unknown, args: Record<string, unknown>, ctx: MemberContext): Promise<DocumentHit[]> => {
    const normalised = lookedUp('number', args.number, 'a document number', 60);
    const issuingCountry = v.country('issuingCountry', args.issuingCountry);
    const number = String(args.number);
    return answer(ctx, options, normalised, () => ctx.data.documentHits({ type: (args.type as string | null | undefined) ?? null, number, issuingCountry }));
  };
}

/** Hit/no-hit by account identifier: the account's holder, under the same rule, budget and references as documents. */
export function accountHitsResolver(options: HitOptions) {
  return async (_: unknown, args: Record<string, unknown>, ctx: MemberContext): Promise<DocumentHit[]> => {
    const identifier = lookedUp('identifier', args.identifier, 'an account identifier: an IBAN, an account number or a wallet address', 100);
    const country = args.country === null || args.country === undefined ? null : v.country('country', args.country);
    // Its own budget key: an account and a document written alike are two lookups.
    return answer(ctx, options, `account ${identifier}`, () => ctx.data.accountHits({ identifier, country }));
  };
}
