/**
 * Records a caller may not know of do not appear at all: not in lists, not by
 * id, not as entities. Resolvers pass what they read through these filters;
 * null fields alone would still say that the record exists. A search only
 * matches on what the caller may read: otherwise searching a victim's name
 * would confirm it even with the name itself withheld.
 */
import type { MemberContext } from '../context';
import type { CaseRecord, InvolvementRecord, PersonRecord } from '../records';
import type { Subject } from './model';
import { authzOf, purposeRequired, type RecordOf } from './request';

/** The fields a search filter matches on, per filter key: the caller must be allowed to read them. */
const SEARCHED: Record<Subject, Record<string, string[]>> = {
  Person: {
    name: ['Person.givenNames', 'Person.familyNames', 'Person.aliases'],
    documentNumber: ['Person.documents'],
    nationality: ['Person.nationalities'],
    category: ['Person.involvements'],
  },
  Case: {
    offence: ['Case.offences'],
    status: ['Case.status'],
    openedFrom: ['Case.openedOn'],
    openedTo: ['Case.openedOn'],
    place: ['Case.routes'],
  },
};

export function searchedFields(subject: Subject, filter: Record<string, unknown> | null | undefined): string[] {
  if (!filter) return [];
  return [...new Set(Object.entries(filter).flatMap(([k, v]) => (v === null || v === undefined || v === '' ? [] : (SEARCHED[subject][k] ?? []))))];
}

/** The records the caller may know of (and read the searched fields of), in order. */
export async function knownRecords<S extends Subject, T extends RecordOf<S>>(ctx: MemberContext, subject: S, records: T[], searched: readonly string[] = []): Promise<T[]> {
  const authz = authzOf(ctx);
  if (!authz || !records.length || authz.knowsAll(subject, searched)) return records;
  const known = await Promise.all(records.map((r) => authz.knows(subject, r, searched)));
  return records.filter((_, i) => known[i]);
}

/** The most rows a list scans to find `first` records the caller may know of. */
export const MAX_SCAN = 2000;

/**
 * The first `first` records the caller may know of: a page from the store,
 * filtered; when the filter left too few and the store has more, a larger page
 * (each record is decided once per request, so a rescan costs only the store read).
 */
export async function firstKnown<S extends Subject, T extends RecordOf<S>>(
  ctx: MemberContext,
  subject: S,
  first: number,
  read: (limit: number) => Promise<T[]>,
  searched: readonly string[] = [],
): Promise<T[]> {
  const authz = authzOf(ctx);
  if (!authz) return read(first);
  if (!authz.mayKnowAny(subject)) return [];
  for (let limit = first; ; limit = Math.min(limit * 4, MAX_SCAN)) {
    const rows = await read(limit);
    const known = await knownRecords(ctx, subject, rows, searched);
    if (known.length >= first || rows.length < limit || limit >= MAX_SCAN) return known.slice(0, first);
  }
}

/** The record, or null when the caller may not know of it. */
export async function knownOne<S extends Subject, T extends RecordOf<S>>(ctx: MemberContext, subject: S, record: T | null | Promise<T | null>): Promise<T | null> {
  const r = await record;
  if (!r) return null;
  const authz = authzOf(ctx);
  return !authz || (await authz.knows(subject, r)) ? r : null;
}

/**
 * A record asked for by reference (federation's `_entities`, which is non-null
 * and so cannot be denied as a whole): null when the caller may not know of it,
 * and PURPOSE_REQUIRED for this entry when the request states no purpose.
 */
export async function knownEntity<S extends Subject, T extends RecordOf<S>>(ctx: MemberContext, subject: S, record: T | null | Promise<T | null>): Promise<T | null> {
  const authz = authzOf(ctx);
  if (authz && !authz.hasPurpose) throw purposeRequired(authz.protocol.visibility[subject], authz.protocol.version);
  return knownOne(ctx, subject, record);
}

/** Involvements whose other side (the person, or the case) the caller may know of. */
export async function knownInvolvements(ctx: MemberContext, involvements: InvolvementRecord[], side: 'person' | 'case'): Promise<InvolvementRecord[]> {
  const authz = authzOf(ctx);
  if (!authz || !involvements.length || authz.knowsAll(side === 'person' ? 'Person' : 'Case')) return involvements;
  const known = await Promise.all(
    involvements.map(async (i) => {
      if (side === 'person') {
        const p = await ctx.loaders.person.load(i.personId);
        return !!p && authz.knows('Person', p as PersonRecord);
      }
      const c = await ctx.loaders.case.load(i.caseId);
      return !!c && authz.knows('Case', c as CaseRecord);
    }),
  );
  return involvements.filter((_, i) => known[i]);
}
