/**
 * Cooperation requests at the secretariat, over HTTP: filing by the owner's
 * system for the requester, who sees which field, the decisions both ways,
 * computed OVERDUE/EXPIRED on a clock the test moves, the grants an owner's
 * system enforces, the inboxes and the overview. A secretariat of its own (empty
 * of requests, with a movable clock) beside a test network that provides the
 * tokens; the network's own seeded secretariat shows the seed's demo grant.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenVerifier, makeId, SECRETARIAT_AUDIENCE, type Caller, type Role } from '@enlace/platform';
import { KuzuStore } from '@enlace/store';
import { seedSecretariat, startSecretariat, type RunningSecretariat } from '@enlace/secretariat';
import { ANCHORS, DEMO_GRANT, generateSecretariat } from '@enlace/scripts/seed/generate';
import { bearer, gql, SEED, startNetwork, type TestNetwork } from '../support/network';

const COUNTRIES = ['AR', 'CO', 'PE'];
const HOUR = 3_600_000;
let net: TestNetwork;
let sec: RunningSecretariat;
let dir: string;
/** The secretariat's clock: moved forward by the tests, in order. */
let clock = Date.parse('2026-03-02T09:00:00.000Z');
const today = () => new Date(clock).toISOString().slice(0, 10);
const dayAfter = (days: number) => new Date(clock + days * 24 * HOUR).toISOString().slice(0, 10);

beforeAll(async () => {
  net = await startNetwork({ countries: COUNTRIES, persons: 10 });
  dir = mkdtempSync(join(tmpdir(), 'enlace-coop-'));
  const store = new KuzuStore({ path: ':memory:', bufferPoolBytes: 64 * 1024 * 1024, readConnections: 1 });
  await seedSecretariat(store, { ...generateSecretariat(COUNTRIES, SEED), requests: [] });
  sec = await startSecretariat({
    store,
    verifier: createTokenVerifier(net.trust.trustedIssuers, { members: COUNTRIES, partners: net.trust.partners, serviceAudience: SECRETARIAT_AUDIENCE }),
    now: () => new Date(clock),
    audit: { path: join(dir, 'audit.log') },
  });
});
afterAll(async () => {
  await sec?.close();
  await net?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Who { country: string; roles: Role[]; subject?: string }
const CO_P: Who = { country: 'CO', roles: ['prosecutor'] }; // the requester: prosecutor@co
const AR_P: Who = { country: 'AR', roles: ['prosecutor'] }; // the owner's prosecutor
const AR_A: Who = { country: 'AR', roles: ['analyst'] };
const PE_P: Who = { country: 'PE', roles: ['prosecutor'] };
const OTHER_CO: Who = { country: 'CO', roles: ['prosecutor'], subject: 'fiscal-2@co' };
const STAFF: Who = { country: 'XS', roles: ['secretariat'] };
const PARTNER: Who = { country: 'XP', roles: ['partner'] };
const AR_AUDITOR: Who = { country: 'AR', roles: ['auditor'] };

const callerOf = (who: Who): Caller => ({
  subject: who.subject ?? `${who.roles[0]}@${who.country.toLowerCase()}`, issuer: net.issuer.issuer, country: who.country, organisation: '', roles: who.roles,
});

type Body = { data?: any; errors?: any[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
async function ask(who: Who, query: string, variables: Record<string, unknown> = {}, { purpose = true, url = sec.url } = {}): Promise<Body> {
  const token = await net.token({ country: who.country, roles: who.roles, subject: who.subject });
  const headers = purpose ? bearer(token, 'Investigation of a trafficking network', 'CO-2026-TIP-1') : { authorization: `Bearer ${token}` };
  return (await gql(url, query, variables, headers)).body;
}
/** As the owner member's system (service of `service`), for `requester`. */
async function asService(service: string, requester: Who | null, query: string, variables: Record<string, unknown> = {}, url = sec.url): Promise<Body> {
  const token = await net.services.get(service)!.token(requester ? callerOf(requester) : undefined);
  return (await gql(url, query, variables, bearer(token, 'Investigation of a trafficking network', 'CO-2026-TIP-1'))).body;
}
const errorOf = (b: Body) => b.errors?.[0]?.extensions;
const codes = (b: Body) => (b.errors ?? []).map((e) => e.extensions?.code);

const AR_VICTIM = makeId('AR', 'P', ANCHORS.victimAdultSeq);
const AR_SUSPECT = makeId('AR', 'P', ANCHORS.suspectSeq);
const AR_CASE = makeId('AR', 'C', ANCHORS.tipCaseSeq);
const filing = (over: Record<string, unknown> = {}) => ({
  owner: 'AR',
  subjects: [{ given: AR_VICTIM, kind: 'PERSON', recordId: AR_VICTIM }, { given: 'HIT-REF-opaque-1', kind: 'PERSON', recordId: AR_SUSPECT }],
  scope: ['person.identity', 'person.documents'],
  purpose: 'Investigation of a trafficking network', caseRef: 'CO-2026-TIP-1', legalBasis: 'DIRECT_COOPERATION', urgency: 'NORMAL',
  reason: 'The victim was recruited in our country.', ...over,
});

const META = 'id state overdue requesterCountry owner legalBasis legalInstrument urgency filedAt deadline decidedAt';
const DETAIL = 'requester subjects { given kind person { id } case { id } } scope purpose caseRef reason decision decisionReason grant { id scope subjects expiresOn conditions handlingCode revokedAt revokedBy } history { at by kind text }';
const FILE = `mutation($i: CooperationFiling!) { fileCooperationRequest(input: $i) { ${META} ${DETAIL} } }`;
const ONE = `query($id: ID!) { cooperationRequest(id: $id) { ${META} ${DETAIL} } }`;
const DECIDE = `mutation($id: ID!, $d: CooperationDecision!, $g: CooperationGrantInput, $r: String) { decideCooperationRequest(id: $id, decision: $d, grant: $g, reason: $r) { ${META} ${DETAIL} } }`;
const ANSWER = `mutation($id: ID!, $a: String!) { answerCooperationRequest(id: $id, answer: $a) { ${META} history { kind by text } } }`;
const WITHDRAW = `mutation($id: ID!, $r: String) { withdrawCooperationRequest(id: $id, reason: $r) { id state history { kind } } }`;
const REVOKE = `mutation($id: ID!, $r: String) { revokeGrant(id: $id, reason: $r) { id state grant { revokedAt revokedBy } } }`;
const GRANTS = '{ cooperationGrants { id requestId records scope purpose caseRef legalBasis expiresOn } }';
const INBOX = 'query($f: CooperationFilter) { cooperationRequests(filter: $f) { id state overdue owner requesterCountry deadline } }';

async function file(over: Record<string, unknown> = {}, requester: Who = CO_P, owner = 'AR'): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  // The owner's system that files sees the metadata only.
  const body = await asService(owner, requester, `mutation($i: CooperationFiling!) { fileCooperationRequest(input: $i) { ${META} } }`, { i: filing({ owner, ...over }) });
  expect(body.errors).toBeUndefined();
  return body.data.fileCooperationRequest;
}
const staffIds = async () => (await ask(STAFF, INBOX)).data.cooperationRequests.map((r: { id: string }) => r.id);

describe('filing: by the owner member\'s system, for the requester', () => {
  test('a valid filing is FILED, with the deadline of its urgency and the requester named by the service token', async () => {
    const filed = await asService('AR', CO_P, FILE, { i: filing() });
    expect(new Set(filed.errors?.map((e) => e.extensions.rule))).toEqual(new Set(['cooperation.detail']));
    const r = filed.data.fileCooperationRequest;
    expect(r).toMatchObject({
      state: 'FILED', overdue: false, requesterCountry: 'CO', owner: 'AR', legalBasis: 'DIRECT_COOPERATION', legalInstrument: null, urgency: 'NORMAL',
      filedAt: new Date(clock).toISOString(), deadline: new Date(clock + 72 * HOUR).toISOString(), decidedAt: null,
      // The owner's system files it: it sees the metadata only.
      requester: null, subjects: null,
    });
    expect(r.id).toMatch(/^XS:R:[0-9a-z]+$/);
    const seen = (await ask(CO_P, ONE, { id: r.id })).data.cooperationRequest;
    expect(seen).toMatchObject({
      requester: 'prosecutor@co', scope: ['person.identity', 'person.documents'], caseRef: 'CO-2026-TIP-1', decision: null, grant: null,
      history: [{ at: r.filedAt, by: 'CO', kind: 'FILED', text: null }],
    });
    expect(seen.subjects.map((s: { given: string }) => s.given)).toEqual([AR_VICTIM, 'HIT-REF-opaque-1']);
    const urgent = await file({ urgency: 'URGENT', legalBasis: 'OTHER_INSTRUMENT', legalInstrument: 'Bilateral MoU 2019' });
    expect(urgent).toMatchObject({ deadline: new Date(clock + 8 * HOUR).toISOString(), legalInstrument: 'Bilateral MoU 2019' });
    expect((await file({ urgency: 'NON_URGENT' })).deadline).toBe(new Date(clock + 14 * 24 * HOUR).toISOString());
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['an owner outside the directory', { owner: 'ZZ', subjects: [{ given: 'z', kind: 'PERSON', recordId: makeId('ZZ', 'P', 1) }] }, 'input.owner'],
    ['a malformed owner', { owner: 'Argentina' }, 'input.owner'],
    ['no subjects', { subjects: [] }, 'input.subjects'],
    ['more than 20 subjects', { subjects: Array.from({ length: 21 }, (_, i) => ({ given: `g${i}`, kind: 'PERSON', recordId: makeId('AR', 'P', i + 1) })) }, 'input.subjects'],
    ['a record of another member', { subjects: [{ given: 'x', kind: 'PERSON', recordId: makeId('CO', 'P', 3) }] }, 'input.subjects[0].recordId'],
    ['a case id for a person', { subjects: [{ given: 'x', kind: 'PERSON', recordId: AR_CASE }] }, 'input.subjects[0].recordId'],
    ['a subject named twice', { subjects: [{ given: 'x', kind: 'PERSON', recordId: AR_VICTIM }, { given: 'x', kind: 'CASE', recordId: AR_CASE }] }, 'input.subjects[1].given'],
    ['an empty scope', { scope: [] }, 'input.scope'],
    ['a rule named twice', { scope: ['person.identity', 'person.identity'] }, 'input.scope[1]'],
    ['a blank rule', { scope: [' '] }, 'input.scope[0]'],
    ['no purpose', { purpose: '' }, 'input.purpose'],
    ['no case reference', { caseRef: '   ' }, 'input.caseRef'],
    ['no reason', { reason: '' }, 'input.reason'],
    ['another instrument unnamed', { legalBasis: 'OTHER_INSTRUMENT' }, 'input.legalInstrument'],
    ['an instrument with another basis', { legalInstrument: 'MoU' }, 'input.legalInstrument'],
  ])('%s: BAD_USER_INPUT naming the field, nothing written', async (_name, over, field) => {
    const before = await staffIds();
    expect(errorOf(await asService('AR', CO_P, FILE, { i: filing(over) }))).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await staffIds()).toEqual(before);
  });

  test('a member does not file to itself, nor for nobody', async () => {
    expect(errorOf(await asService('AR', AR_P, FILE, { i: filing() }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.owner' });
    expect(errorOf(await asService('AR', null, FILE, { i: filing() }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'obo' });
  });

  test("another member's system, or a person, cannot file for AR: FORBIDDEN", async () => {
    const before = await staffIds();
    expect(errorOf(await asService('PE', CO_P, FILE, { i: filing() }))).toMatchObject({ code: 'FORBIDDEN', rule: 'cooperation.file' });
    for (const who of [CO_P, AR_P, STAFF]) expect(errorOf(await ask(who, FILE, { i: filing() }))).toMatchObject({ code: 'FORBIDDEN', rule: 'cooperation.file' });
    expect(await staffIds()).toEqual(before);
  });
});

describe('who sees what of a request', () => {
  let id: string;
  beforeAll(async () => {
    id = (await file()).id;
  });
  const read = (who: Who) => ask(who, ONE, { id });
  const detailFields = ['requester', 'subjects', 'scope', 'purpose', 'caseRef', 'reason', 'decision', 'decisionReason', 'grant', 'history'];
  const deniedBy = (b: Body, rule: string) => (b.errors ?? []).filter((e) => e.extensions?.rule === rule).map((e) => e.path.at(-1)).sort();

  test('the requester and the owner\'s prosecutors: everything; the owner sees its record, the requester not before a grant', async () => {
    for (const who of [CO_P, AR_P]) {
      const b = await read(who);
      expect(b.data.cooperationRequest).toMatchObject({ id, state: 'FILED', requester: 'prosecutor@co', purpose: 'Investigation of a trafficking network' });
    }
    const owner = await read(AR_P);
    expect(owner.errors).toBeUndefined();
    expect(owner.data.cooperationRequest.subjects.map((s: { person: unknown }) => s.person)).toEqual([{ id: AR_VICTIM }, { id: AR_SUSPECT }]);
    // The requester is told why: nothing granted yet.
    const requester = await read(CO_P);
    expect(requester.data.cooperationRequest.subjects.map((s: { person: unknown }) => s.person)).toEqual([null, null]);
    expect(requester.errors.map((e: { path: unknown[]; extensions: object }) => [e.path, e.extensions])).toEqual([0, 1].map((i) => [
      ['cooperationRequest', 'subjects', i, 'person'], { code: 'SUBJECT_WITHHELD', reason: 'undecided', grant: null },
    ]));
  });

  test.each<[string, Who]>([['the owner\'s analysts', AR_A], ['secretariat staff', STAFF]])('%s: the metadata, not the detail (FORBIDDEN cooperation.detail)', async (_n, who) => {
    const b = await read(who);
    expect(b.data.cooperationRequest).toMatchObject({ id, state: 'FILED', owner: 'AR', requesterCountry: 'CO', urgency: 'NORMAL' });
    for (const f of detailFields) expect(b.data.cooperationRequest[f]).toBeNull();
    expect(deniedBy(b, 'cooperation.detail')).toEqual([...detailFields].sort());
  });

  test("the owner's system: the metadata only", async () => {
    const b = await asService('AR', CO_P, ONE, { id });
    expect(b.data.cooperationRequest).toMatchObject({ id, state: 'FILED', purpose: null, subjects: null });
  });

  test.each<[string, Who]>([
    ['another member', PE_P], ['another prosecutor of the requester\'s country', OTHER_CO], ['a partner', PARTNER], ["the owner's auditor", AR_AUDITOR],
  ])('%s: no such request, not in a list either', async (_n, who) => {
    expect(await read(who)).toEqual({ data: { cooperationRequest: null } });
    expect((await ask(who, INBOX)).data.cooperationRequests.map((r: { id: string }) => r.id)).not.toContain(id);
  });

  test('without a purpose and case reference: PURPOSE_REQUIRED', async () => {
    expect(errorOf(await ask(CO_P, ONE, { id }, { purpose: false }))).toMatchObject({ code: 'PURPOSE_REQUIRED' });
  });

  test("a partner's own request: the partner sees it, the owner's prosecutor too", async () => {
    const own = await file({}, PARTNER);
    expect((await read(PARTNER)).data.cooperationRequest).toBeNull();
    expect((await ask(PARTNER, ONE, { id: own.id })).data.cooperationRequest).toMatchObject({ requesterCountry: 'XP', requester: 'partner@xp' });
    expect((await ask(AR_P, ONE, { id: own.id })).data.cooperationRequest.requester).toBe('partner@xp');
  });
});

describe('deciding, answering, withdrawing, revoking', () => {
  test('ask more → answer (deadline restarts) → grant: the requester is pointed at the granted records only', async () => {
    const { id } = await file();
    const decide = (who: Who, d: string, g?: Record<string, unknown> | null, r?: string) => ask(who, DECIDE, { id, d, g, r });
    // Who may not decide.
    expect(errorOf(await decide(CO_P, 'GRANT', { expiresOn: dayAfter(7) }))).toMatchObject({ code: 'FORBIDDEN', rule: 'cooperation.decide' });
    expect(errorOf(await decide(AR_A, 'GRANT', { expiresOn: dayAfter(7) }))).toMatchObject({ code: 'FORBIDDEN', rule: 'cooperation.decide' });
    expect(errorOf(await decide(STAFF, 'GRANT', { expiresOn: dayAfter(7) }))).toMatchObject({ code: 'FORBIDDEN', rule: 'cooperation.decide' });
    expect(codes(await decide(PE_P, 'GRANT', { expiresOn: dayAfter(7) }))).toEqual(['NOT_FOUND']);
    expect(codes(await ask(AR_P, DECIDE, { id: makeId('XS', 'R', 999), d: 'REFUSE', r: 'x' }))).toEqual(['NOT_FOUND']);

    expect(errorOf(await decide(AR_P, 'ASK_MORE'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const asked = (await decide(AR_P, 'ASK_MORE', null, 'In which of your cases is she a victim?')).data.decideCooperationRequest;
    expect(asked).toMatchObject({ state: 'AWAITING_REQUESTER', decision: 'ASK_MORE', decisionReason: 'In which of your cases is she a victim?', decidedAt: null });
    expect(errorOf(await ask(AR_P, ANSWER, { id, a: 'x' }))).toMatchObject({ code: 'FORBIDDEN', rule: 'cooperation.answer' });
    expect(errorOf(await decide(AR_P, 'REFUSE', null, 'no'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });

    clock += 2 * HOUR;
    const answered = (await ask(CO_P, ANSWER, { id, a: 'In CO-2026-TIP-1, recruited in Cali.' })).data.answerCooperationRequest;
    expect(answered).toMatchObject({ state: 'AWAITING_OWNER', deadline: new Date(clock + 72 * HOUR).toISOString() });
    expect(answered.history.map((h: { kind: string; by: string }) => `${h.kind}:${h.by}`)).toEqual(['FILED:CO', 'ASK_MORE:AR', 'ANSWER:CO']);
    expect(errorOf(await ask(CO_P, ANSWER, { id, a: 'again' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });

    // Bad grants, each naming the argument.
    const bad: Array<[string, Record<string, unknown> | null, string]> = [
      ['GRANT', null, 'grant'],
      ['GRANT', { scope: ['case.detail'], expiresOn: dayAfter(7) }, 'grant.scope[0]'],
      ['GRANT', { scope: ['person.identity'], expiresOn: dayAfter(7) }, 'grant.scope'],
      ['GRANT', { subjects: [AR_VICTIM], expiresOn: dayAfter(7) }, 'grant.subjects'],
      ['GRANT', { expiresOn: dayAfter(-1) }, 'grant.expiresOn'],
      ['GRANT', { expiresOn: dayAfter(366) }, 'grant.expiresOn'],
      ['GRANT', { expiresOn: '2026-02-30' }, 'grant.expiresOn'],
      ['GRANT', { expiresOn: dayAfter(7), handlingCode: 'H9' }, 'grant.handlingCode'],
      ['PARTIAL', { expiresOn: dayAfter(7) }, 'decision'],
      ['PARTIAL', { subjects: ['not-a-subject'], expiresOn: dayAfter(7) }, 'grant.subjects[0]'],
      ['REFUSE', { expiresOn: dayAfter(7) }, 'grant'],
    ];
    for (const [d, g, field] of bad) expect({ d, field, error: errorOf(await decide(AR_P, d, g, 'r')) }).toMatchObject({ d, field, error: { code: 'BAD_USER_INPUT', field } });
    expect((await ask(CO_P, ONE, { id })).data.cooperationRequest.state).toBe('AWAITING_OWNER');

    const granted = (await decide(AR_P, 'PARTIAL', { scope: ['person.identity'], subjects: [AR_VICTIM], expiresOn: dayAfter(7), handlingCode: 'H1', conditions: 'For this case only.' })).data.decideCooperationRequest;
    expect(granted).toMatchObject({
      state: 'PARTLY_GRANTED', decision: 'PARTIAL', decidedAt: new Date(clock).toISOString(),
      grant: { scope: ['person.identity'], subjects: [AR_VICTIM], expiresOn: dayAfter(7), handlingCode: 'H1', conditions: 'For this case only.', revokedAt: null },
    });
    expect(granted.grant.id).toMatch(/^XS:G:[0-9a-z]+$/);
    expect(granted.history.map((h: { kind: string }) => h.kind)).toEqual(['FILED', 'ASK_MORE', 'ANSWER', 'DECISION']);
    // The requester is now pointed at the granted record, not the other one.
    const seen = (await ask(CO_P, ONE, { id })).data.cooperationRequest;
    expect(seen.subjects.map((s: { person: unknown }) => s.person)).toEqual([{ id: AR_VICTIM }, null]);
    expect(errorOf(await decide(AR_P, 'GRANT', { expiresOn: dayAfter(7) }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(errorOf(await ask(CO_P, WITHDRAW, { id }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });

    // Revoked: by the owner's prosecutor, effective at once; not twice.
    expect(codes(await ask(PE_P, REVOKE, { id }))).toEqual(['NOT_FOUND']);
    expect(errorOf(await ask(AR_A, REVOKE, { id }))).toMatchObject({ code: 'FORBIDDEN', rule: 'cooperation.revoke' });
    const revoked = (await ask(AR_P, REVOKE, { id, r: 'The victim withdrew consent.' })).data.revokeGrant;
    expect(revoked).toEqual({ id, state: 'REVOKED', grant: { revokedAt: new Date(clock).toISOString(), revokedBy: 'AR' } });
    expect((await ask(CO_P, ONE, { id })).data.cooperationRequest.subjects.map((s: { person: unknown }) => s.person)).toEqual([null, null]);
    expect(errorOf(await ask(CO_P, REVOKE, { id }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  test('a refusal carries its reason to the requester; the requester may revoke its own grant', async () => {
    const refused = await file();
    expect(errorOf(await ask(AR_P, DECIDE, { id: refused.id, d: 'REFUSE' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    await ask(AR_P, DECIDE, { id: refused.id, d: 'REFUSE', r: 'Under seal by court order.' });
    expect((await ask(CO_P, ONE, { id: refused.id })).data.cooperationRequest).toMatchObject({ state: 'REFUSED', decision: 'REFUSE', decisionReason: 'Under seal by court order.' });

    const granted = await file();
    const g = (await ask(AR_P, DECIDE, { id: granted.id, d: 'GRANT', g: { expiresOn: today() } })).data.decideCooperationRequest;
    expect(g).toMatchObject({ state: 'GRANTED', grant: { scope: ['person.identity', 'person.documents'], subjects: [AR_VICTIM, 'HIT-REF-opaque-1'], expiresOn: today() } });
    expect((await ask(CO_P, REVOKE, { id: granted.id })).data.revokeGrant).toMatchObject({ state: 'REVOKED', grant: { revokedBy: 'CO' } });
  });

  test('the requester withdraws while undecided; the owner cannot', async () => {
    const { id } = await file();
    expect(errorOf(await ask(AR_P, WITHDRAW, { id }))).toMatchObject({ code: 'FORBIDDEN', rule: 'cooperation.withdraw' });
    expect(codes(await ask(OTHER_CO, WITHDRAW, { id }))).toEqual(['NOT_FOUND']);
    expect((await ask(CO_P, WITHDRAW, { id, r: 'Heard here.' })).data.withdrawCooperationRequest).toEqual({ id, state: 'WITHDRAWN', history: [{ kind: 'FILED' }, { kind: 'WITHDRAWN' }] });
    expect(errorOf(await ask(CO_P, WITHDRAW, { id }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  test('every decision is in the secretariat\'s audit log', async () => {
    const { id } = await file();
    await ask(AR_P, DECIDE, { id, d: 'REFUSE', r: 'Not ours.' });
    const logged = () => {
      try {
        return readFileSync(join(dir, 'audit.log'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
      } catch {
        return []; // not written yet
      }
    };
    for (let i = 0; i < 50 && !logged().some((e) => e.delivered?.some((d: { record: string }) => d.record === id) && e.caller?.subject === 'prosecutor@ar'); i++) {
      await new Promise((r) => setTimeout(r, 100)); // written in batches
    }
    const entry = logged().find((e) => e.delivered?.some((d: { record: string }) => d.record === id) && e.caller?.subject === 'prosecutor@ar');
    expect(entry).toMatchObject({ service: 'XS', operation: { type: 'mutation' }, decision: 'ALLOWED', caller: { subject: 'prosecutor@ar', roles: ['prosecutor'] } });
  });
});

describe('computed states and the grants an owner enforces', () => {
  test('undecided past the deadline: OVERDUE, still decidable; a grant past its day: EXPIRED, and no longer active', async () => {
    const urgent = await file({ urgency: 'URGENT', subjects: [{ given: AR_CASE, kind: 'CASE', recordId: AR_CASE }], scope: ['case.detail'] });
    expect((await ask(STAFF, ONE, { id: urgent.id })).data.cooperationRequest).toMatchObject({ state: 'FILED', overdue: false });
    clock += 9 * HOUR;
    expect((await ask(STAFF, ONE, { id: urgent.id })).data.cooperationRequest).toMatchObject({ state: 'OVERDUE', overdue: true });
    expect((await ask(AR_P, INBOX, { f: { overdue: true } })).data.cooperationRequests.map((r: { id: string }) => r.id)).toContain(urgent.id);
    expect((await ask(AR_P, INBOX, { f: { state: 'FILED' } })).data.cooperationRequests.map((r: { id: string }) => r.id)).not.toContain(urgent.id);

    const granted = (await ask(AR_P, DECIDE, { id: urgent.id, d: 'GRANT', g: { expiresOn: today() } })).data.decideCooperationRequest;
    expect(granted).toMatchObject({ state: 'GRANTED', overdue: false, subjects: [{ case: { id: AR_CASE } }] });
    const grantsOf = async (service: string, who: Who) => (await asService(service, who, GRANTS)).data.cooperationGrants.map((g: { requestId: string }) => g.requestId);
    expect(await grantsOf('AR', CO_P)).toContain(urgent.id);
    clock += 24 * HOUR;
    expect((await ask(CO_P, ONE, { id: urgent.id })).data.cooperationRequest).toMatchObject({ state: 'EXPIRED', subjects: [{ case: null }] });
    expect((await ask(AR_P, INBOX, { f: { state: 'EXPIRED' } })).data.cooperationRequests.map((r: { id: string }) => r.id)).toContain(urgent.id);
    expect(await grantsOf('AR', CO_P)).not.toContain(urgent.id);
    expect(errorOf(await ask(AR_P, REVOKE, { id: urgent.id }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  test('cooperationGrants: exactly the active grants of the caller named, at the asking service\'s country, until revoked', async () => {
    const mine = await file();
    const other = await file({}, OTHER_CO);
    const toPe = await file({ subjects: [{ given: 'pe', kind: 'PERSON', recordId: makeId('PE', 'P', 3) }] }, CO_P, 'PE');
    await ask(AR_P, DECIDE, { id: mine.id, d: 'PARTIAL', g: { scope: ['person.identity'], expiresOn: dayAfter(30) } });
    await ask(AR_P, DECIDE, { id: other.id, d: 'GRANT', g: { expiresOn: dayAfter(30) } });
    await ask(PE_P, DECIDE, { id: toPe.id, d: 'GRANT', g: { expiresOn: dayAfter(30) } });

    const grants = (await asService('AR', CO_P, GRANTS)).data.cooperationGrants;
    expect(grants).toEqual([{
      id: expect.stringMatching(/^XS:G:/), requestId: mine.id, records: [AR_VICTIM, AR_SUSPECT], scope: ['person.identity'],
      purpose: 'Investigation of a trafficking network', caseRef: 'CO-2026-TIP-1', legalBasis: 'DIRECT_COOPERATION', expiresOn: dayAfter(30),
    }]);
    expect((await asService('PE', CO_P, GRANTS)).data.cooperationGrants.map((g: { requestId: string }) => g.requestId)).toEqual([toPe.id]);
    expect((await asService('AR', OTHER_CO, GRANTS)).data.cooperationGrants.map((g: { requestId: string }) => g.requestId)).toEqual([other.id]);
    expect((await asService('AR', PE_P, GRANTS)).data.cooperationGrants).toEqual([]);
    expect((await asService('AR', null, GRANTS)).data.cooperationGrants).toEqual([]);
    for (const who of [CO_P, AR_P, STAFF]) expect(errorOf(await ask(who, GRANTS))).toMatchObject({ code: 'FORBIDDEN', rule: 'cooperation.grants' });

    await ask(CO_P, REVOKE, { id: mine.id });
    expect((await asService('AR', CO_P, GRANTS)).data.cooperationGrants).toEqual([]);
  });
});

describe('inboxes and the overview', () => {
  test('each side\'s inbox, earliest deadline first; filters by role, state and overdue', async () => {
    const pe = await file({ subjects: [{ given: 'pe', kind: 'PERSON', recordId: makeId('PE', 'P', 3) }] }, CO_P, 'PE');
    const ids = async (who: Who, f?: Record<string, unknown>) => (await ask(who, INBOX, { f })).data.cooperationRequests;
    const owner = await ids(AR_P, { role: 'OWNER' });
    expect(owner.length).toBeGreaterThan(3);
    expect(owner.every((r: { owner: string }) => r.owner === 'AR')).toBe(true);
    expect(owner.map((r: { deadline: string }) => r.deadline)).toEqual([...owner.map((r: { deadline: string }) => r.deadline)].sort());
    expect(owner.map((r: { id: string }) => r.id)).not.toContain(pe.id);

    const requester = await ids(CO_P, { role: 'REQUESTER' });
    expect(requester.map((r: { id: string }) => r.id)).toContain(pe.id);
    expect(requester.every((r: { requesterCountry: string }) => r.requesterCountry === 'CO')).toBe(true);
    expect((await ids(OTHER_CO, { role: 'REQUESTER' })).length).toBeLessThan(requester.length);
    expect((await ids(CO_P, { role: 'OWNER' }))).toEqual([]);
    expect((await ids(PE_P, { role: 'OWNER' })).map((r: { id: string }) => r.id)).toContain(pe.id);
    // No role: both sides for a member caller, all for staff.
    expect((await ids(AR_P)).length).toBe(owner.length);
    expect((await ids(STAFF)).length).toBe(owner.length + (await ids(PE_P, { role: 'OWNER' })).length);

    for (const state of ['FILED', 'REVOKED', 'WITHDRAWN', 'OVERDUE'] as const) {
      expect((await ids(AR_P, { state })).every((r: { state: string }) => r.state === state)).toBe(true);
    }
    expect((await ids(AR_P, { state: 'REVOKED' })).length).toBeGreaterThan(0);
    clock += 4 * 24 * HOUR; // every NORMAL request still awaiting the owner is now overdue
    const overdue = await ids(AR_P, { overdue: true });
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((r: { state: string; overdue: boolean }) => r.state === 'OVERDUE' && r.overdue)).toBe(true);
    expect((await ids(AR_P, { overdue: false })).some((r: { overdue: boolean }) => r.overdue)).toBe(false);
  });

  test('the overview: counts per member and computed state, the median time to decision, the overdue requests (metadata only)', async () => {
    const OVERVIEW = '{ cooperationOverview { members { country asOwner { state count } asRequester { state count } } medianHoursToDecision overdue { id state owner purpose } } }';
    expect(errorOf(await ask(AR_P, OVERVIEW))).toMatchObject({ code: 'FORBIDDEN', rule: 'cooperation.overview' });
    const b = await ask(STAFF, OVERVIEW);
    const o = b.data.cooperationOverview;
    const all = (await ask(STAFF, `{ cooperationRequests { id state owner requesterCountry filedAt decidedAt } }`)).data.cooperationRequests;
    const count = (pick: (r: { owner: string; requesterCountry: string }) => string, country: string) => {
      const m = new Map<string, number>();
      for (const r of all.filter((x: { owner: string; requesterCountry: string }) => pick(x) === country)) m.set(r.state, (m.get(r.state) ?? 0) + 1);
      return Object.fromEntries(m);
    };
    const asMap = (list: Array<{ state: string; count: number }>) => Object.fromEntries(list.map((c) => [c.state, c.count]));
    expect(o.members.map((m: { country: string }) => m.country)).toEqual(['AR', 'CO', 'PE', 'XP']);
    for (const m of o.members) {
      expect(asMap(m.asOwner)).toEqual(count((r) => r.owner, m.country));
      expect(asMap(m.asRequester)).toEqual(count((r) => r.requesterCountry, m.country));
    }
    const hours = all.filter((r: { decidedAt: string | null }) => r.decidedAt).map((r: { filedAt: string; decidedAt: string }) => (Date.parse(r.decidedAt) - Date.parse(r.filedAt)) / HOUR).sort((a: number, c: number) => a - c);
    expect(hours.length).toBeGreaterThan(2);
    const mid = hours.length >> 1;
    expect(o.medianHoursToDecision).toBeCloseTo(hours.length % 2 ? hours[mid] : (hours[mid - 1] + hours[mid]) / 2, 6);
    expect(o.overdue.map((r: { id: string }) => r.id).sort()).toEqual(all.filter((r: { state: string }) => r.state === 'OVERDUE').map((r: { id: string }) => r.id).sort());
    expect(o.overdue.length).toBeGreaterThan(0);
    expect(o.overdue.every((r: { purpose: unknown; owner: string }) => r.purpose === null && !!r.owner)).toBe(true);
    expect(new Set((b.errors ?? []).map((e) => e.extensions.rule))).toEqual(new Set(['cooperation.detail']));
  });
});

describe('the seeded requests', () => {
  test('the demo grant: the second member\'s prosecutor may read the first member\'s adult victim\'s identity', async () => {
    const grants = (await asService('AR', CO_P, GRANTS, {}, net.secretariat.url)).data.cooperationGrants;
    expect(grants).toEqual([expect.objectContaining({
      requestId: DEMO_GRANT.requestId, id: DEMO_GRANT.grantId, records: [AR_VICTIM], scope: ['person.identity'], purpose: DEMO_GRANT.purpose, caseRef: DEMO_GRANT.caseRef,
    })]);
    expect(grants[0].expiresOn > new Date().toISOString().slice(0, 10)).toBe(true);
  });

  test('one request or more in every state', async () => {
    const seeded = (await ask(STAFF, INBOX, {}, { url: net.secretariat.url })).data.cooperationRequests;
    expect(new Set(seeded.map((r: { state: string }) => r.state))).toEqual(new Set([
      'FILED', 'AWAITING_OWNER', 'AWAITING_REQUESTER', 'GRANTED', 'PARTLY_GRANTED', 'REFUSED', 'WITHDRAWN', 'REVOKED', 'EXPIRED', 'OVERDUE',
    ]));
  });
});
