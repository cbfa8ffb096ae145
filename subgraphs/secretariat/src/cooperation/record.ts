/**
 * A cooperation request as the secretariat keeps it, and what is computed from
 * it on every read against the clock: OVERDUE (undecided past its deadline),
 * EXPIRED (a grant past its last day), whether a grant holds, and which of the
 * owner's records a caller is pointed at. Pure functions: no store, no request.
 */
import { sameCaller, type CallerIdentity } from '@enlace/platform';
import type { Urgency } from './deadlines';

export const LEGAL_BASES = ['DIRECT_COOPERATION', 'MUTUAL_LEGAL_ASSISTANCE', 'JIT_AGREEMENT', 'OTHER_INSTRUMENT'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];
/** What the store holds; OVERDUE and EXPIRED are only ever computed. */
export const STORED_STATES = ['FILED', 'AWAITING_OWNER', 'AWAITING_REQUESTER', 'GRANTED', 'PARTLY_GRANTED', 'REFUSED', 'WITHDRAWN', 'REVOKED'] as const;
export type StoredState = (typeof STORED_STATES)[number];
export const STATES = [...STORED_STATES, 'EXPIRED', 'OVERDUE'] as const;
export type CooperationState = (typeof STATES)[number];
export type Decision = 'GRANT' | 'PARTIAL' | 'REFUSE' | 'ASK_MORE';
export type RecordKind = 'PERSON' | 'CASE';
export type EventKind = 'FILED' | 'ASK_MORE' | 'ANSWER' | 'DECISION' | 'WITHDRAWN' | 'REVOKED';

/** Undecided: the owner may still decide, the requester withdraw. */
export const OPEN_STATES: readonly StoredState[] = ['FILED', 'AWAITING_OWNER', 'AWAITING_REQUESTER'];
/** Awaiting the owner: the deadline runs. */
export const DEADLINE_STATES: readonly StoredState[] = ['FILED', 'AWAITING_OWNER'];
export const GRANTED_STATES: readonly StoredState[] = ['GRANTED', 'PARTLY_GRANTED'];

/** Who filed it: issuer, subject and country, all three matched (sameCaller). */
export type Requester = CallerIdentity;
export interface CooperationSubjectRecord { given: string; kind: RecordKind; recordId: string }
export interface CooperationEventRecord { at: string; by: string; kind: EventKind; text: string | null }
export interface GrantRecord {
  id: string; scope: string[];
  /** The `given` values of the subjects it covers. */
  subjects: string[];
  /** The last day it holds (UTC). */
  expiresOn: string;
  conditions: string | null; handlingCode: string | null; revokedAt: string | null; revokedBy: string | null;
}

export interface CooperationRecord {
  id: string; seq: number; state: StoredState;
  requester: Requester; owner: string;
  legalBasis: LegalBasis; legalInstrument: string | null; urgency: Urgency;
  filedAt: string; deadline: string; decidedAt: string | null;
  subjects: CooperationSubjectRecord[]; scope: string[];
  purpose: string; caseRef: string; reason: string;
  decision: Decision | null; decisionReason: string | null;
  grant: GrantRecord | null;
  history: CooperationEventRecord[];
}

const dayOf = (now: Date) => now.toISOString().slice(0, 10);

/** The state a reader sees at `now`. */
export function stateAt(r: Pick<CooperationRecord, 'state' | 'deadline' | 'grant'>, now: Date): CooperationState {
  if (DEADLINE_STATES.includes(r.state) && r.deadline < now.toISOString()) return 'OVERDUE';
  if (GRANTED_STATES.includes(r.state) && r.grant && r.grant.expiresOn < dayOf(now)) return 'EXPIRED';
  return r.state;
}

/** Whether the request's grant opens anything at `now`: granted, not revoked, not past its last day. */
export function grantHolds(r: Pick<CooperationRecord, 'state' | 'deadline' | 'grant'>, now: Date): boolean {
  const state = stateAt(r, now);
  return (state === 'GRANTED' || state === 'PARTLY_GRANTED') && !!r.grant && !r.grant.revokedAt;
}

export const isRequester = (r: Pick<CooperationRecord, 'requester'>, caller: CallerIdentity) => sameCaller(r.requester, caller);

/**
 * Whether a caller who sees the request's detail is pointed at a subject's record:
 * the owner's side always (its own record); the requester only while a grant holds
 * and covers that subject. Anyone else never.
 */
export function subjectRecordShown(
  r: Pick<CooperationRecord, 'state' | 'deadline' | 'grant' | 'owner' | 'requester'>,
  given: string,
  caller: CallerIdentity,
  now: Date,
): boolean {
  if (caller.country === r.owner) return true;
  return isRequester(r, caller) && grantHolds(r, now) && r.grant!.subjects.includes(given);
}

/** Why a subject's record is withheld from the requester (SUBJECT_WITHHELD's `reason`). */
export type WithheldReason = 'undecided' | 'refused' | 'withdrawn' | 'revoked' | 'expired' | 'not-granted';

/**
 * Why the requester is not pointed at a subject's record (subjectRecordShown is false for it),
 * from what the requester already sees of its own request: its state and grant.
 */
export function withheldReason(r: Pick<CooperationRecord, 'state' | 'deadline' | 'grant'>, given: string, now: Date): WithheldReason {
  const state = stateAt(r, now);
  if (r.grant?.revokedAt || state === 'REVOKED') return 'revoked';
  if (state === 'EXPIRED') return 'expired';
  if (state === 'REFUSED') return 'refused';
  if (state === 'WITHDRAWN') return 'withdrawn';
  if (r.grant && !r.grant.subjects.includes(given)) return 'not-granted';
  return 'undecided';
}
