/**
 * Validation of a filing and of a grant: every problem is BAD_USER_INPUT naming
 * the argument (`input.subjects[1].recordId`, `grant.scope[0]`), before anything
 * is written. What needs the directory (is the owner a member) is checked in
 * the write's transaction.
 */
import { badInput, isIsoDate, isPlaceholderText, ownerOf, validate as v, type OnBehalfOf } from '@enlace/platform';
import { memberRecordId } from '../input';
import { SECRETARIAT_CODE } from '../storeSchema';
import { deadlineFrom, type DeadlinePeriods } from './deadlines';
import type { CooperationRecord, CooperationSubjectRecord, GrantRecord } from './record';
import type { CooperationFiling, CooperationFilingSubject, CooperationGrantInput } from '../generated/resolvers';

const MAX_SUBJECTS = 20;
const MAX_SCOPE = 20;
/** A hit/no-hit reference is at most 400 characters. */
const MAX_GIVEN = 400;
const MAX_REASON = 2000;
const MAX_GRANT_DAYS = 365;
const HANDLING_CODES = ['H0', 'H1', 'H2', 'H3'];
const DAY_MS = 86_400_000;

/** A list of 1..max distinct non-empty strings. */
function distinctTexts(field: string, values: readonly string[] | null | undefined, max: number, maxLength: number): string[] {
  const list = values ?? [];
  if (!list.length) throw badInput(field, 'must name at least one');
  if (list.length > max) throw badInput(field, `must name at most ${max}`);
  const seen = new Set<string>();
  return list.map((value, i) => {
    const s = v.requiredText(`${field}[${i}]`, value, maxLength);
    if (seen.has(s)) throw badInput(`${field}[${i}]`, `"${s}" is named twice`);
    seen.add(s);
    return s;
  });
}

/** A purpose or case reference: required, and not a placeholder (`<why you need these records>`), which the log would keep as if it were one. */
function stated(field: string, value: unknown, max: number): string {
  const s = v.requiredText(field, value, max);
  if (isPlaceholderText(s)) throw badInput(field, 'holds a placeholder: state the real one');
  return s;
}

function subjectsOf(list: readonly CooperationFilingSubject[], owner: string): CooperationSubjectRecord[] {
  if (!list.length) throw badInput('input.subjects', 'must name at least one record');
  if (list.length > MAX_SUBJECTS) throw badInput('input.subjects', `must name at most ${MAX_SUBJECTS} records`);
  const seen = new Set<string>();
  return list.map((s, i) => {
    const at = `input.subjects[${i}]`;
    const given = v.requiredText(`${at}.given`, s.given, MAX_GIVEN);
    if (seen.has(given)) throw badInput(`${at}.given`, 'names a subject already named');
    seen.add(given);
    const kind = s.kind === 'CASE' ? 'CASE' : 'PERSON';
    const recordId = memberRecordId(`${at}.recordId`, s.recordId, kind === 'CASE' ? 'C' : 'P');
    if (ownerOf(recordId) !== owner) throw badInput(`${at}.recordId`, `must be a record of the owner (${owner})`);
    return { given, kind, recordId };
  });
}

/**
 * A request as the owner's system files it for `requester` (the service token's obo), at `now`.
 * The owner's membership of the network is left to the transaction.
 */
export function filingOf(input: CooperationFiling, requester: OnBehalfOf | undefined, now: Date, periods: DeadlinePeriods): CooperationRecord {
  const owner = v.country('input.owner', input.owner);
  if (!requester) throw badInput('obo', "a filing names the requester it is made for (the service token's obo claim)");
  if (requester.country === SECRETARIAT_CODE) throw badInput('obo', 'the secretariat files no cooperation requests');
  if (requester.country === owner) throw badInput('input.owner', 'a member asks another member: the owner is the requester’s own country');
  const { legalBasis, urgency } = input;
  const instrument = v.text('input.legalInstrument', input.legalInstrument, { max: 500, required: false });
  if (legalBasis === 'OTHER_INSTRUMENT' && !instrument) throw badInput('input.legalInstrument', 'names the instrument when the legal basis is OTHER_INSTRUMENT');
  if (legalBasis !== 'OTHER_INSTRUMENT' && instrument) throw badInput('input.legalInstrument', 'is given only with the legal basis OTHER_INSTRUMENT');
  const filedAt = now.toISOString();
  return {
    id: '', seq: 0, state: 'FILED',
    requester: { issuer: requester.issuer, subject: requester.subject, country: requester.country },
    owner, legalBasis, legalInstrument: instrument, urgency, filedAt, deadline: deadlineFrom(now, urgency, periods), decidedAt: null,
    subjects: subjectsOf(input.subjects, owner),
    scope: distinctTexts('input.scope', input.scope, MAX_SCOPE, 100),
    purpose: stated('input.purpose', input.purpose, 1000),
    caseRef: stated('input.caseRef', input.caseRef, 200),
    reason: v.requiredText('input.reason', input.reason, MAX_REASON),
    decision: null, decisionReason: null, grant: null,
    history: [{ at: filedAt, by: requester.country, kind: 'FILED', text: null }],
  };
}

/** Names drawn from what was requested: default all; each once, each requested. */
function partOf(field: string, values: readonly string[] | null | undefined, requested: readonly string[], what: string): string[] {
  if (values === null || values === undefined) return [...requested];
  const list = distinctTexts(field, values, Math.max(requested.length, 1), 400);
  list.forEach((s, i) => {
    if (!requested.includes(s)) throw badInput(`${field}[${i}]`, `"${s}" is not one of the request's ${what}`);
  });
  return list;
}

/** The grant a GRANT (everything requested) or PARTIAL (strictly less) decision gives, on `today` (UTC). */
export function grantOf(grant: CooperationGrantInput | null | undefined, partial: boolean, request: CooperationRecord, id: string, today: string): GrantRecord {
  if (!grant) throw badInput('grant', `is required to ${partial ? 'grant part of' : 'grant'} a request`);
  const scope = partOf('grant.scope', grant.scope, request.scope, 'scope');
  const subjects = partOf('grant.subjects', grant.subjects, request.subjects.map((s) => s.given), 'subjects');
  const whole = scope.length === request.scope.length && subjects.length === request.subjects.length;
  if (!partial && scope.length < request.scope.length) throw badInput('grant.scope', 'a GRANT covers the whole requested scope; grant less with PARTIAL');
  if (!partial && subjects.length < request.subjects.length) throw badInput('grant.subjects', 'a GRANT covers every subject; grant fewer with PARTIAL');
  if (partial && whole) throw badInput('decision', 'PARTIAL grants less than requested (fewer rules or subjects); to grant everything, decide GRANT');
  const { expiresOn } = grant;
  if (!isIsoDate(expiresOn)) throw badInput('grant.expiresOn', 'must be a date as YYYY-MM-DD');
  if (expiresOn < today) throw badInput('grant.expiresOn', 'must not be in the past');
  const latest = new Date(Date.parse(`${today}T00:00:00Z`) + MAX_GRANT_DAYS * DAY_MS).toISOString().slice(0, 10);
  if (expiresOn > latest) throw badInput('grant.expiresOn', `must be at most ${MAX_GRANT_DAYS} days ahead (${latest})`);
  const handlingCode = v.text('grant.handlingCode', grant.handlingCode, { max: 2, required: false });
  if (handlingCode && !HANDLING_CODES.includes(handlingCode)) throw badInput('grant.handlingCode', `must be one of ${HANDLING_CODES.join(', ')}`);
  return {
    id, scope, subjects, expiresOn, handlingCode,
    conditions: v.text('grant.conditions', grant.conditions, { max: MAX_REASON, required: false }),
    revokedAt: null, revokedBy: null,
  };
}

/** A reason, answer or question: required text, or optional. */
export const reasonText = (field: string, value: unknown, required: boolean) => v.text(field, value, { max: MAX_REASON, required });
