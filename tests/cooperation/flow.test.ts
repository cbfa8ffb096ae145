/**
 * Step two of every search, end to end through the gateway: a hit, a
 * cooperation request filed at the owner, the owner's grant, the granted read
 * (and nothing else), revocation, the owner's audit log; then what a grant
 * never does (widen beyond its records, rules, caller, purpose), bad input,
 * and the secretariat down (the owner fails closed).
 */
import { makeId, type Role } from '@enlace/platform';
import { ANCHORS } from '@enlace/scripts/seed/generate';
import { bearer, documentPseudonym, gql, startNetwork, type TestNetwork } from '../support/network';

let net: TestNetwork;
beforeAll(async () => {
  // AR asks the secretariat on every request (no grant cache), so a revocation shows at once here.
  net = await startNetwork({ countries: ['AR', 'CO', 'PE'], persons: 12, memberOptions: { AR: { grantCacheSeconds: 0 } } });
});
afterAll(() => net?.close());

const PURPOSE = 'Investigation of a trafficking network';
const CASE_REF = 'CO-TEST-0077';
const ADULT_VICTIM = makeId('AR', 'P', ANCHORS.victimAdultSeq);
const MINOR_VICTIM = makeId('AR', 'P', ANCHORS.victimMinorSeq);

interface Who {
  country: string;
  roles: Role[];
  subject?: string;
}
const CO = { country: 'CO', roles: ['prosecutor'] } as Who;
const CO_COLLEAGUE = { country: 'CO', roles: ['prosecutor'], subject: 'another.prosecutor@co' } as Who;
const AR = { country: 'AR', roles: ['prosecutor'] } as Who;
const AR_AUDITOR = { country: 'AR', roles: ['auditor'] } as Who;
const PE = { country: 'PE', roles: ['prosecutor'] } as Who;
const PARTNER = { country: 'XP', roles: ['partner'] } as Who;

async function ask(who: Who, query: string, variables: Record<string, unknown> = {}, caseRef = CASE_REF, purpose = PURPOSE) {
  const token = await net.token({ country: who.country, roles: who.roles, subject: who.subject });
  return gql(net.gateway.url, query, variables, bearer(token, purpose, caseRef));
}
const codes = (body: { errors?: Array<{ extensions?: { code?: string } }> }) => (body.errors ?? []).map((e) => e.extensions?.code);

const HIT = 'query($p: String!) { documentHits(pseudonym: $p) { country hit reference } }';
const FILE = 'mutation($i: CooperationRequestInput!) { requestCooperation(input: $i) { id state owner requesterCountry deadline scope } }';
const REQUEST = 'query($id: ID!) { cooperationRequest(id: $id) { id state decision decisionReason grant { id scope expiresOn revokedAt } subjects { given kind person { id } } } }';
const DECIDE = 'mutation($id: ID!, $d: CooperationDecision!, $g: CooperationGrantInput, $r: String) { decideCooperationRequest(id: $id, decision: $d, grant: $g, reason: $r) { id state grant { id scope expiresOn } } }';
const REVOKE = 'mutation($id: ID!) { revokeGrant(id: $id, reason: "The investigation no longer needs it") { id state grant { revokedAt } } }';
const READ = `query($id: ID!) { person(id: $id) { id fullName familyNames nationalities documents { number } } }`;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const filing = (subjects: string[], over: Record<string, unknown> = {}) => ({
  owner: 'AR', subjects, scope: ['person.identity'], purpose: PURPOSE, caseRef: CASE_REF,
  legalBasis: 'DIRECT_COOPERATION', urgency: 'NORMAL', reason: 'The victim may identify the recruiters of the network.', ...over,
});

/** The adult victim's identity card in AR's seed: what the CO prosecutor searches for. */
const victimDocument = async () => ({ number: ANCHORS.victimAdultIdCard('AR'), issuingCountry: 'BO' });

/** The fields a caller reads of the victim, and the rules that withheld the rest. */
async function reads(who: Who, caseRef = CASE_REF, purpose = PURPOSE) {
  const { body } = await ask(who, READ, { id: ADULT_VICTIM }, caseRef, purpose);
  const person = body.data?.person ?? null;
  const withheld = (body.errors ?? []).map((e: { path?: string[]; extensions?: { rule?: string } }) => `${e.path?.slice(-1)[0]}:${e.extensions?.rule}`).sort();
  return { person, withheld };
}

describe('hit → request → grant → read → revoke', () => {
  let requestId = '';
  let grantId = '';

  test('a CO prosecutor finds an AR record by hit/no-hit and files a request on the reference', async () => {
    const doc = await victimDocument();
    const hit = await ask(CO, HIT, { p: documentPseudonym(net, doc.issuingCountry, doc.number) });
    expect(hit.body.errors).toBeUndefined();
    const answer = hit.body.data.documentHits.find((h: { country: string }) => h.country === 'AR');
    expect(answer).toMatchObject({ country: 'AR', hit: true });

    const filed = await ask(CO, FILE, { i: filing([answer.reference]) });
    expect(filed.body.errors).toBeUndefined();
    const request = filed.body.data.requestCooperation;
    expect(request).toMatchObject({ state: 'FILED', owner: 'AR', requesterCountry: 'CO', scope: ['person.identity'] });
    requestId = request.id;

    // The requester does not learn the record from its request before a grant, and is told why.
    const own = await ask(CO, REQUEST, { id: requestId });
    expect(own.body.data.cooperationRequest.subjects).toEqual([{ given: answer.reference, kind: 'PERSON', person: null }]);
    expect(own.body.errors).toEqual([expect.objectContaining({
      path: ['cooperationRequest', 'subjects', 0, 'person'], extensions: expect.objectContaining({ code: 'SUBJECT_WITHHELD', reason: 'undecided', grant: null }),
    })]);
  });

  test('before the grant: the name is withheld with FORBIDDEN (person.identity)', async () => {
    const before = await reads(CO);
    expect(before.person).toMatchObject({ id: ADULT_VICTIM, fullName: null, familyNames: null, documents: null });
    expect(before.person.nationalities.length).toBeGreaterThan(0); // person.profile: foreign prosecutors read adults' profiles anyway
    expect(before.withheld).toEqual(['documents:person.documents', 'familyNames:person.identity', 'fullName:person.identity']);
  });

  test("it is in AR's inbox, with the record; AR grants it for 7 days", async () => {
    const inbox = await ask(AR, '{ cooperationRequests(filter: { role: OWNER }) { id state subjects { person { id } } } }');
    const mine = inbox.body.data.cooperationRequests.find((r: { id: string }) => r.id === requestId);
    expect(mine).toMatchObject({ state: 'FILED', subjects: [{ person: { id: ADULT_VICTIM } }] });

    const granted = await ask(AR, DECIDE, { id: requestId, d: 'GRANT', g: { expiresOn: inDays(7), handlingCode: 'H2' } });
    expect(granted.body.errors).toBeUndefined();
    expect(granted.body.data.decideCooperationRequest).toMatchObject({ state: 'GRANTED', grant: { scope: ['person.identity'], expiresOn: inDays(7) } });
    grantId = granted.body.data.decideCooperationRequest.grant.id;
  });

  test('the CO prosecutor now reads the name, and nothing else newly; the request shows the record', async () => {
    const after = await reads(CO);
    expect(after.person.fullName).toEqual(expect.any(String));
    expect(after.person.familyNames).toEqual(expect.any(String));
    expect(after.person.documents).toBeNull();
    expect(after.withheld).toEqual(['documents:person.documents']);
    const own = await ask(CO, REQUEST, { id: requestId });
    expect(own.body.data.cooperationRequest.subjects[0].person).toEqual({ id: ADULT_VICTIM });
  });

  test('the grant never widens: not to a colleague, another country, another case reference or purpose, another record', async () => {
    for (const who of [CO_COLLEAGUE, PE]) expect((await reads(who)).person.fullName).toBeNull();
    expect((await reads(CO, 'CO-TEST-9999')).person.fullName).toBeNull();
    expect((await reads(CO, CASE_REF, 'Another investigation')).person.fullName).toBeNull();
    const witness = await ask(CO, READ, { id: makeId('AR', 'P', ANCHORS.witnessSeq) });
    expect(witness.body.data.person?.fullName ?? null).toBeNull();
  });

  test("AR's audit log shows the reads made under the grant, with its id", async () => {
    const { body } = await ask(AR_AUDITOR, '{ auditLog(countries: ["AR"], first: 50) { caller { subject country } delivered { record fields grants } } }');
    expect(body.errors).toBeUndefined();
    const underGrant = body.data.auditLog.filter((e: { delivered: Array<{ grants: string[] | null }> }) => e.delivered.some((d) => d.grants?.includes(grantId)));
    expect(underGrant.length).toBeGreaterThan(0);
    for (const e of underGrant) {
      expect(e.caller.country).toBe('CO');
      const d = e.delivered.find((x: { grants: string[] | null }) => x.grants?.includes(grantId));
      expect(d).toMatchObject({ record: ADULT_VICTIM });
      expect(d.fields).toEqual(expect.arrayContaining(['Person.fullName']));
    }
  });

  test('a caller cannot decide its own request, nor another owner one it does not own', async () => {
    const own = await ask(CO, DECIDE, { id: requestId, d: 'REFUSE', r: 'no' });
    expect(codes(own.body)).toEqual(['FORBIDDEN']);
    const other = await ask(PE, DECIDE, { id: requestId, d: 'REFUSE', r: 'no' });
    expect(codes(other.body)).toEqual(['NOT_FOUND']);
  });

  test('AR revokes: the name is withheld again at once', async () => {
    const revoked = await ask(AR, REVOKE, { id: requestId });
    expect(revoked.body.errors).toBeUndefined();
    expect(revoked.body.data.revokeGrant).toMatchObject({ state: 'REVOKED', grant: { revokedAt: expect.any(String) } });
    const after = await reads(CO);
    expect(after.person.fullName).toBeNull();
    expect(after.withheld).toContain('fullName:person.identity');
    // The request's subject is withheld again, saying why: the grant was revoked.
    const own = await ask(CO, REQUEST, { id: requestId });
    expect(own.body.data.cooperationRequest.subjects[0].person).toBeNull();
    expect(own.body.errors).toEqual([expect.objectContaining({
      message: expect.stringContaining('revoked'),
      path: ['cooperationRequest', 'subjects', 0, 'person'], extensions: expect.objectContaining({ code: 'SUBJECT_WITHHELD', reason: 'revoked', grant: grantId }),
    })]);
    // The owner's side still sees its own record.
    expect((await ask(AR, REQUEST, { id: requestId })).body.data.cooperationRequest.subjects[0].person).toEqual({ id: ADULT_VICTIM });
  });
});

describe('filing: bad input is BAD_USER_INPUT naming the field, and nothing is filed', () => {
  const count = async (who: Who) => (await ask(who, '{ cooperationRequests(filter: { role: REQUESTER }) { id } }')).body.data.cooperationRequests.length;
  const refusal = async (who: Who, input: Record<string, unknown>) => {
    const before = await count(who);
    const { body } = await ask(who, FILE, { i: input });
    expect(body.data?.requestCooperation ?? null).toBeNull();
    expect(await count(who)).toBe(before);
    return body.errors?.[0]?.extensions;
  };

  test('a placeholder as purpose or case reference', async () => {
    expect(await refusal(CO, filing([ADULT_VICTIM], { purpose: '<why you need these records>' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.purpose' });
    expect(await refusal(CO, filing([ADULT_VICTIM], { caseRef: 'TODO' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.caseRef' });
  });

  test('an unknown or malformed owner', async () => {
    expect(await refusal(CO, filing([ADULT_VICTIM], { owner: 'BR' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.owner' });
    expect(await refusal(CO, filing([ADULT_VICTIM], { owner: 'ARG' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.owner' });
  });

  test('a scope naming no rule a grant can open, or a rule on another kind of record', async () => {
    expect(await refusal(CO, filing([ADULT_VICTIM], { scope: ['person.everything'] }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.scope[0]' });
    expect(await refusal(CO, filing([ADULT_VICTIM], { scope: ['audit.read'] }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.scope[0]' });
    expect(await refusal(CO, filing([ADULT_VICTIM], { scope: ['person.identity', 'case.detail'] }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.scope[1]' });
  });

  test('references the caller does not hold: a record it may not know of, a reference given to someone else, an id of another member', async () => {
    expect(await refusal(CO, filing([MINOR_VICTIM]))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.subjects[0]' });
    expect(await refusal(CO, filing([makeId('AR', 'P', 99_999)]))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.subjects[0]' });
    expect(await refusal(CO, filing([ADULT_VICTIM, makeId('PE', 'P', 1)]))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.subjects[1]' });
    const doc = await victimDocument();
    const hit = await ask(CO, HIT, { p: documentPseudonym(net, doc.issuingCountry, doc.number) });
    const reference = hit.body.data.documentHits.find((h: { country: string }) => h.country === 'AR').reference;
    expect(await refusal(CO_COLLEAGUE, filing([reference]))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.subjects[0]' });
    expect(await refusal(CO, filing([reference.slice(0, -4) + 'AAAA']))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.subjects[0]' });
  });

  test("the secretariat's own checks reach the caller as they are (a missing reason, another instrument unnamed)", async () => {
    expect(await refusal(CO, filing([ADULT_VICTIM], { reason: '  ' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
    expect(await refusal(CO, filing([ADULT_VICTIM], { legalBasis: 'OTHER_INSTRUMENT' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.legalInstrument' });
  });

  test('partners may not file in protocol v1; the owner itself has nothing to ask of itself', async () => {
    const partner = await ask(PARTNER, FILE, { i: filing([ADULT_VICTIM]) });
    expect(partner.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'cooperation.request' });
    const own = await ask(AR, FILE, { i: filing([ADULT_VICTIM]) });
    expect(own.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'cooperation.request' });
  });

  test('a grant expiring in the past is refused', async () => {
    const filed = await ask(CO, FILE, { i: filing([ADULT_VICTIM]) });
    const id = filed.body.data.requestCooperation.id;
    const past = await ask(AR, DECIDE, { id, d: 'GRANT', g: { expiresOn: '2020-01-01' } });
    expect(past.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'grant.expiresOn' });
    const still = await ask(CO, REQUEST, { id });
    expect(still.body.data.cooperationRequest).toMatchObject({ state: 'FILED', grant: null });
  });
});

describe('the secretariat down', () => {
  test('a grant cannot be checked: the owner fails closed; a request cannot be filed: SECRETARIAT_UNAVAILABLE, nothing filed', async () => {
    const filed = await ask(CO, FILE, { i: filing([ADULT_VICTIM]) });
    const id = filed.body.data.requestCooperation.id;
    const granted = await ask(AR, DECIDE, { id, d: 'GRANT', g: { expiresOn: inDays(3) } });
    expect(granted.body.data.decideCooperationRequest.state).toBe('GRANTED');
    expect((await reads(CO)).person.fullName).toEqual(expect.any(String));

    await net.secretariat.close();
    const member = net.members.get('AR')!;
    // Straight to the owner (the gateway would also lose the secretariat's part): the name is withheld.
    const token = await net.token({ country: 'CO', roles: ['prosecutor'] });
    const direct = await gql(member.url, READ, { id: ADULT_VICTIM }, bearer(token, PURPOSE, CASE_REF));
    expect(direct.body.data.person.fullName).toBeNull();
    expect(codes(direct.body)).toContain('FORBIDDEN');
    const fileAtOwner = 'mutation($i: CooperationRequestInput!) { requestCooperation(input: $i) { id } }';
    const refused = await gql(member.url, fileAtOwner, { i: filing([ADULT_VICTIM]) }, bearer(token, PURPOSE, CASE_REF));
    expect(refused.body.data.requestCooperation).toBeNull();
    expect(refused.body.errors[0].extensions.code).toBe('SECRETARIAT_UNAVAILABLE');
  });
});
