/**
 * "A caller is the same caller only with the same issuer, subject and country"
 * (DESIGN.md), through the real network. The development issuer vouches for AR,
 * CO and PE alike, so a PE prosecutor may carry the very `sub` of a CO
 * prosecutor: that twin is someone else. It quotes none of CO's hit references,
 * reads none of CO's requests, finds none in its inbox, uses none of CO's
 * grants, withdraws or revokes none of them and spends none of CO's lookup
 * budget; the CO prosecutor still does every one of these.
 */
import { makeId, type Role } from '@enlace/platform';
import { HitReferences } from '@enlace/member';
import { ANCHORS, DEMO_GRANT } from '@enlace/scripts/seed/generate';
import { bearer, documentPseudonym, gql, startNetwork, type TestNetwork } from '../support/network';
import { sealedTheOldWay } from '../support/oldHitReference';

/** AR's lookup budget here: small, so that spending it takes one request. */
const BUDGET = 4;
/** AR's key sealing references, known here so that a test can seal one as the earlier code did. */
const AR_REFERENCE_KEY = HitReferences.randomKey();
let net: TestNetwork;
beforeAll(async () => {
  net = await startNetwork({
    countries: ['AR', 'CO', 'PE'], persons: 12,
    memberOptions: { AR: { grantCacheSeconds: 0, hitBudgetPerHour: BUDGET, hitReferenceKey: AR_REFERENCE_KEY } },
  });
});
afterAll(() => net?.close());

const PURPOSE = DEMO_GRANT.purpose;
const SUBJECT = 'prosecutor@co';
interface Who { country: string; roles: Role[]; subject: string }
const CO: Who = { country: 'CO', roles: ['prosecutor'], subject: SUBJECT };
/** Same issuer, same subject, another country. */
const TWIN: Who = { country: 'PE', roles: ['prosecutor'], subject: SUBJECT };
const ADULT_VICTIM = makeId('AR', 'P', ANCHORS.victimAdultSeq);

async function ask(who: Who, query: string, variables: Record<string, unknown> = {}, caseRef = 'CO-TEST-0077') {
  const token = await net.token(who);
  return gql(net.gateway.url, query, variables, bearer(token, PURPOSE, caseRef));
}
const codes = (body: { errors?: Array<{ extensions?: { code?: string } }> }) => (body.errors ?? []).map((e) => e.extensions?.code);

const HIT = 'query($p: String!) { documentHits(pseudonym: $p) { country hit reference } }';
const FILE = 'mutation($i: CooperationRequestInput!) { requestCooperation(input: $i) { id state requesterCountry } }';
const REQUEST = `query($id: ID!) { cooperationRequest(id: $id) {
  id requesterCountry requester purpose caseRef reason subjects { given person { id } } grant { id } } }`;
const INBOX = '{ cooperationRequests { id owner requesterCountry } }';
const AS_REQUESTER = '{ cooperationRequests(filter: { role: REQUESTER }) { id } }';
const WITHDRAW = 'mutation($id: ID!) { withdrawCooperationRequest(id: $id) { id state } }';
const REVOKE = 'mutation($id: ID!) { revokeGrant(id: $id) { id state } }';
const NAME = 'query($id: ID!) { person(id: $id) { id fullName } }';

const filing = (subjects: string[]) => ({
  owner: 'AR', subjects, scope: ['person.identity'], purpose: PURPOSE, caseRef: 'CO-TEST-0077',
  legalBasis: 'DIRECT_COOPERATION', urgency: 'NORMAL', reason: 'The victim may identify the recruiters of the network.',
});
const ids = (body: { data?: { cooperationRequests?: Array<{ id: string }> | null } }) => (body.data?.cooperationRequests ?? []).map((r) => r.id);

let filed = '';

test('a reference AR sealed the earlier way (issuer and subject only) is refused to CO and its twin alike: search again', async () => {
  const old = sealedTheOldWay(AR_REFERENCE_KEY, ADULT_VICTIM, { issuer: net.issuer.issuer, subject: SUBJECT });
  for (const who of [CO, TWIN]) {
    const { body } = await ask(who, FILE, { i: filing([old]) });
    expect(body.data?.requestCooperation ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.subjects[0]' });
    expect(body.errors?.[0]?.message).toMatch(/earlier format.*search again/);
  }
});

test("CO's hit reference is refused to its twin (BAD_USER_INPUT naming the subject, nothing filed); CO files with it", async () => {
  const hit = await ask(CO, HIT, { p: documentPseudonym(net, 'BO', ANCHORS.victimAdultIdCard('AR')) });
  const reference = hit.body.data.documentHits.find((h: { country: string }) => h.country === 'AR').reference as string;
  expect(reference).toEqual(expect.any(String));

  const twin = await ask(TWIN, FILE, { i: filing([reference]) });
  expect(twin.body.data?.requestCooperation ?? null).toBeNull();
  expect(twin.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.subjects[0]' });
  expect(ids((await ask(TWIN, AS_REQUESTER)).body)).toEqual([]);

  const co = await ask(CO, FILE, { i: filing([reference]) });
  expect(co.body.errors).toBeUndefined();
  expect(co.body.data.requestCooperation).toMatchObject({ state: 'FILED', requesterCountry: 'CO' });
  filed = co.body.data.requestCooperation.id;
});

test("CO's requests are unknown to its twin (null, nothing of their subjects or details); CO reads them in full", async () => {
  for (const id of [filed, DEMO_GRANT.requestId]) {
    const twin = await ask(TWIN, REQUEST, { id });
    expect(twin.body.data.cooperationRequest).toBeNull();
    expect(JSON.stringify(twin.body)).not.toContain(ADULT_VICTIM);
  }
  const mine = await ask(CO, REQUEST, { id: filed });
  expect(mine.body.data.cooperationRequest).toMatchObject({ id: filed, requesterCountry: 'CO', requester: SUBJECT, caseRef: 'CO-TEST-0077', subjects: [{ person: null }] });
  const granted = await ask(CO, REQUEST, { id: DEMO_GRANT.requestId });
  expect(granted.body.data.cooperationRequest).toMatchObject({ requester: SUBJECT, subjects: [{ person: { id: ADULT_VICTIM } }], grant: { id: DEMO_GRANT.grantId } });
});

test("its twin's inbox holds none of CO's requests, only PE's own; CO's holds them", async () => {
  expect(ids((await ask(TWIN, AS_REQUESTER)).body)).toEqual([]);
  const all = (await ask(TWIN, INBOX)).body.data.cooperationRequests as Array<{ id: string; owner: string; requesterCountry: string }>;
  expect(all.map((r) => r.id)).not.toEqual(expect.arrayContaining([filed]));
  expect(all.map((r) => r.id)).not.toContain(DEMO_GRANT.requestId);
  for (const r of all) expect(r.owner === 'PE' || r.requesterCountry === 'PE').toBe(true);
  expect(ids((await ask(CO, AS_REQUESTER)).body)).toEqual(expect.arrayContaining([filed, DEMO_GRANT.requestId]));
});

test("CO's grant opens the victim's name to CO, not to its twin stating the same purpose and case reference", async () => {
  const co = await ask(CO, NAME, { id: ADULT_VICTIM }, DEMO_GRANT.caseRef);
  expect(co.body.data.person.fullName).toEqual(expect.any(String));
  const twin = await ask(TWIN, NAME, { id: ADULT_VICTIM }, DEMO_GRANT.caseRef);
  expect(twin.body.data.person?.fullName ?? null).toBeNull();
  expect(twin.body.errors?.map((e: { extensions?: { rule?: string } }) => e.extensions?.rule)).toContain('person.identity');
});

test("its twin can neither withdraw CO's request nor revoke CO's grant (NOT_FOUND, as for none); CO can both", async () => {
  expect(codes((await ask(TWIN, WITHDRAW, { id: filed })).body)).toEqual(['NOT_FOUND']);
  expect(codes((await ask(TWIN, REVOKE, { id: DEMO_GRANT.requestId })).body)).toEqual(['NOT_FOUND']);
  const withdrawn = await ask(CO, WITHDRAW, { id: filed });
  expect(withdrawn.body.data.withdrawCooperationRequest).toEqual({ id: filed, state: 'WITHDRAWN' });
  const revoked = await ask(CO, REVOKE, { id: DEMO_GRANT.requestId });
  expect(revoked.body.data.revokeGrant).toEqual({ id: DEMO_GRANT.requestId, state: 'REVOKED' });
});

test("its twin's lookups spend a budget of its own, not CO's", async () => {
  const aliased = (numbers: string[]) =>
    `query { ${numbers.map((n, i) => `n${i}: documentHits(pseudonym: "${documentPseudonym(net, 'PE', n)}") { country hit }`).join(' ')} }`;
  const arLimited = (body: { errors?: Array<{ extensions?: { code?: string; country?: string } }> }) =>
    (body.errors ?? []).filter((e) => e.extensions?.country === 'AR' && e.extensions.code === 'RATE_LIMITED');
  // CO has tested one number (the victim's card, above); its twin tests a whole budget, then one more.
  const numbers = Array.from({ length: BUDGET + 2 }, (_, i) => `TW-${4100 + i}`);
  expect(arLimited((await ask(TWIN, aliased(numbers.slice(0, BUDGET)))).body)).toEqual([]);
  expect(arLimited((await ask(TWIN, aliased([numbers[BUDGET]]))).body)).toHaveLength(1);
  expect(arLimited((await ask(CO, aliased([numbers[BUDGET + 1]]))).body)).toEqual([]);
});
