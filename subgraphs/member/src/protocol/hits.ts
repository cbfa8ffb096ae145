/**
 * Hit/no-hit (the design's two-step search, step one): a search by identity
 * document that every member answers with exactly one DocumentHit: whether it
 * holds a record the caller may be told of, a reference only that caller can
 * quote, and whom to ask. Never what the record says, never a record id; step
 * two is the owner's decision on a request.
 *
 * Which persons count as hits for which callers is protocol data (the rule the
 * protocol's `hits` names): a record the caller may not be told of answers
 * exactly like no record at all. Every number tested spends the caller's
 * hourly budget (hitBudget.ts).
 */
import { badInput, normaliseDocumentNumber, validate as v } from '@enlace/common';
import type { MemberContext } from '../context';
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

export function documentHitsResolver(options: HitOptions) {
  return async (_: unknown, args: Record<string, unknown>, ctx: MemberContext): Promise<DocumentHit[]> => {
    const number = String(args.number ?? '');
    const normalised = number.length > 60 ? '' : normaliseDocumentNumber(number);
    if (!normalised) throw badInput('number', 'must be a document number (letters and digits, at most 60 characters)');
    const issuingCountry = v.country('issuingCountry', args.issuingCountry);
    const { caller } = ctx.identity;
    options.budget.spend(`${caller.issuer} ${caller.subject}`, normalised);
    const hits = await ctx.data.documentHits({ type: (args.type as string | null | undefined) ?? null, number, issuingCountry });
    ctx.audit.hits(hits.map((h) => h.id)); // the owner's log keeps which records a lookup hit (foreignAccess)
    const reference = hits.length ? options.references.seal(hits[0].id, caller) : null;
    return [{ country: ctx.country, hit: hits.length > 0, reference, contactPoint: options.contactPoint }];
  };
}
