/**
 * The cooperation requests' Cypher: parameterised, one node per request, and one `CooperationEvent`
 * node per step of its history, appended. A step changes only a request's short columns (its state,
 * deadline, decision), never rewrites a growing text: Kùzu keeps every rewritten text in its file and
 * buffer pool (docs/kuzu/README.md). The `history` column is read only from stores written before.
 */
import { FEW_ROWS, type Row, type Store, type Transaction } from '@enlace/store';
import type { Runner } from '../repository';
import {
  DEADLINE_STATES, GRANTED_STATES, type CooperationEventRecord, type CooperationRecord, type CooperationState, type GrantRecord, type Requester, type StoredState,
} from './record';

const COLUMNS = [
  'id', 'seq', 'state', 'requesterIssuer', 'requesterSubject', 'requesterCountry', 'owner', 'legalBasis', 'legalInstrument', 'urgency',
  'filedAt', 'deadline', 'decidedAt', 'subjects', 'scope', 'purpose', 'caseRef', 'reason', 'decision', 'decisionReason', 'grant',
].map((c) => `r.${c} AS ${c}`).join(', ');

const orNull = <T = string>(v: unknown): T | null => (v === null || v === undefined || v === '' ? null : (String(v) as T));
const json = <T>(v: unknown, empty: T): T => (typeof v === 'string' && v ? (JSON.parse(v) as T) : empty);

const toRecord = (r: Row, history: CooperationEventRecord[]): CooperationRecord => ({
  id: String(r.id), seq: Number(r.seq), state: String(r.state) as StoredState,
  requester: { issuer: String(r.requesterIssuer), subject: String(r.requesterSubject), country: String(r.requesterCountry) },
  owner: String(r.owner), legalBasis: String(r.legalBasis) as CooperationRecord['legalBasis'], legalInstrument: orNull(r.legalInstrument),
  urgency: String(r.urgency) as CooperationRecord['urgency'], filedAt: String(r.filedAt), deadline: String(r.deadline), decidedAt: orNull(r.decidedAt),
  subjects: json(r.subjects, []), scope: json(r.scope, []), purpose: String(r.purpose), caseRef: String(r.caseRef), reason: String(r.reason),
  decision: orNull<CooperationRecord['decision'] & string>(r.decision), decisionReason: orNull(r.decisionReason),
  grant: grantOf(r.grant, history), history,
});

/**
 * The stored grant, with its revocation read from the REVOKED step of the history (a revocation writes
 * the request's state and a step, not the grant again); a store from before keeps it in the grant.
 */
function grantOf(stored: unknown, history: readonly CooperationEventRecord[]): GrantRecord | null {
  const grant = json<GrantRecord | null>(stored, null);
  const revoked = history.find((e) => e.kind === 'REVOKED');
  return grant && revoked ? { ...grant, revokedAt: revoked.at, revokedBy: revoked.by } : grant;
}

const toRow = (c: CooperationRecord): Row => ({
  id: c.id, seq: c.seq, state: c.state, requesterIssuer: c.requester.issuer, requesterSubject: c.requester.subject,
  requesterCountry: c.requester.country, owner: c.owner, legalBasis: c.legalBasis, legalInstrument: c.legalInstrument ?? '', urgency: c.urgency,
  filedAt: c.filedAt, deadline: c.deadline, decidedAt: c.decidedAt ?? '', subjects: JSON.stringify(c.subjects), scope: JSON.stringify(c.scope),
  purpose: c.purpose, caseRef: c.caseRef, reason: c.reason, decision: c.decision ?? '', decisionReason: c.decisionReason ?? '',
  grant: c.grant ? JSON.stringify({ ...c.grant, revokedAt: null, revokedBy: null }) : '', grantExpiresOn: c.grant?.expiresOn ?? '', history: '',
});

export async function insertRequests(tx: Transaction, records: readonly CooperationRecord[]): Promise<void> {
  if (!records.length) return;
  await tx.insertNodes('CooperationRequest', records.map(toRow));
  await appendEvents(tx, records.flatMap((r) => r.history.map((e, i) => ({ requestId: r.id, n: i + 1, event: e }))));
}

/** Steps of requests' histories, the n-th of each (from 1), linked to their request. */
async function appendEvents(tx: Transaction, events: ReadonlyArray<{ requestId: string; n: number; event: CooperationEventRecord }>): Promise<void> {
  if (!events.length) return;
  const id = (e: (typeof events)[number]) => `${e.requestId}#${e.n}`;
  await tx.insertNodes('CooperationEvent', events.map((e) => ({ id: id(e), seq: e.n, at: e.event.at, by: e.event.by, kind: e.event.kind, text: e.event.text ?? '' })));
  await tx.insertRels('HAS_EVENT', events.map((e) => ({ from: e.requestId, to: id(e) })));
}

/** The histories of these requests, each in order: one key equality per request for a few, one join for many. */
async function historiesOf(run: Runner, ids: readonly string[]): Promise<Map<string, CooperationEventRecord[]>> {
  const then = 'MATCH (r)-[:HAS_EVENT]->(e:CooperationEvent) RETURN r.id AS request, e.seq AS seq, e.at AS at, e.by AS by, e.kind AS kind, e.text AS text';
  const rows: Row[] = [];
  // One after the other: `run` may be a write transaction's, on one connection.
  if (ids.length <= FEW_ROWS) for (const id of ids) rows.push(...(await run.run(`MATCH (r:CooperationRequest) WHERE r.id = $id ${then}`, { id })));
  else rows.push(...(await run.run(`UNWIND $ids AS id MATCH (r:CooperationRequest {id: id}) ${then}`, { ids })));
  const histories = new Map<string, Array<CooperationEventRecord & { seq: number }>>();
  for (const row of rows) {
    const list = histories.get(String(row.request)) ?? [];
    list.push({ seq: Number(row.seq), at: String(row.at), by: String(row.by), kind: String(row.kind) as CooperationEventRecord['kind'], text: orNull(row.text) });
    histories.set(String(row.request), list);
  }
  return new Map([...histories].map(([id, list]) => [id, list.sort((a, b) => a.seq - b.seq).map(({ seq: _seq, ...e }) => e)]));
}

/** Stored rows as records, with their histories. */
async function records(run: Runner, rows: readonly Row[]): Promise<CooperationRecord[]> {
  const histories = await historiesOf(run, rows.map((r) => String(r.id)));
  return rows.map((r) => toRecord(r, histories.get(String(r.id)) ?? []));
}

/** One request by id (in a write transaction, or the store's reads): an equality on the key. */
export async function requestById(run: Runner, id: string): Promise<CooperationRecord | null> {
  const rows = await run.run(`MATCH (r:CooperationRequest) WHERE r.id = $id RETURN ${COLUMNS}`, { id });
  return (await records(run, rows))[0] ?? null;
}

/**
 * The stored requester is `requester`: issuer, subject and country, all three
 * (sameCaller's test, in the store's query; the one place a query names them).
 */
const REQUESTER_IS = '(r.requesterIssuer = $requesterIssuer AND r.requesterSubject = $requesterSubject AND r.requesterCountry = $requesterCountry)';
const requesterParams = (requester: Requester) => ({
  requesterIssuer: requester.issuer, requesterSubject: requester.subject, requesterCountry: requester.country,
});

/** The columns a decision, answer, withdrawal or revocation can change. */
const CHANGING = ['state', 'deadline', 'decidedAt', 'decision', 'decisionReason', 'grant', 'grantExpiresOn'] as const;

/** Writes what a step changed of `before` (its columns that differ, its new history steps). */
export async function updateRequest(tx: Transaction, before: CooperationRecord, after: CooperationRecord): Promise<void> {
  const [was, is] = [toRow(before), toRow(after)];
  const changed = CHANGING.filter((c) => was[c] !== is[c]);
  if (changed.length) {
    await tx.run(`MATCH (r:CooperationRequest) WHERE r.id = $id SET ${changed.map((c) => `r.${c} = $${c}`).join(', ')}`, {
      id: is.id, ...Object.fromEntries(changed.map((c) => [c, is[c]])),
    });
  }
  await appendEvents(tx, after.history.slice(before.history.length).map((event, i) => ({ requestId: after.id, n: before.history.length + i + 1, event })));
}

/** Which requests a store query may return: all (staff), or those of an owner country and/or a requester. */
export type CooperationScope = { all: true } | { owner?: string; requester?: Requester } | null;

export interface CooperationQuery {
  scope: CooperationScope;
  /** A computed state, expressed on the stored state and the clock. */
  state?: CooperationState | null;
  overdue?: boolean | null;
  /** ISO 8601 datetime and its UTC day. */
  now: string;
  today: string;
  limit: number;
  /** Only requests after this one in the list's order (deadline, then seq): the next page's start. */
  after?: { deadline: string; seq: number } | null;
}

/**
 * The stored condition for a computed state at `now` (OVERDUE and EXPIRED are never stored).
 * Parameters are set only where named: Kùzu refuses a query given parameters it does not use.
 */
function stateWhere(state: CooperationState, where: string[], params: Record<string, unknown>, q: Pick<CooperationQuery, 'now' | 'today'>): void {
  if (state === 'OVERDUE') {
    where.push('r.state IN $deadlineStates AND r.deadline < $now');
    Object.assign(params, { now: q.now, deadlineStates: [...DEADLINE_STATES] });
  } else if (state === 'EXPIRED') {
    where.push('r.state IN $grantedStates AND r.grantExpiresOn < $today');
    Object.assign(params, { today: q.today, grantedStates: [...GRANTED_STATES] });
  } else {
    where.push('r.state = $state');
    params.state = state;
    if ((DEADLINE_STATES as readonly string[]).includes(state)) {
      where.push('r.deadline >= $now');
      params.now = q.now;
    }
    if ((GRANTED_STATES as readonly string[]).includes(state)) {
      where.push('r.grantExpiresOn >= $today');
      params.today = q.today;
    }
  }
}

/** The inbox: requests in scope, of a computed state, overdue or not; earliest deadline first. */
export async function listRequests(run: Runner, q: CooperationQuery): Promise<CooperationRecord[]> {
  if (!q.scope) return [];
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: q.limit };
  if (!('all' in q.scope)) {
    const either: string[] = [];
    if (q.scope.owner) {
      either.push('r.owner = $owner');
      params.owner = q.scope.owner;
    }
    if (q.scope.requester) {
      either.push(REQUESTER_IS);
      Object.assign(params, requesterParams(q.scope.requester));
    }
    if (!either.length) return [];
    where.push(`(${either.join(' OR ')})`);
  }
  if (q.state) stateWhere(q.state, where, params, q);
  if (q.overdue === true) stateWhere('OVERDUE', where, params, q);
  if (q.overdue === false) {
    where.push('NOT (r.state IN $deadlineStates AND r.deadline < $now)');
    Object.assign(params, { now: q.now, deadlineStates: [...DEADLINE_STATES] });
  }
  if (q.after) {
    where.push('(r.deadline > $afterDeadline OR (r.deadline = $afterDeadline AND r.seq > $afterSeq))');
    Object.assign(params, { afterDeadline: q.after.deadline, afterSeq: q.after.seq });
  }
  const cypher = `MATCH (r:CooperationRequest)${where.length ? ` WHERE ${where.join(' AND ')}` : ''} RETURN ${COLUMNS} ORDER BY deadline, seq LIMIT $limit`;
  return records(run, await run.run(cypher, params));
}

/** The granted requests of one owner to one requester whose grant runs through `today` or later (revocation is a state). */
export async function grantedRequests(run: Runner, owner: string, requester: Requester, today: string): Promise<CooperationRecord[]> {
  const rows = await run.run(
    `MATCH (r:CooperationRequest) WHERE r.owner = $owner AND ${REQUESTER_IS} AND r.state IN $states AND r.grantExpiresOn >= $today ` +
      `RETURN ${COLUMNS} ORDER BY seq`,
    { owner, ...requesterParams(requester), states: [...GRANTED_STATES], today },
  );
  return records(run, rows);
}

/**
 * The requests of one owner awaiting its decision (filed, or answered by the requester; overdue ones
 * too), earliest deadline first, at most `limit`: what the attention badge counts.
 */
export async function awaitingOwner(run: Runner, owner: string, limit: number): Promise<CooperationRecord[]> {
  const rows = await run.run(
    `MATCH (r:CooperationRequest) WHERE r.owner = $owner AND r.state IN $states RETURN ${COLUMNS} ORDER BY deadline, seq LIMIT $limit`,
    { owner, states: [...DEADLINE_STATES], limit },
  );
  return records(run, rows);
}

/** The key of a caller's inbox marker: issuer, subject and country, all three (sameCaller). */
const seenKey = (caller: Requester) => JSON.stringify([caller.issuer, caller.subject, caller.country]);

/** When the caller last opened its cooperation inbox (ISO 8601), or null: never. */
export async function inboxSeenAt(run: Runner, caller: Requester): Promise<string | null> {
  const rows = await run.run('MATCH (s:InboxSeen) WHERE s.key = $key RETURN s.seenAt AS seenAt', { key: seenKey(caller) });
  return orNull(rows[0]?.seenAt);
}

/** Records that the caller opened its cooperation inbox at `at`: one marker per caller, overwritten. */
export async function markInboxSeen(tx: Runner, caller: Requester, at: string): Promise<void> {
  await tx.run('MERGE (s:InboxSeen {key: $key}) SET s.seenAt = $at', { key: seenKey(caller), at });
}

/** What the overview counts: every request's parties, state, times and grant expiry. */
export async function allRequests(run: Runner): Promise<CooperationRecord[]> {
  return records(run, await run.run(`MATCH (r:CooperationRequest) RETURN ${COLUMNS} ORDER BY deadline, seq`));
}

/**
 * Moves the histories a store from before the events kept as JSON in the request's `history` into
 * events, a batch of requests per transaction (a crash resumes where it stopped: a moved request's
 * column is empty). Returns the requests moved.
 */
export async function moveLegacyHistories(store: Store): Promise<number> {
  const BATCH = 500;
  let moved = 0;
  for (let full = true; full;) {
    const rows = await store.read("MATCH (r:CooperationRequest) WHERE r.history <> '' RETURN r.id AS id, r.history AS history LIMIT $batch", { batch: BATCH });
    if (rows.length) {
      await store.write(async (tx) => {
        await appendEvents(tx, rows.flatMap((r) => json<CooperationEventRecord[]>(r.history, []).map((event, i) => ({ requestId: String(r.id), n: i + 1, event }))));
        for (const r of rows) await tx.run("MATCH (r:CooperationRequest) WHERE r.id = $id SET r.history = ''", { id: String(r.id) });
      });
    }
    moved += rows.length;
    full = rows.length === BATCH; // a batch not full was the last
  }
  return moved;
}
