/** The secretariat's Cypher, batched like the members'. */
import { decodeList, encodeList, listToken, type Row, type Store, type Transaction } from '@enlace/common';
export { reserveSeq, raiseSeq } from '@enlace/common';

import { secretariatStoreSchema } from './storeSchema';

type Runner = Pick<Transaction, 'run'>;

export interface MemberStateRecord { country: string; name: string; contactPoint: string }
export interface JitRecord { id: string; seq: number; name: string; purpose: string; memberCountries: string[]; startsOn: string; endsOn: string | null; caseIds: string[] }
export interface PersonLinkRecord { id: string; seq: number; leftId: string; rightId: string; basis: string; confirmedOn: string }

const JIT_COLUMNS = 'j.id AS id, j.seq AS seq, j.name AS name, j.purpose AS purpose, j.memberCountries AS memberCountries, j.startsOn AS startsOn, j.endsOn AS endsOn, j.caseIds AS caseIds';
const LINK_COLUMNS = 'l.id AS id, l.seq AS seq, l.leftId AS leftId, l.rightId AS rightId, l.basis AS basis, l.confirmedOn AS confirmedOn';

const toJit = (r: Row): JitRecord => ({
  id: String(r.id), seq: Number(r.seq), name: String(r.name), purpose: String(r.purpose),
  memberCountries: decodeList(r.memberCountries), startsOn: String(r.startsOn), endsOn: r.endsOn ? String(r.endsOn) : null,
  caseIds: decodeList(r.caseIds),
});
const toLink = (r: Row): PersonLinkRecord => ({
  id: String(r.id), seq: Number(r.seq), leftId: String(r.leftId), rightId: String(r.rightId), basis: String(r.basis), confirmedOn: String(r.confirmedOn),
});

export async function listMemberStates(store: Store): Promise<MemberStateRecord[]> {
  const rows = await store.read('MATCH (m:MemberState) RETURN m.country AS country, m.name AS name, m.contactPoint AS contactPoint ORDER BY country');
  return rows.map((r) => ({ country: String(r.country), name: String(r.name), contactPoint: String(r.contactPoint) }));
}

export async function listJits(store: Store, country: string | null): Promise<JitRecord[]> {
  const cypher = `MATCH (j:Jit)${country ? ' WHERE j.memberCountries CONTAINS $country' : ''} RETURN ${JIT_COLUMNS} ORDER BY seq`;
  return (await store.read(cypher, country ? { country: listToken(country) } : {})).map(toJit);
}

export async function jitsByIds(store: Store, ids: readonly string[]): Promise<JitRecord[]> {
  if (!ids.length) return [];
  return (await store.read(`MATCH (j:Jit) WHERE j.id IN $ids RETURN ${JIT_COLUMNS}`, { ids })).map(toJit);
}

/** Links touching any of the given person ids. */
export async function linksByPersonIds(store: Store, ids: readonly string[]): Promise<PersonLinkRecord[]> {
  if (!ids.length) return [];
  return (await store.read(`MATCH (l:PersonLink) WHERE l.leftId IN $ids OR l.rightId IN $ids RETURN ${LINK_COLUMNS} ORDER BY seq`, { ids })).map(toLink);
}

export async function upsertMemberStates(tx: Runner, members: readonly MemberStateRecord[]): Promise<void> {
  if (!members.length) return;
  await tx.run('UNWIND $rows AS r MERGE (m:MemberState {country: r.country}) SET m.name = r.name, m.contactPoint = r.contactPoint', {
    rows: members.map((m) => ({ ...m })),
  });
}

export async function insertJits(tx: Transaction, jits: readonly JitRecord[]): Promise<void> {
  await tx.insertNodes('Jit', jits.map((j) => ({ ...j, memberCountries: encodeList(j.memberCountries), caseIds: encodeList(j.caseIds) })));
}

export async function insertLinks(tx: Transaction, links: readonly PersonLinkRecord[]): Promise<void> {
  await tx.insertNodes('PersonLink', links.map((l) => ({ ...l })));
}

export async function linkExists(tx: Runner, a: string, b: string): Promise<boolean> {
  const rows = await tx.run(
    'MATCH (l:PersonLink) WHERE (l.leftId = $a AND l.rightId = $b) OR (l.leftId = $b AND l.rightId = $a) RETURN count(*) AS n',
    { a, b },
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

export async function isEmpty(store: Store): Promise<boolean> {
  await store.ensureSchema(secretariatStoreSchema);
  const rows = await store.read('MATCH (m:MemberState) RETURN count(m) AS n');
  return Number(rows[0]?.n ?? 0) === 0;
}
