/**
 * Hit/no-hit by financial account, through the real network: a hit and a
 * miss, the holder reported under person.hit, a reference only its receiver
 * can quote, the hourly budget shared with documents, and the owner's audit.
 */
import { makeId } from '@enlace/platform';
import { ANCHORS } from '@enlace/scripts/seed/generate';
import { ANCHOR_ACCOUNT } from '@enlace/scripts/seed/domain';
import { accountPseudonym, bearer, documentPseudonym, gql, startNetwork, type TestNetwork } from '../support/network';

const BUDGET = 5;
let net: TestNetwork;

beforeAll(async () => {
  net = await startNetwork({ countries: ['AR', 'CO', 'PE'], persons: 60, memberOptions: { AR: { hitBudgetPerHour: BUDGET } } });
});
afterAll(() => net?.close());

type Who = { country: string; roles: string[]; subject?: string };
type Hit = { country: string; hit: boolean; reference: string | null; contactPoint: string };
const CO_PROSECUTOR: Who = { country: 'CO', roles: ['prosecutor'], subject: 'fiscal-1@co' };
const CASE_REF = 'CO-2026-TIP-0500';
const HITS = 'query($p: String!) { accountHits(pseudonym: $p) { country hit reference contactPoint } }';

async function ask(who: Who, query: string, variables: Record<string, unknown> = {}) {
  const token = await net.token({ country: who.country, roles: who.roles as never, subject: who.subject });
  return gql(net.gateway.url, query, variables, bearer(token, 'Investigation of a trafficking network', CASE_REF));
}
async function hits(who: Who, identifier: string, country?: string): Promise<Hit[]> {
  const { body } = await ask(who, HITS, { p: accountPseudonym(net, identifier, country) });
  expect(body.errors).toBeUndefined();
  return [...body.data.accountHits].sort((a: Hit, b: Hit) => a.country.localeCompare(b.country));
}

// Written without its dashes and in another case: matched on its letters and digits.
const ANCHOR = ANCHOR_ACCOUNT.identifier.replace(/-/g, ' ');

test('a hit: every member holds the anchor suspect\'s account, each answers once with a reference and its contact point', async () => {
  const answer = await hits(CO_PROSECUTOR, ANCHOR, 'PE');
  expect(answer.map((h) => [h.country, h.hit])).toEqual([['AR', true], ['CO', true], ['PE', true]]);
  for (const h of answer) {
    expect(h.reference).toMatch(/^HNH2\.[A-Za-z0-9_-]+$/);
    expect(h.contactPoint).toContain(`fiscalia-${h.country.toLowerCase()}`);
  }
});

test('no hit: an unknown identifier, or the right one held in another country, answers exactly like nothing', async () => {
  for (const [identifier, country] of [['ES91 2100 0418 4502 0005 1332', undefined], [ANCHOR, 'BO']] as const) {
    expect((await hits(CO_PROSECUTOR, identifier, country)).map((h) => [h.country, h.hit, h.reference])).toEqual([['AR', false, null], ['CO', false, null], ['PE', false, null]]);
  }
});

test('the holder is reported as person.hit says: a partner hits the adult suspect, not an adult victim; the secretariat hits no one', async () => {
  const partner: Who = { country: 'XP', roles: ['partner'] };
  expect((await hits(partner, ANCHOR)).find((h) => h.country === 'AR')!.hit).toBe(true);
  // The owner records an account for its adult victim.
  const victim = makeId('AR', 'P', ANCHORS.victimAdultSeq);
  const recorded = await ask({ country: 'AR', roles: ['prosecutor'] }, 'mutation($i: AccountInput!) { recordAccount(input: $i) { id } }', {
    i: { holderId: victim, institution: 'Yape', institutionCountry: 'PE', identifierType: 'MOBILE_MONEY_NUMBER', identifier: '+51 987 654 321' },
  });
  expect(recorded.body.errors).toBeUndefined();
  await net.members.get('AR')!.pseudonymIndex!.settled(); // findable once indexed: moments after the write
  expect((await hits(partner, '51987654321')).find((h) => h.country === 'AR')!.hit).toBe(false);
  expect((await hits({ country: 'PE', roles: ['analyst'] }, '51987654321')).find((h) => h.country === 'AR')!.hit).toBe(true);
  expect((await hits({ country: 'XS', roles: ['secretariat'] }, ANCHOR)).every((h) => !h.hit)).toBe(true);
});

test('the reference is bound to the caller: only its receiver can quote it in a cooperation request', async () => {
  const reference = (await hits(CO_PROSECUTOR, ANCHOR)).find((h) => h.country === 'AR')!.reference!;
  const FILE = 'mutation($i: CooperationRequestInput!) { requestCooperation(input: $i) { id owner } }';
  const filing = { owner: 'AR', subjects: [reference], scope: ['finance.accounts'], purpose: 'Investigation of a trafficking network', caseRef: CASE_REF,
    legalBasis: 'DIRECT_COOPERATION', urgency: 'NORMAL', reason: 'The account received payments from our victims.' };
  const other = await ask({ ...CO_PROSECUTOR, subject: 'fiscal-2@co' }, FILE, { i: filing });
  expect(other.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.subjects[0]' });
  const own = await ask(CO_PROSECUTOR, FILE, { i: filing });
  expect(own.body.errors).toBeUndefined();
  expect(own.body.data.requestCooperation.owner).toBe('AR');
});

test('the hourly budget: distinct identifiers count, documents and accounts alike; a repeat is free; then RATE_LIMITED', async () => {
  const who: Who = { country: 'PE', roles: ['prosecutor'], subject: 'budget@pe' };
  const arAnswer = async (query: string, variables: Record<string, unknown>) => {
    const { body } = await ask(who, query, variables);
    const field = Object.keys(body.data ?? {})[0];
    return { error: (body.errors ?? []).find((e) => e.extensions?.country === 'AR'), hit: body.data?.[field]?.find((h: Hit) => h.country === 'AR') };
  };
  for (let i = 0; i < BUDGET - 1; i++) expect((await arAnswer(HITS, { p: accountPseudonym(net, `ACC-${i}`) })).hit).toBeDefined();
  expect((await arAnswer(HITS, { p: accountPseudonym(net, 'acc 0') })).hit).toBeDefined(); // the same identifier again
  expect((await arAnswer('query($p: String!) { documentHits(pseudonym: $p) { country hit } }', { p: documentPseudonym(net, 'PE', 'ZZ-1') })).hit).toBeDefined(); // the fifth
  const spent = await arAnswer(HITS, { p: accountPseudonym(net, 'ACC-NEW') });
  expect(spent.hit).toBeUndefined();
  expect(spent.error).toMatchObject({ extensions: { code: 'RATE_LIMITED', limit: BUDGET } });
  expect(spent.error!.message).toMatch(/documents, accounts and name checks/);
});

test('bad input: an identifier in clear instead of its pseudonym is BAD_USER_INPUT naming the field', async () => {
  const { body } = await ask(CO_PROSECUTOR, HITS, { p: ANCHOR });
  expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'pseudonym' });
});

test('audited: the owner\'s log keeps the lookup and the record it hit; its prosecutors see it in foreignAccess', async () => {
  const who: Who = { country: 'CO', roles: ['analyst'], subject: 'audit@co' };
  await hits(who, ANCHOR);
  const p1 = makeId('AR', 'P', ANCHORS.suspectSeq);
  const log = await ask({ country: 'AR', roles: ['auditor'] }, 'query($f: AuditFilter) { auditLog(countries: ["AR"], filter: $f, first: 5) { caller { subject } operation { type } hits } }', { f: { subject: 'audit@co' } });
  expect(log.body.errors).toBeUndefined();
  expect(log.body.data.auditLog[0]).toMatchObject({ caller: { subject: 'audit@co' }, hits: [p1] });
  const foreign = await ask({ country: 'AR', roles: ['prosecutor'] }, 'query($f: AuditFilter) { foreignAccess(countries: ["AR"], filter: $f, first: 5) { caller { subject } hits } }', { f: { subject: 'audit@co' } });
  expect(foreign.body.data.foreignAccess[0]).toEqual({ caller: { subject: 'audit@co' }, hits: [p1] });
});
