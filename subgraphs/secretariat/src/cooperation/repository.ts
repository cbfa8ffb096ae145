/** The cooperation requests' Cypher: parameterised, one node per request. */
import type { Row, Transaction } from '@enlace/store';
import type { Runner } from '../repository';
import {
  DEADLINE_STATES, GRANTED_STATES, type CooperationRecord, type CooperationState, type Requester, type StoredState,
} from './record';

const COLUMNS = [
  'id', 'seq', 'state', 'requesterIssuer', 'requesterSubject', 'requesterCountry', 'owner', 'legalBasis', 'legalInstrument', 'urgency',
  'filedAt', 'deadline', 'decidedAt', 'subjects', 'scope', 'purpose', 'caseRef', 'reason', 'decision', 'decisionReason', 'grant', 'history',
].map((c) => `r.${c} AS ${c}`).join(', ');

const orNull = <T = string>(v: unknown): T | null => (v === null || v === undefined || v === '' ? null : (String(v) as T));
const json = <T>(v: unknown, empty: T): T => (typeof v === 'string' && v ? (JSON.parse(v) as T) : empty);

const toRecord = (r: Row): CooperationRecord => ({
  id: String(r.id), seq: Number(r.seq), state: String(r.state) as StoredState,
  requester: { issuer: String(r.requesterIssuer), subject: String(r.requesterSubject), country: String(r.requesterCountry) },
  owner: String(r.owner), legalBasis: String(r.legalBasis) as CooperationRecord['legalBasis'], legalInstrument: orNull(r.legalInstrument),
  urgency: String(r.urgency) as CooperationRecord['urgency'], filedAt: String(r.filedAt), deadline: String(r.deadline), decidedAt: orNull(r.decidedAt),
  subjects: json(r.subjects, []), scope: json(r.scope, []), purpose: String(r.purpose), caseRef: String(r.caseRef), reason: String(r.reason),
  decision: orNull<CooperationRecord['decision'] & string>(r.decision), decisionReason: orNull(r.decisionReason),
  grant: json(r.grant, null), history: json(r.history, []),
});

const toRow = (c: CooperationRecord): Row => ({
  id: c.id, seq: c.seq, state: c.state, requesterIssuer: c.requester.issuer, requesterSubject: c.requester.subject,
  requesterCountry: c.requester.country, owner: c.owner, legalBasis: c.legalBasis, legalInstrument: c.legalInstrument ?? '', urgency: c.urgency,
  filedAt: c.filedAt, deadline: c.deadline, decidedAt: c.decidedAt ?? '', subjects: JSON.stringify(c.subjects), scope: JSON.stringify(c.scope),
  purpose: c.purpose, caseRef: c.caseRef, reason: c.reason, decision: c.decision ?? '', decisionReason: c.decisionReason ?? '',
  grant: c.grant ? JSON.stringify(c.grant) : '', grantExpiresOn: c.grant?.expiresOn ?? '', history: JSON.stringify(c.history),
});

export async function insertRequests(tx: Transaction, records: readonly CooperationRecord[]): Promise<void> {
  if (records.length) await tx.insertNodes('CooperationRequest', records.map(toRow));
}

/** One request by id (in a write transaction, or the store's reads): an equality on the key. */
export async function requestById(run: Runner, id: string): Promise<CooperationRecord | null> {
  const [row] = await run.run(`MATCH (r:CooperationRequest) WHERE r.id = $id RETURN ${COLUMNS}`, { id });
  return row ? toRecord(row) : null;
}

/**
 * The stored requester is `requester`: issuer, subject and country, all three
 * (sameCaller's test, in the store's query; the one place a query names them).
 */
const REQUESTER_IS = '(r.requesterIssuer = $requesterIssuer AND r.requesterSubject = $requesterSubject AND r.requesterCountry = $requesterCountry)';
const requesterParams = (requester: Requester) => ({
  requesterIssuer: requester.issuer, requesterSubject: requester.subject, requesterCountry: requester.country,
});

/** Writes everything a decision, answer, withdrawal or revocation can change. */
export async function updateRequest(tx: Runner, c: CooperationRecord): Promise<void> {
  const row = toRow(c);
  await tx.run(
    'MATCH (r:CooperationRequest {id: $id}) SET r.state = $state, r.deadline = $deadline, r.decidedAt = $decidedAt, r.decision = $decision, ' +
      'r.decisionReason = $decisionReason, r.grant = $grant, r.grantExpiresOn = $grantExpiresOn, r.history = $history',
    {
      id: row.id, state: row.state, deadline: row.deadline, decidedAt: row.decidedAt, decision: row.decision,
      decisionReason: row.decisionReason, grant: row.grant, grantExpiresOn: row.grantExpiresOn, history: row.history,
    },
  );
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
  const cypher = `MATCH (r:CooperationRequest)${where.length ? ` WHERE ${where.join(' AND ')}` : ''} RETURN ${COLUMNS} ORDER BY deadline, seq LIMIT $limit`;
  return (await run.run(cypher, params)).map(toRecord);
}

/** The granted requests of one owner to one requester whose grant runs through `today` or later (revocation is a state). */
export async function grantedRequests(run: Runner, owner: string, requester: Requester, today: string): Promise<CooperationRecord[]> {
  const rows = await run.run(
    `MATCH (r:CooperationRequest) WHERE r.owner = $owner AND ${REQUESTER_IS} AND r.state IN $states AND r.grantExpiresOn >= $today ` +
      `RETURN ${COLUMNS} ORDER BY seq`,
    { owner, ...requesterParams(requester), states: [...GRANTED_STATES], today },
  );
  return rows.map(toRecord);
}

/** What the overview counts: every request's parties, state, times and grant expiry. */
export async function allRequests(run: Runner): Promise<CooperationRecord[]> {
  return (await run.run(`MATCH (r:CooperationRequest) RETURN ${COLUMNS} ORDER BY deadline, seq`)).map(toRecord);
}
