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
  if (!authz || !records.length) return records;
  let known = records;
  if (!authz.knowsAll(subject, searched)) {
    const decisions = records.map((r) => authz.knows(subject, r, searched));
    const settled = decisions.every((d) => typeof d === 'boolean') ? (decisions as boolean[]) : await Promise.all(decisions);
    known = records.filter((_, i) => settled[i]);
  }
  await authz.prepare(subject, known);
  return known;
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
  if (!authz || authz.knowsAll(subject, searched)) return read(first);
  if (!authz.mayKnowAny(subject)) return [];
  // Some records will be filtered out: read a larger page at once rather than come back for more.
  for (let limit = Math.min(Math.ceil(first * 1.25) + 20, MAX_SCAN); ; limit = Math.min(limit * 4, MAX_SCAN)) {
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
  if (!authz) return r;
  if (!(await authz.knows(subject, r))) return null;
  await authz.prepare(subject, [r]);
  return r;
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
  if (!authz || !involvements.length) return involvements;
  const ids = [...new Set(involvements.map((i) => (side === 'person' ? i.personId : i.caseId)))];
  const loaded = side === 'person' ? await ctx.loaders.person.loadMany(ids) : await ctx.loaders.case.loadMany(ids);
  const records = loaded.filter((r): r is PersonRecord & CaseRecord => !!r && !(r instanceof Error));
  const known = new Set((await knownRecords(ctx, side === 'person' ? 'Person' : 'Case', records)).map((r) => r.id));
  return involvements.filter((i) => known.has(side === 'person' ? i.personId : i.caseId));
}
