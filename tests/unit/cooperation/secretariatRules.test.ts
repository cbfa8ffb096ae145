/**
 * The pure parts of cooperation at the secretariat: answer deadlines and their
 * setting, the states computed from the clock, which records a caller is
 * pointed at, the median, and the protocol's cooperation rules both ways.
 */
import { readFileSync } from 'node:fs';
import { makeId, type RequestIdentity } from '@enlace/platform';
import { protocolPath } from '@enlace/member';
import {
  DEFAULT_DEADLINES, deadlineFrom, grantHolds, loadSecretariatProtocol, median, parseDeadlines, readSecretariatProtocol, SecretariatAuthz,
  stateAt, subjectRecordShown, type CooperationRecord,
} from '@enlace/secretariat';

const HOUR = 3_600_000;
const ISSUER = 'https://issuer.enlace.dev.local';

describe('COOPERATION_DEADLINES', () => {
  test('defaults: urgent 8 hours, normal 3 days, non-urgent 14 days', () => {
    expect(parseDeadlines(undefined)).toEqual({ URGENT: 8 * HOUR, NORMAL: 72 * HOUR, NON_URGENT: 14 * 24 * HOUR });
    expect(parseDeadlines('  ')).toEqual(DEFAULT_DEADLINES);
  });

  test('a network sets some or all, in minutes, hours or days', () => {
    expect(parseDeadlines('URGENT=4h,NORMAL=2d,NON_URGENT=10d')).toEqual({ URGENT: 4 * HOUR, NORMAL: 48 * HOUR, NON_URGENT: 240 * HOUR });
    expect(parseDeadlines('URGENT = 90m')).toEqual({ ...DEFAULT_DEADLINES, URGENT: 1.5 * HOUR });
  });

  test.each([
    ['URGENT=8', /"URGENT=8" is not URGENCY=<number><m\|h\|d>/],
    ['URGENT=8w', /is not URGENCY=/],
    ['SOON=8h', /"SOON" is not an urgency/],
    ['URGENT=8h,URGENT=4h', /URGENT is given twice/],
    ['URGENT=0h', /at least one minute/],
    ['urgent=8h', /is not URGENCY=/],
  ])('%s stops the start with a clear message', (value, message) => {
    expect(() => parseDeadlines(value)).toThrow(message);
    expect(() => parseDeadlines(value)).toThrow(/^COOPERATION_DEADLINES: /);
  });

  test('a deadline is the filing (or answer) time plus the urgency\'s period', () => {
    const at = new Date('2026-03-02T22:30:00.000Z');
    expect(deadlineFrom(at, 'URGENT', DEFAULT_DEADLINES)).toBe('2026-03-03T06:30:00.000Z');
    expect(deadlineFrom(at, 'NORMAL', DEFAULT_DEADLINES)).toBe('2026-03-05T22:30:00.000Z');
    expect(deadlineFrom(at, 'NON_URGENT', parseDeadlines('NON_URGENT=1d'))).toBe('2026-03-03T22:30:00.000Z');
  });
});

const VICTIM = makeId('AR', 'P', 3);
const SUSPECT = makeId('AR', 'P', 1);
const request = (over: Partial<CooperationRecord> = {}): CooperationRecord => ({
  id: makeId('XS', 'R', 1), seq: 1, state: 'FILED', requester: { issuer: ISSUER, subject: 'prosecutor@co', country: 'CO' }, owner: 'AR',
  legalBasis: 'DIRECT_COOPERATION', legalInstrument: null, urgency: 'NORMAL', filedAt: '2026-03-01T09:00:00.000Z', deadline: '2026-03-04T09:00:00.000Z',
  decidedAt: null, subjects: [{ given: VICTIM, kind: 'PERSON', recordId: VICTIM }, { given: 'ref-1', kind: 'PERSON', recordId: SUSPECT }],
  scope: ['person.identity'], purpose: 'p', caseRef: 'c', reason: 'r', decision: null, decisionReason: null, grant: null, history: [], ...over,
});
const granted = (over: Partial<NonNullable<CooperationRecord['grant']>> = {}, state: CooperationRecord['state'] = 'PARTLY_GRANTED') => request({
  state, grant: { id: makeId('XS', 'G', 1), scope: ['person.identity'], subjects: [VICTIM], expiresOn: '2026-03-10', conditions: null, handlingCode: null, revokedAt: null, revokedBy: null, ...over },
});

describe('states computed at read time', () => {
  test('undecided past the deadline is OVERDUE; awaiting the requester never is', () => {
    expect(stateAt(request(), new Date('2026-03-04T08:59:59.999Z'))).toBe('FILED');
    expect(stateAt(request(), new Date('2026-03-04T09:00:00.001Z'))).toBe('OVERDUE');
    expect(stateAt(request({ state: 'AWAITING_OWNER' }), new Date('2026-03-05T00:00:00Z'))).toBe('OVERDUE');
    expect(stateAt(request({ state: 'AWAITING_REQUESTER' }), new Date('2026-04-01T00:00:00Z'))).toBe('AWAITING_REQUESTER');
    expect(stateAt(request({ state: 'REFUSED' }), new Date('2026-04-01T00:00:00Z'))).toBe('REFUSED');
  });

  test('a grant holds through its last day (UTC), then the request is EXPIRED; a revoked grant holds no more', () => {
    expect(stateAt(granted(), new Date('2026-03-10T23:59:59Z'))).toBe('PARTLY_GRANTED');
    expect(grantHolds(granted(), new Date('2026-03-10T23:59:59Z'))).toBe(true);
    expect(stateAt(granted(), new Date('2026-03-11T00:00:00Z'))).toBe('EXPIRED');
    expect(grantHolds(granted(), new Date('2026-03-11T00:00:00Z'))).toBe(false);
    expect(grantHolds(granted({ revokedAt: '2026-03-05T00:00:00Z', revokedBy: 'AR' }, 'REVOKED'), new Date('2026-03-06T00:00:00Z'))).toBe(false);
  });
});

describe('which records a caller is pointed at', () => {
  const now = new Date('2026-03-05T00:00:00Z');
  const requester = { issuer: ISSUER, subject: 'prosecutor@co', country: 'CO' };
  test('the owner\'s side always', () => {
    expect(subjectRecordShown(request(), VICTIM, { issuer: 'x', subject: 'analyst@ar', country: 'AR' }, now)).toBe(true);
  });
  test('the requester only on granted subjects while the grant holds', () => {
    expect(subjectRecordShown(request(), VICTIM, requester, now)).toBe(false);
    expect(subjectRecordShown(granted(), VICTIM, requester, now)).toBe(true);
    expect(subjectRecordShown(granted(), 'ref-1', requester, now)).toBe(false);
    expect(subjectRecordShown(granted(), VICTIM, requester, new Date('2026-03-11T00:00:00Z'))).toBe(false);
    expect(subjectRecordShown(granted({ revokedAt: '2026-03-04T00:00:00Z', revokedBy: 'CO' }, 'REVOKED'), VICTIM, requester, now)).toBe(false);
  });
  test('nobody else, not even the requester\'s colleague, the same subject of another issuer or of another country', () => {
    expect(subjectRecordShown(granted(), VICTIM, { ...requester, subject: 'fiscal-2@co' }, now)).toBe(false);
    expect(subjectRecordShown(granted(), VICTIM, { ...requester, issuer: 'https://other.idp' }, now)).toBe(false);
    expect(subjectRecordShown(granted(), VICTIM, { ...requester, country: 'PE' }, now)).toBe(false);
    expect(subjectRecordShown(granted(), VICTIM, { issuer: ISSUER, subject: 'prosecutor@pe', country: 'PE' }, now)).toBe(false);
  });
});

test('median: the middle value, the mean of the two middle ones, or none', () => {
  expect(median([])).toBeNull();
  expect(median([5, 1, 3])).toBe(3);
  expect(median([4, 1, 10, 2])).toBe(3);
});

describe('the cooperation rules, both ways', () => {
  const protocol = loadSecretariatProtocol();
  const rule = (name: string) => protocol.rules.get(name)!;
  const as = (country: string, roles: string[], subject = `${roles[0]}@${country.toLowerCase()}`, issuer = ISSUER) =>
    new SecretariatAuthz(protocol, {
      caller: { subject, issuer, country, organisation: '', roles: roles as RequestIdentity['caller']['roles'] }, purpose: 'Investigation', caseRef: 'REF-1',
    });
  const r = request();
  const REQUESTER = as('CO', ['prosecutor']);
  const cases: Array<[string, SecretariatAuthz, Record<string, boolean>]> = [
    ['the requester', REQUESTER, { known: true, metadata: true, detail: true, file: false, decide: false, answer: true, withdraw: true, revoke: true, grants: false }],
    ['the owner\'s prosecutor', as('AR', ['prosecutor']), { known: true, metadata: true, detail: true, file: false, decide: true, answer: false, withdraw: false, revoke: true, grants: false }],
    ['the owner\'s analyst', as('AR', ['analyst']), { known: true, metadata: true, detail: false, file: false, decide: false, answer: false, withdraw: false, revoke: false, grants: false }],
    ['the owner\'s system', as('AR', ['service'], 'service@ar'), { known: true, metadata: true, detail: false, file: true, decide: false, answer: false, withdraw: false, revoke: false, grants: true }],
    ['the owner\'s auditor', as('AR', ['auditor']), { known: false, metadata: false, detail: false, file: false, decide: false, answer: false, withdraw: false, revoke: false, grants: false }],
    ['staff', as('XS', ['secretariat']), { known: true, metadata: true, detail: false, file: false, decide: false, answer: false, withdraw: false, revoke: false, grants: false }],
    ['another member\'s prosecutor', as('PE', ['prosecutor']), { known: false, metadata: false, detail: false, file: false, decide: false, answer: false, withdraw: false, revoke: false, grants: false }],
    ['another member\'s system', as('PE', ['service'], 'service@pe'), { known: false, metadata: false, detail: false, file: false, decide: false, answer: false, withdraw: false, revoke: false, grants: false }],
    ['the requester\'s colleague', as('CO', ['prosecutor'], 'fiscal-2@co'), { known: false, metadata: false, detail: false, file: false, decide: false, answer: false, withdraw: false, revoke: false, grants: false }],
    ['the requester\'s namesake in another country (same issuer and subject)', as('PE', ['prosecutor'], 'prosecutor@co'), { known: false, metadata: false, detail: false, file: false, decide: false, answer: false, withdraw: false, revoke: false, grants: false }],
    ['a partner', as('XP', ['partner']), { known: false, metadata: false, detail: false, file: false, decide: false, answer: false, withdraw: false, revoke: false, grants: false }],
  ];
  test.each(cases)('%s', (_who, authz, expected) => {
    const actual = Object.fromEntries(Object.keys(expected).map((k) => [k, authz.allows(rule(`cooperation.${k}`), r)]));
    expect(actual).toEqual(expected);
    expect(authz.knows('CooperationRequest', r)).toBe(expected.known);
  });

  test('the overview: staff only; nothing without a purpose', () => {
    expect(as('XS', ['secretariat']).mayAny(rule('cooperation.overview'))).toBe(true);
    expect(as('AR', ['prosecutor']).mayAny(rule('cooperation.overview'))).toBe(false);
    const noPurpose = new SecretariatAuthz(protocol, { caller: { subject: 'prosecutor@co', issuer: ISSUER, country: 'CO', organisation: '', roles: ['prosecutor'] }, purpose: null, caseRef: null });
    expect(noPurpose.knows('CooperationRequest', r)).toBe(false);
    expect(noPurpose.cooperationScope()).toBeNull();
  });

  test('store queries are narrowed to the caller\'s side, the requester on all three of issuer, subject and country', () => {
    expect(as('XS', ['secretariat']).cooperationScope()).toEqual({ all: true });
    expect(REQUESTER.cooperationScope()).toEqual({ owner: 'CO', requester: { issuer: ISSUER, subject: 'prosecutor@co', country: 'CO' } });
    expect(as('XP', ['partner']).cooperationScope()).toEqual({ requester: { issuer: ISSUER, subject: 'partner@xp', country: 'XP' } });
  });

  test('the requester and owner conditions read a cooperation request only', () => {
    const doc = JSON.parse(readFileSync(protocolPath(), 'utf8'));
    const withRule = (name: string, patch: Record<string, unknown>) => ({ ...doc, secretariat: { ...doc.secretariat, rules: { ...doc.secretariat.rules, [name]: { ...doc.secretariat.rules[name], ...patch } } } });
    expect(() => readSecretariatProtocol(withRule('jit.known', { anyOf: [{ caller: 'owner' }] }))).toThrow(/its rule's subject must be CooperationRequest/);
    expect(() => readSecretariatProtocol(withRule('cooperation.overview', { anyOf: [{ caller: 'requester' }] }))).toThrow(/no subject/);
  });
});
