/** The secretariat's Cypher: parameterised, batched like the members'. */
import { ownerOf } from '@enlace/platform';
import { decodeList, encodeList, listToken, type Row, type Store, type Transaction } from '@enlace/store';
export { reserveSeq, raiseSeq } from '@enlace/store';

import { secretariatStoreSchema } from './storeSchema';

/** Runs Cypher: a write transaction, or the store's reads (`reader(store)`). */
export type Runner = Pick<Transaction, 'run'>;
export const reader = (store: Store): Runner => ({ run: (cypher, params) => store.read(cypher, params) });

export type JitStatus = 'PROPOSED' | 'ACTIVE' | 'ENDED';
export type LinkStatus = 'PROPOSED' | 'CONFIRMED';
export const LINK_CRITERIA = ['NAMES', 'DATE_OF_BIRTH', 'DOCUMENT', 'BIOMETRICS'] as const;

export interface MemberStateRecord { country: string; name: string; contactPoint: string }
export interface JitAgreementRecord { country: string; agreedOn: string }
export interface JitRecord {
  id: string; seq: number; name: string; purpose: string; memberCountries: string[]; startsOn: string; endsOn: string | null;
  caseIds: string[]; status: JitStatus;
  /** A member country, or XS when secretariat staff proposed it. */
  proposedBy: string;
  agreements: JitAgreementRecord[];
  endedOn: string | null;
}
export interface PersonLinkRecord {
  id: string; seq: number;
  /** The proposer's record, then the other owner's. */
  leftId: string; rightId: string;
  criteria: string[]; status: LinkStatus;
  proposedBy: string; proposedOn: string; confirmedBy: string | null; confirmedOn: string | null;
}

const JIT_COLUMNS = ['id', 'seq', 'name', 'purpose', 'memberCountries', 'startsOn', 'endsOn', 'caseIds', 'status', 'proposedBy', 'agreements', 'endedOn']
  .map((c) => `j.${c} AS ${c}`).join(', ');
const LINK_COLUMNS = ['id', 'seq', 'leftId', 'rightId', 'criteria', 'status', 'proposedBy', 'proposedOn', 'confirmedBy', 'confirmedOn']
  .map((c) => `l.${c} AS ${c}`).join(', ');

const orNull = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));
// An agreement is stored as "CC:YYYY-MM-DD" in an encoded list.
const encodeAgreements = (a: readonly JitAgreementRecord[]) => encodeList(a.map((x) => `${x.country}:${x.agreedOn}`));
const decodeAgreements = (v: unknown): JitAgreementRecord[] => decodeList(v).map((x) => ({ country: x.slice(0, x.indexOf(':')), agreedOn: x.slice(x.indexOf(':') + 1) }));

const toJit = (r: Row): JitRecord => ({
  id: String(r.id), seq: Number(r.seq), name: String(r.name), purpose: String(r.purpose), memberCountries: decodeList(r.memberCountries),
  startsOn: String(r.startsOn), endsOn: orNull(r.endsOn), caseIds: decodeList(r.caseIds), status: String(r.status) as JitStatus,
  proposedBy: String(r.proposedBy), agreements: decodeAgreements(r.agreements), endedOn: orNull(r.endedOn),
});
const toLink = (r: Row): PersonLinkRecord => ({
  id: String(r.id), seq: Number(r.seq), leftId: String(r.leftId), rightId: String(r.rightId), criteria: decodeList(r.criteria),
  status: String(r.status) as LinkStatus, proposedBy: String(r.proposedBy), proposedOn: String(r.proposedOn),
  confirmedBy: orNull(r.confirmedBy), confirmedOn: orNull(r.confirmedOn),
});
const jitRow = (j: JitRecord): Row => ({
  ...j, memberCountries: encodeList(j.memberCountries), caseIds: encodeList(j.caseIds), agreements: encodeAgreements(j.agreements),
  endsOn: j.endsOn ?? '', endedOn: j.endedOn ?? '',
});
const linkRow = (l: PersonLinkRecord): Row => ({
  ...l, parties: encodeList([ownerOf(l.leftId)!, ownerOf(l.rightId)!]), criteria: encodeList(l.criteria),
  confirmedBy: l.confirmedBy ?? '', confirmedOn: l.confirmedOn ?? '',
});

/** Which records a query may return: all of them (staff), those a member state is party to, or none. */
export type PartyScope = { all: true } | { party: string } | null;

function scopeWhere(alias: string, scope: Exclude<PartyScope, null>, where: string[], params: Record<string, unknown>): void {
  if ('party' in scope) {
    where.push(`${alias}.${alias === 'j' ? 'memberCountries' : 'parties'} CONTAINS $party`);
    params.party = listToken(scope.party);
  }
}

export async function listMemberStates(run: Runner): Promise<MemberStateRecord[]> {
  const rows = await run.run('MATCH (m:MemberState) RETURN m.country AS country, m.name AS name, m.contactPoint AS contactPoint ORDER BY country');
  return rows.map((r) => ({ country: String(r.country), name: String(r.name), contactPoint: String(r.contactPoint) }));
}

export async function listJits(run: Runner, scope: PartyScope, filter: { country?: string | null; status?: JitStatus | null }): Promise<JitRecord[]> {
  if (!scope) return [];
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  scopeWhere('j', scope, where, params);
  if (filter.country) {
    where.push('j.memberCountries CONTAINS $country');
    params.country = listToken(filter.country);
  }
  if (filter.status) {
    where.push('j.status = $status');
    params.status = filter.status;
  }
  const cypher = `MATCH (j:Jit)${where.length ? ` WHERE ${where.join(' AND ')}` : ''} RETURN ${JIT_COLUMNS} ORDER BY seq`;
  return (await run.run(cypher, params)).map(toJit);
}

/** Teams by id through the store's key lookup (the loaders, `__resolveReference`). */
export async function jitsByIds(store: Store, ids: readonly string[]): Promise<JitRecord[]> {
  return (await store.lookup({ label: 'Jit', as: 'j', keys: ids, then: `RETURN ${JIT_COLUMNS}` })).map(toJit);
}

/** One team by id inside a write transaction: an equality on the key, answered from its index. */
export async function jitById(run: Runner, id: string): Promise<JitRecord | null> {
  const [row] = await run.run(`MATCH (j:Jit) WHERE j.id = $id RETURN ${JIT_COLUMNS}`, { id });
  return row ? toJit(row) : null;
}

/** Links with this status touching any of the given person ids. */
export async function linksByPersonIds(run: Runner, ids: readonly string[], status: LinkStatus): Promise<PersonLinkRecord[]> {
  if (!ids.length) return [];
  return (
    await run.run(`MATCH (l:PersonLink) WHERE (l.leftId IN $ids OR l.rightId IN $ids) AND l.status = $status RETURN ${LINK_COLUMNS} ORDER BY seq`, { ids: [...ids], status })
  ).map(toLink);
}

/** One link by id inside a write transaction: an equality on the key, answered from its index. */
export async function linkById(run: Runner, id: string): Promise<PersonLinkRecord | null> {
  const [row] = await run.run(`MATCH (l:PersonLink) WHERE l.id = $id RETURN ${LINK_COLUMNS}`, { id });
  return row ? toLink(row) : null;
}

export async function linksWithStatus(run: Runner, scope: PartyScope, status: LinkStatus, limit: number): Promise<PersonLinkRecord[]> {
  if (!scope) return [];
  const where = ['l.status = $status'];
  const params: Record<string, unknown> = { status, limit };
  scopeWhere('l', scope, where, params);
  return (await run.run(`MATCH (l:PersonLink) WHERE ${where.join(' AND ')} RETURN ${LINK_COLUMNS} ORDER BY seq LIMIT $limit`, params)).map(toLink);
}

/** Whether a link (proposed or confirmed) already joins these two records. */
export async function linkBetween(run: Runner, a: string, b: string): Promise<boolean> {
  const rows = await run.run(
    'MATCH (l:PersonLink) WHERE (l.leftId = $a AND l.rightId = $b) OR (l.leftId = $b AND l.rightId = $a) RETURN count(*) AS n',
    { a, b },
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

export async function upsertMemberStates(tx: Runner, members: readonly MemberStateRecord[]): Promise<void> {
  if (!members.length) return;
  await tx.run('UNWIND $rows AS r MERGE (m:MemberState {country: r.country}) SET m.name = r.name, m.contactPoint = r.contactPoint', {
    rows: members.map((m) => ({ ...m })),
  });
}

export async function insertJits(tx: Transaction, jits: readonly JitRecord[]): Promise<void> {
  if (jits.length) await tx.insertNodes('Jit', jits.map(jitRow));
}

/** Writes what agreement and ending change: status, cases, agreements, the day it ended. */
export async function updateJit(tx: Runner, j: JitRecord): Promise<void> {
  const row = jitRow(j);
  await tx.run('MATCH (j:Jit {id: $id}) SET j.status = $status, j.caseIds = $caseIds, j.agreements = $agreements, j.endedOn = $endedOn', {
    id: row.id, status: row.status, caseIds: row.caseIds, agreements: row.agreements, endedOn: row.endedOn,
  });
}

export async function insertLinks(tx: Transaction, links: readonly PersonLinkRecord[]): Promise<void> {
  if (links.length) await tx.insertNodes('PersonLink', links.map(linkRow));
}

export async function confirmLink(tx: Runner, id: string, country: string, on: string): Promise<void> {
  await tx.run("MATCH (l:PersonLink {id: $id}) SET l.status = 'CONFIRMED', l.confirmedBy = $country, l.confirmedOn = $day", { id, country, day: on });
}

export async function isEmpty(store: Store): Promise<boolean> {
  await store.ensureSchema(secretariatStoreSchema);
  const rows = await store.read('MATCH (m:MemberState) RETURN count(m) AS n');
  return Number(rows[0]?.n ?? 0) === 0;
}
