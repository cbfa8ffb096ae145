/**
 * Hit/no-hit, through the real network: which callers get hits on which data
 * subjects (protocol data, rule person.hit), references that are opaque and
 * bound to the caller who received them, and the hourly budget of lookups.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeId, nameCheckIdentifiers } from '@enlace/platform';
import { HitBudget, HitReferences, keyHolderClient, replayHitBudget, startMember } from '@enlace/member';
import { KuzuStore } from '@enlace/store';
import { ANCHORS, generateMember } from '@enlace/scripts/seed/generate';
import { bearer, documentPseudonym, gql, startNetwork, SEED, type TestNetwork } from '../support/network';

const PERSONS = 60;
const BUDGET = 6;
let net: TestNetwork;

beforeAll(async () => {
  net = await startNetwork({ countries: ['AR', 'CO', 'PE'], persons: PERSONS, memberOptions: { AR: { hitBudgetPerHour: BUDGET } } });
});
afterAll(() => net?.close());

const SEARCH = 'query($p: String!) { documentHits(pseudonym: $p) { country hit reference contactPoint } }';
type Hit = { country: string; hit: boolean; reference: string | null; contactPoint: string };

/** AR's answer to a lookup, asked through the gateway by a caller of `country` with `roles`. */
async function arAnswer(doc: { type?: string; number: string; issuingCountry: string }, country: string, roles: string[]): Promise<Hit> {
  const token = await net.token({ country, roles: roles as never });
  const { body } = await gql(net.gateway.url, SEARCH, { p: documentPseudonym(net, doc.issuingCountry, doc.number) }, bearer(token));
  expect(body.errors).toBeUndefined();
  return body.data.documentHits.find((h: Hit) => h.country === 'AR');
}

const seeded = generateMember('AR', { persons: PERSONS, seed: SEED }).next().value!;
const categoriesOf = (personId: string) => new Set(seeded.involvements.filter((i) => i.personId === personId).map((i) => i.category));
/** A document held by this person alone. */
const documentOf = (personId: string) =>
  seeded.documents.find((d) => d.personId === personId && seeded.documents.filter((x) => x.number === d.number).length === 1)!;

describe('who gets a hit on whom (rule person.hit)', () => {
  const suspectPassport = { type: 'PASSPORT', number: ANCHORS.suspect.passport, issuingCountry: ANCHORS.suspect.passportIssuer };
  const minor = makeId('AR', 'P', ANCHORS.victimMinorSeq);
  /** An adult victim (victim in every case) holding a document of their own. */
  const victim = seeded.persons.find((p) => {
    const categories = categoriesOf(p.id);
    return categories.size === 1 && categories.has('VICTIM') && !!p.dateOfBirth && p.dateOfBirth < '2000-01-01' && !!documentOf(p.id);
  })!.id;

  test('an adult suspect: a hit for the owner, foreign prosecutors and analysts, and partners', async () => {
    for (const [country, roles] of [['AR', ['prosecutor']], ['CO', ['prosecutor']], ['CO', ['analyst']], ['XP', ['partner']]] as const) {
      const hit = await arAnswer(suspectPassport, country, [...roles]);
      expect({ who: `${country} ${roles}`, hit: hit.hit }).toEqual({ who: `${country} ${roles}`, hit: true });
      expect(hit.reference).toMatch(/^HNH2\.[A-Za-z0-9_-]+$/);
      expect(hit.contactPoint).toContain('fiscalia-ar');
    }
  });

  test('the secretariat gets no hits: its answer is exactly a miss', async () => {
    const hit = await arAnswer(suspectPassport, 'XS', ['secretariat']);
    expect(hit).toEqual({ country: 'AR', hit: false, reference: null, contactPoint: expect.any(String) });
  });

  test("a 15-year-old's document: a hit for a foreign prosecutor (step two is the owner's), none for a partner", async () => {
    const doc = documentOf(minor);
    expect(doc).toBeDefined();
    expect((await arAnswer(doc, 'CO', ['prosecutor'])).hit).toBe(true);
    expect(await arAnswer(doc, 'XP', ['partner'])).toEqual({ country: 'AR', hit: false, reference: null, contactPoint: expect.any(String) });
  });

  test("an adult victim's document: a hit for a foreign prosecutor, none for a partner; the record itself stays withheld", async () => {
    const doc = documentOf(victim);
    expect((await arAnswer(doc, 'CO', ['prosecutor'])).hit).toBe(true);
    expect((await arAnswer(doc, 'XP', ['partner'])).hit).toBe(false);
    const co = await net.token({ country: 'CO', roles: ['prosecutor'] });
    const record = await gql(net.gateway.url, `{ person(id: "${victim}") { familyNames documents { number } } }`, {}, bearer(co));
    expect(record.body.data.person?.familyNames ?? null).toBeNull();
    expect(record.body.data.person?.documents ?? null).toBeNull();
  });

  test('no record: one miss per member, whatever the issuer asked; a number written otherwise is the same document', async () => {
    const co = await net.token({ country: 'CO', roles: ['prosecutor'] });
    const { body } = await gql(net.gateway.url, SEARCH, { p: documentPseudonym(net, 'PE', 'ZZ-000 0000') }, bearer(co));
    expect(body.data.documentHits).toEqual(['AR', 'CO', 'PE'].map((country) => ({ country, hit: false, reference: null, contactPoint: expect.any(String) })));
    const otherIssuer = await gql(net.gateway.url, SEARCH, { p: documentPseudonym(net, 'BO', ANCHORS.suspect.passport) }, bearer(co));
    expect(otherIssuer.body.data.documentHits.every((h: Hit) => !h.hit)).toBe(true);
    const rewritten = await gql(net.gateway.url, SEARCH, { p: documentPseudonym(net, 'pe', ANCHORS.suspect.passport.toLowerCase().replace(/[ -]/g, '')) }, bearer(co));
    expect(rewritten.body.data.documentHits.every((h: Hit) => h.hit)).toBe(true);
  });

  test('by name and year of birth: the suspect written otherwise is a hit in every member; a pseudonym of another kind is no name', async () => {
    const co = await net.token({ country: 'CO', roles: ['prosecutor'] });
    const NAME = 'query($p: [String!]!) { nameHits(pseudonyms: $p) { country hit reference } }';
    const { givenNames, familyNames, dateOfBirth } = ANCHORS.suspect;
    const keys = nameCheckIdentifiers({ name: `${familyNames.toUpperCase()} ${givenNames}`, born: dateOfBirth.slice(0, 4) }).map((k) => net.prfKey.pseudonym(k));
    const { body } = await gql(net.gateway.url, NAME, { p: keys }, bearer(co));
    expect(body.data.nameHits.map((h: Hit) => [h.country, h.hit])).toEqual([['AR', true], ['CO', true], ['PE', true]]);
    // The passport's pseudonym asked as a name finds nobody: kinds never meet.
    const crossed = await gql(net.gateway.url, NAME, { p: [documentPseudonym(net, 'PE', ANCHORS.suspect.passport)] }, bearer(co));
    expect(crossed.body.data.nameHits.every((h: Hit) => !h.hit)).toBe(true);
    const tooMany = await gql(net.gateway.url, NAME, { p: Array.from({ length: 9 }, (_, i) => documentPseudonym(net, 'PE', `N${i}`)) }, bearer(co));
    expect(tooMany.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'pseudonyms' });
  });

  test('a protected read: no purpose, no answer', async () => {
    const co = await net.token({ country: 'CO', roles: ['prosecutor'] });
    const { body } = await gql(net.gateway.url, SEARCH, { p: documentPseudonym(net, 'PE', ANCHORS.suspect.passport) }, { authorization: `Bearer ${co}` });
    // Refused once, by the gateway, before any member is asked (a member asked directly refuses it too: tests/protocol/matrix).
    expect(body.data).toBeUndefined();
    expect(body.errors?.map((e: { extensions: object }) => e.extensions)).toEqual([{ code: 'PURPOSE_REQUIRED', rule: 'hit-no-hit', protocol: 1 }]);
  });

  test('a number in clear, or anything else that is no pseudonym, is bad input naming the field, not a denial, and never echoed', async () => {
    const co = await net.token({ country: 'CO', roles: ['prosecutor'] });
    for (const p of [ANCHORS.suspect.passport, 'QH7741203', '-- --']) {
      const { body } = await gql(net.gateway.url, SEARCH, { p }, bearer(co));
      expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'pseudonym' });
      expect(JSON.stringify(body)).not.toContain(p);
    }
  });
});

describe('references', () => {
  test('never a record id, different at every lookup, and nothing another caller can open', async () => {
    const doc = { type: 'PASSPORT', number: ANCHORS.suspect.passport, issuingCountry: ANCHORS.suspect.passportIssuer };
    const a = await arAnswer(doc, 'PE', ['prosecutor']);
    const b = await arAnswer(doc, 'PE', ['prosecutor']);
    expect(a.reference).not.toEqual(b.reference);
    for (const r of [a.reference!, b.reference!]) {
      expect(r).not.toContain('AR:P');
      expect(Buffer.from(r.slice(5), 'base64url').toString('latin1')).not.toContain(makeId('AR', 'P', 1));
    }
  });

  test('open only for the caller they were given to (issuer, subject and country), with the key that sealed them', () => {
    const refs = new HitReferences(HitReferences.randomKey());
    const alice = { issuer: 'https://idp.co', subject: 'alice', country: 'CO' };
    const ref = refs.seal('AR:P:0aa79jf', alice, 1_000);
    expect(refs.open(ref, alice)).toEqual({ recordId: 'AR:P:0aa79jf', issuedAt: 1_000 });
    expect(refs.open(ref, { ...alice, subject: 'bob' })).toBeNull();
    expect(refs.open(ref, { ...alice, issuer: 'https://idp.pe' })).toBeNull();
    expect(refs.open(ref, { ...alice, country: 'PE' })).toBeNull();
    expect(new HitReferences(HitReferences.randomKey()).open(ref, alice)).toBeNull();
    const tampered = ref.slice(0, -2) + (ref.endsWith('A') ? 'BB' : 'AA');
    expect(refs.open(tampered, alice)).toBeNull();
    expect(refs.open('AR:P:0aa79jf', alice)).toBeNull();
  });
});

describe('the hourly budget of lookups', () => {
  const aliased = (numbers: string[]) =>
    `query { ${numbers.map((n, i) => `n${i}: documentHits(pseudonym: "${documentPseudonym(net, 'PE', n)}") { country hit }`).join(' ')} }`;

  test('98 aliases in one request are refused before any lookup, at the gateway and at a member', async () => {
    const co = await net.token({ country: 'CO', roles: ['prosecutor'] });
    const query = aliased(Array.from({ length: 98 }, (_, i) => `X${1000 + i}`));
    for (const url of [net.gateway.url, net.members.get('AR')!.url]) {
      const { status, body } = await gql(url, query, {}, bearer(co));
      expect(status).toBe(400);
      expect(body.errors![0].message).toBe('Aliases limit of 30 exceeded, found 98.');
      expect(body.data).toBeUndefined();
    }
  });

  test('each pseudonym counts once per hour, aliases included; beyond the budget, RATE_LIMITED', async () => {
    const pe = await net.token({ country: 'PE', roles: ['analyst'] });
    const numbers = Array.from({ length: BUDGET + 2 }, (_, i) => `B-${7000 + i}`);
    const first = await gql(net.gateway.url, aliased(numbers.slice(0, BUDGET)), {}, bearer(pe));
    expect(first.body.errors).toBeUndefined();
    // The same numbers again cost nothing; new ones do.
    const again = await gql(net.gateway.url, aliased([numbers[0], numbers[1], numbers[BUDGET]]), {}, bearer(pe));
    const limited = (again.body.errors ?? []).filter((e: { extensions: { country?: string } }) => e.extensions.country === 'AR');
    expect(limited).toHaveLength(1);
    expect(limited[0]).toMatchObject({ path: ['n2'], extensions: { code: 'RATE_LIMITED', limit: BUDGET } });
    expect(limited[0].message).toMatch(/at most 6 lookups an hour/);
    // Members without this budget (CO, PE: the default) still answered every alias.
    expect(again.body.data.n2.filter((h: Hit) => h.country !== 'AR')).toHaveLength(2);
    // Another caller has a budget of its own.
    const other = await net.token({ country: 'PE', roles: ['prosecutor'] });
    const fresh = await gql(net.gateway.url, aliased([numbers[BUDGET + 1]]), {}, bearer(other));
    expect(fresh.body.errors).toBeUndefined();
  });

  test('a restart gives no one a fresh budget: the member replays the lookups of the last hour from its audit log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'enlace-hit-budget-'));
    const start = () => startMember({
      country: 'AR', store: new KuzuStore({ path: ':memory:', bufferPoolBytes: 64 * 1024 * 1024, readConnections: 1 }), verifier: net.verifier,
      pseudonyms: keyHolderClient(net.prfKey), hitBudgetPerHour: 2, audit: { path: join(dir, 'audit.log'), headSender: null },
    });
    const ar = bearer(await net.token({ country: 'AR', roles: ['prosecutor'], subject: 'restart@ar' }));
    const ask = async (url: string, number: string) => {
      const { body } = await gql(url, SEARCH, { p: documentPseudonym(net, 'PE', number) }, ar);
      return body.errors?.[0]?.extensions?.code ?? 'answered';
    };
    try {
      const first = await start();
      expect([await ask(first.url, 'R-1'), await ask(first.url, 'R-2')]).toEqual(['answered', 'answered']);
      await first.close();
      const second = await start();
      try {
        expect(await ask(second.url, 'R-3')).toBe('RATE_LIMITED'); // the two before the restart still count
        expect(await ask(second.url, 'R-1')).toBe('answered'); // and asking one of them again is still free
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('replaying the log: lookups of the last hour count, oldest first, beyond the budget too; older ones and other entries do not', () => {
    const now = Date.parse('2026-12-07T12:00:00Z');
    const budget = new HitBudget(2, () => now);
    const caller = { subject: 's', country: 'CO', roles: ['prosecutor'], issuer: 'i' };
    const entry = (minutesAgo: number, lookups?: string[]) => ({ at: new Date(now - minutesAgo * 60_000).toISOString(), caller, lookups }) as never;
    // Newest first, as the log is read back, for as long as the budget asks.
    const log = [entry(1, ['c']), entry(5), entry(30, ['a', 'b']), entry(61, ['z'])];
    const newestWhile = (more: (e: never) => boolean) => {
      const read = [];
      for (const e of log) {
        if (!more(e)) break;
        read.push(e);
      }
      return read;
    };
    expect(replayHitBudget(budget, { newestWhile })).toBe(3); // the entry of 61 minutes ago is not even read
    const key = JSON.stringify(['i', 's', 'CO']);
    expect(() => budget.spend(key, 'd')).toThrow(/budget spent/);
    budget.spend(key, 'a'); // replayed: asking it again is free
    budget.spend(JSON.stringify(['i', 's', 'PE']), 'd'); // another caller's budget is its own
  });

  test('the window slides: a number tested an hour ago no longer counts', () => {
    let now = 0;
    const budget = new HitBudget(2, () => now);
    budget.spend('c', 'A');
    budget.spend('c', 'B');
    expect(() => budget.spend('c', 'C')).toThrow(/budget spent/);
    budget.spend('c', 'A'); // again: free
    now = 59 * 60_000;
    expect(() => budget.spend('c', 'C')).toThrow(/try again in 1 min/);
    now = 61 * 60_000;
    budget.spend('c', 'C');
    budget.spend('other', 'A');
  });
});
