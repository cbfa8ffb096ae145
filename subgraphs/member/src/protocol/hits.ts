/**
 * Hit/no-hit (the design's two-step search, step one): a search by identity
 * document that every member answers with exactly one DocumentHit, whoever
 * asks: whether it holds a record, a reference to quote, and whom to ask. Never
 * what the record says; step two is the owner's decision on a request.
 */
import { badInput, normaliseDocumentNumber, validate as v } from '@enlace/common';
import type { MemberContext } from '../context';
import * as repo from '../repository';

export interface DocumentHit {
  country: string;
  hit: boolean;
  reference: string | null;
  contactPoint: string;
}

/** The contact point when the member is not configured with one. */
export const defaultContactPoint = (country: string): string =>
  `Unidad de cooperación internacional, cooperacion@fiscalia-${country.toLowerCase()}.example.org`;

export function documentHitsResolver(contactPoint: string) {
  return async (_: unknown, args: Record<string, unknown>, ctx: MemberContext): Promise<DocumentHit[]> => {
    const number = String(args.number ?? '');
    if (number.length > 60 || !normaliseDocumentNumber(number)) throw badInput('number', 'must be a document number (letters and digits, at most 60 characters)');
    const issuingCountry = v.country('issuingCountry', args.issuingCountry);
    const ids = await repo.personIdsByDocument(ctx.store, { type: (args.type as string | null | undefined) ?? null, number, issuingCountry });
    return [{ country: ctx.country, hit: ids.length > 0, reference: ids[0] ?? null, contactPoint }];
  };
}
