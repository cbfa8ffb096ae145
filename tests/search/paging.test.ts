/**
 * Paging through the real gateway and three members on loopback (issue 20):
 * every page field walked to its end gives exactly what the list field gives,
 * each member's count is what it delivers (the protocol's withheld records
 * neither listed nor counted), a member's own cursor pages that member alone,
 * records written between two pages neither repeat nor go missing, and a cursor
 * that is not the caller's own for this list and filter is BAD_CURSOR.
 */
import { bearer, gql, SEED, startNetwork, type TestNetwork } from '../support/network';
import { buildWorld, type CallerSpec } from '../protocol/oracle';
import { expectedPersons, wordsOf } from './filterOracle';

const COUNTRIES = ['AR', 'CO', 'PE'];
const PERSONS = 60;
/** PE stops counting here, so "more than N" is seen. */
const PE_COUNT_CAP = 5;

interface MemberPage { country: string; count: number; countCapped: boolean; returned: number; hasNextPage: boolean; endCursor: string | null }
interface Page { items: Array<{ id: string; fullName?: string | null }>; members: MemberPage[]; hasNextPage: boolean; endCursor: string | null }
type Body = { data?: any; errors?: any[] }; // eslint-disable-line @typescript-eslint/no-explicit-any

const PERSONS_PAGE = `query ($f: PersonFilter, $first: Int, $after: String, $countries: [String!]) {
  personsPage(filter: $f, first: $first, after: $after, countries: $countries) {
    items { id fullName } members { country count countCapped returned hasNextPage endCursor } hasNextPage endCursor } }`;

let net: TestNetwork;
let co: Record<string, string>;
let arOwn: Record<string, string>;

beforeAll(async () => {
  net = await startNetwork({ countries: COUNTRIES, persons: PERSONS, seed: SEED, memberOptions: { PE: { countCap: PE_COUNT_CAP } } });
  co = bearer(await net.token({ country: 'CO', roles: ['prosecutor'], subject: 'co-prosecutor' }));
  arOwn = bearer(await net.token({ country: 'AR', roles: ['prosecutor'], subject: 'ar-prosecutor' }));
}, 90_000);
afterAll(() => net?.close());

async function page(headers: Record<string, string>, variables: Record<string, unknown>, query = PERSONS_PAGE, field = 'personsPage'): Promise<{ page: Page; body: Body }> {
  const { body } = await gql(net.gateway.url, query, variables, headers);
  return { page: body.data?.[field] as Page, body };
}

/** Every page from the first, following endCursor: the items, and each page's member entries. */
async function walk(headers: Record<string, string>, variables: Record<string, unknown>, query = PERSONS_PAGE, field = 'personsPage') {
  const items: string[] = [];
  const pages: Page[] = [];
  let after: string | null = null;
  do {
    const { page: p, body } = await page(headers, { ...variables, after }, query, field);
    expect(body.errors?.filter((e) => e.extensions?.code !== 'FORBIDDEN') ?? []).toEqual([]);
    pages.push(p);
    items.push(...p.items.map((i) => i.id));
    expect(p.hasNextPage).toBe(p.endCursor !== null);
    after = p.endCursor;
    expect(pages.length).toBeLessThan(200);
  } while (after);
  return { items, pages };
}

const owner = (id: string) => id.slice(0, 2);
const byOwner = (ids: string[], country: string) => ids.filter((id) => owner(id) === country);

async function listed(headers: Record<string, string>, filter: object, field = 'persons', type = 'PersonFilter'): Promise<string[]> {
  const { body } = await gql(net.gateway.url, `query ($f: ${type}) { ${field}(filter: $f, first: 500) { ${field === 'routes' ? 'code' : 'id'} } }`, { f: filter }, headers);
  expect(body.errors?.filter((e: { extensions?: { code?: string } }) => e.extensions?.code !== 'FORBIDDEN') ?? []).toEqual([]);
  return body.data[field].map((r: { id?: string; code?: string }) => r.id ?? r.code);
}

/** The most frequent word of AR's seeded names: a search that finds minors and victims among others. */
function commonName(): string {
  const world = buildWorld('AR', COUNTRIES, PERSONS, SEED);
  const counts = new Map<string, number>();
  for (const p of world.persons.values()) for (const w of new Set(wordsOf(p.familyNames))) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0][0];
}

/** The word of AR's seeded names that finds the most persons a CO prosecutor may see there (by the oracle), so the walk has pages to walk. */
function widestNameForCo(): string {
  const world = buildWorld('AR', COUNTRIES, PERSONS, SEED);
  const foreign: CallerSpec = { name: 'CO prosecutor', country: 'CO', roles: ['prosecutor'] };
  const words = new Set([...world.persons.values()].flatMap((p) => wordsOf(p.familyNames)));
  const seen = [...words].sort().map((w) => [w, expectedPersons(world, foreign, { name: w }).length] as const);
  return seen.sort((a, b) => b[1] - a[1])[0][0];
}

describe('persons, page by page, as a foreign prosecutor', () => {
  test('walking every page gives what the list gives, per member in its order, and each member counts what it delivers', async () => {
    for (const filter of [{}, { name: widestNameForCo() }]) {
      // Pages of 2 for the name: a CO prosecutor sees three or four persons of any one name.
      const { items, pages } = await walk(co, { f: filter, first: 'name' in filter ? 2 : 4 });
      expect(new Set(items).size).toBe(items.length);
      const all = await listed(co, filter);
      for (const country of COUNTRIES) expect(byOwner(items, country)).toEqual(byOwner(all, country));
      const first = pages[0].members;
      expect(first.map((m) => m.country)).toEqual(COUNTRIES);
      for (const m of first) {
        const delivered = byOwner(items, m.country).length;
        if (m.country === 'PE' && delivered > PE_COUNT_CAP) expect(m).toMatchObject({ count: PE_COUNT_CAP, countCapped: true });
        else expect(m).toMatchObject({ count: delivered, countCapped: false });
        expect(m.returned).toBe(pages[0].items.filter((i) => owner(i.id) === m.country).length);
      }
      // More than one page for at least one member, or the walk proved little; PE's count stopped at its cap.
      expect(pages.length).toBeGreaterThan(1);
      if (!Object.keys(filter).length) expect(first.find((m) => m.country === 'PE')).toMatchObject({ count: PE_COUNT_CAP, countCapped: true });
    }
  });

  test('a member withholds from the count what it withholds from the list (minors; names the caller may not read)', async () => {
    const name = commonName();
    const world = buildWorld('AR', COUNTRIES, PERSONS, SEED);
    const foreign: CallerSpec = { name: 'CO prosecutor', country: 'CO', roles: ['prosecutor'] };
    const own: CallerSpec = { name: 'AR prosecutor', country: 'AR', roles: ['prosecutor'] };
    const partner: CallerSpec = { name: 'partner', country: 'XP', roles: ['partner'] };
    const asPartner = bearer(await net.token({ country: 'XP', roles: ['partner'] }));
    for (const filter of [{}, { name }]) {
      const asForeign = (await page(co, { f: filter, first: 1, countries: ['AR'] })).page.members[0];
      const asOwner = (await page(arOwn, { f: filter, first: 1, countries: ['AR'] })).page.members[0];
      expect(asForeign.count).toBe(expectedPersons(world, foreign, filter).length);
      expect(asOwner.count).toBe(expectedPersons(world, own, filter).length);
      const partnerPage = (await page(asPartner, { f: filter, first: 500, countries: ['AR'] })).page;
      expect(partnerPage.members[0].count).toBe(expectedPersons(world, partner, filter).length);
      expect(partnerPage.items.map((i) => i.id)).toEqual(expectedPersons(world, partner, filter));
      // The seed holds minors and victims: the foreign count is smaller, not the owner's.
      expect(asForeign.count).toBeLessThan(asOwner.count);
    }
  });

  test('a member\'s own cursor asks that member alone for its next page', async () => {
    const { page: first } = await page(co, { f: {}, first: 3 });
    const ar = first.members.find((m) => m.country === 'AR')!;
    expect(ar.hasNextPage).toBe(true);
    const { page: next, body } = await page(co, { f: {}, first: 3, after: ar.endCursor });
    // Victims' and witnesses' names are withheld from CO: FORBIDDEN on those fields, nothing else.
    expect(body.errors?.filter((e) => e.extensions?.code !== 'FORBIDDEN') ?? []).toEqual([]);
    expect(next.members.map((m) => m.country)).toEqual(['AR']);
    expect(next.items.every((i) => owner(i.id) === 'AR')).toBe(true);
    const all = byOwner(await listed(co, {}), 'AR');
    expect(next.items.map((i) => i.id)).toEqual(all.slice(3, 6));
    // With countries, the page's own cursor narrows to the members named.
    const { page: narrowed } = await page(co, { f: {}, first: 3, after: first.endCursor, countries: ['PE'] });
    expect(narrowed.members.map((m) => m.country)).toEqual(['PE']);
  });

  test('a person recorded between two pages is neither repeated nor skipped: it comes last, in its order', async () => {
    const { page: first } = await page(arOwn, { f: {}, first: 10, countries: ['AR'] });
    const { body } = await gql(net.gateway.url, 'mutation { createPerson(input: { givenNames: "Paginada", familyNames: "Entre Páginas", dateOfBirth: "1980-01-01" }) { id } }', {}, arOwn);
    expect(body.errors).toBeUndefined();
    const created = body.data.createPerson.id as string;
    const seen = first.items.map((i) => i.id);
    let after = first.endCursor;
    while (after) {
      const { page: p } = await page(arOwn, { f: {}, first: 10, after });
      seen.push(...p.items.map((i) => i.id));
      after = p.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen[seen.length - 1]).toBe(created);
    expect(seen).toEqual(await listed(arOwn, {}).then((ids) => ids.filter((id) => owner(id) === 'AR')));
  });
});

describe('cursors are opaque and checked', () => {
  const badCursor = (body: Body) => {
    const error = body.errors?.find((e) => e.extensions?.code === 'BAD_CURSOR');
    expect(error).toBeDefined();
    expect(error.extensions.stacktrace).toBeUndefined();
    expect(error.extensions.field).toBe('after');
    return error;
  };

  test('a cursor names no record and no position: members seal theirs, afresh each time', async () => {
    const { page: a } = await page(co, { f: {}, first: 2 });
    const { page: b } = await page(co, { f: {}, first: 2 });
    expect(a.endCursor).not.toBe(b.endCursor);
    const envelope = JSON.parse(Buffer.from(a.endCursor!.slice(4), 'base64url').toString('utf8')) as { f: string; m: Array<[string, string]> };
    expect(envelope.f).toBe('personsPage');
    for (const [, sealed] of envelope.m) {
      expect(sealed).toMatch(/^PC1\./);
      const inside = Buffer.from(sealed.slice(4), 'base64url').toString('latin1');
      for (const id of a.items.map((i) => i.id)) expect(inside).not.toContain(id.split(':')[2]);
    }
  });

  test('malformed, altered or made-up cursors are BAD_CURSOR, at the gateway or at the member', async () => {
    for (const after of ['', 'nonsense', 'GC1.', 'GC1.bm90IGpzb24', `GC1.${Buffer.from(JSON.stringify({ f: 'personsPage', m: [['XX', null]] })).toString('base64url')}`]) {
      const { body } = await page(co, { f: {}, first: 2, after });
      badCursor(body);
      expect(body.data?.personsPage ?? null).toBeNull();
    }
    const { page: first } = await page(co, { f: {}, first: 2 });
    const envelope = JSON.parse(Buffer.from(first.endCursor!.slice(4), 'base64url').toString('utf8')) as { f: string; m: Array<[string, string]> };
    const [country, sealed] = envelope.m[0];
    const flipped = sealed.slice(0, 10) + (sealed[10] === 'A' ? 'B' : 'A') + sealed.slice(11);
    const altered = `GC1.${Buffer.from(JSON.stringify({ f: 'personsPage', m: [[country, flipped]] })).toString('base64url')}`;
    const { body } = await page(co, { f: {}, first: 2, after: altered });
    expect(badCursor(body).extensions.country).toBe(country);
  });

  test('a cursor is the caller\'s own, for this list and this filter', async () => {
    const { page: first } = await page(co, { f: { nationality: 'AR' }, first: 1, countries: ['AR'] });
    const cursor = first.endCursor!;
    expect(cursor).toMatch(/^GC1\./);
    // Another prosecutor of the same country; another filter; another list.
    const colleague = bearer(await net.token({ country: 'CO', roles: ['prosecutor'], subject: 'co-colleague' }));
    badCursor((await page(colleague, { f: { nationality: 'AR' }, first: 1, after: cursor })).body);
    badCursor((await page(co, { f: { nationality: 'PE' }, first: 1, after: cursor })).body);
    const { body } = await gql(net.gateway.url, 'query ($after: String) { casesPage(first: 1, after: $after) { items { id } } }', { after: cursor }, co);
    badCursor(body);
    // The same caller, list and filter (written in another key order) go on.
    const { body: ok } = await page(co, { f: { category: null, nationality: 'AR' }, first: 1, after: cursor });
    expect(ok.errors?.filter((e) => e.extensions?.code !== 'FORBIDDEN') ?? []).toEqual([]);
    expect(ok.data.personsPage.items).toHaveLength(1);
  });
});

describe('the other lists', () => {
  test('cases and routes, walked page by page, are the lists', async () => {
    const CASES = `query ($f: CaseFilter, $first: Int, $after: String) { casesPage(filter: $f, first: $first, after: $after) {
      items { id } members { country count countCapped returned hasNextPage endCursor } hasNextPage endCursor } }`;
    const cases = await walk(co, { f: { offence: 'TIP' }, first: 5 }, CASES, 'casesPage');
    const allCases = await listed(co, { offence: 'TIP' }, 'cases', 'CaseFilter');
    for (const country of COUNTRIES) expect(byOwner(cases.items, country)).toEqual(byOwner(allCases, country));
    expect(cases.pages[0].members.find((m) => m.country === 'AR')!.count).toBe(byOwner(allCases, 'AR').length);

    const ROUTES = `query ($first: Int, $after: String) { routesPage(first: $first, after: $after, countries: ["AR", "CO"]) {
      items { code observations { country } } members { country count returned hasNextPage endCursor } hasNextPage endCursor } }`;
    const codes: string[] = [];
    let after: string | null = null;
    do {
      const { body } = await gql(net.gateway.url, ROUTES, { first: 4, after }, co);
      expect(body.errors).toBeUndefined();
      const p = body.data.routesPage;
      // A route both observed is one item with both members' observations.
      codes.push(...p.items.map((r: { code: string }) => r.code));
      after = p.endCursor;
    } while (after);
    const { body } = await gql(net.gateway.url, '{ routes(first: 500, countries: ["AR", "CO"]) { code } }', {}, co);
    expect([...new Set(codes)].sort()).toEqual(body.data.routes.map((r: { code: string }) => r.code).sort());
  });

  test("a case's transfers, page by page, to whom finance.transfers gives them; withheld from others, page and count alike", async () => {
    const { body } = await gql(net.gateway.url, '{ cases(countries: ["AR"], first: 500) { id transfers { id } } }', {}, arOwn);
    const withTransfers = (body.data.cases as Array<{ id: string; transfers: Array<{ id: string }> }>).sort((a, b) => b.transfers.length - a.transfers.length)[0];
    expect(withTransfers.transfers.length).toBeGreaterThan(1);
    const PAGE = 'query ($id: ID!, $after: String) { case(id: $id) { transfersPage(first: 1, after: $after) { items { id } count countCapped hasNextPage endCursor } } }';
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const { body: b } = await gql(net.gateway.url, PAGE, { id: withTransfers.id, after }, arOwn);
      expect(b.errors).toBeUndefined();
      const p = b.data.case.transfersPage;
      expect(p).toMatchObject({ count: withTransfers.transfers.length, countCapped: false });
      seen.push(...p.items.map((t: { id: string }) => t.id));
      after = p.endCursor;
    } while (after);
    expect(seen).toEqual(withTransfers.transfers.map((t) => t.id));
    // A foreign prosecutor without a grant: the page is withheld as the list is, count and all.
    const { body: denied } = await gql(net.gateway.url, PAGE, { id: withTransfers.id }, co);
    expect(denied.data.case.transfersPage).toBeNull();
    expect(denied.errors.map((e: { extensions: { code: string; rule: string } }) => [e.extensions.code, e.extensions.rule])).toEqual([['FORBIDDEN', 'finance.transfers']]);
  });

  test('the audit log, newest first, page by page, for the member\'s auditor alone', async () => {
    const auditor = bearer(await net.token({ country: 'AR', roles: ['auditor'], subject: 'ar-auditor' }));
    const AUDIT = `query ($after: String) { auditLogPage(countries: ["AR"], first: 3, after: $after) {
      items { seq } members { country count countCapped } hasNextPage endCursor } }`;
    const first = (await gql(net.gateway.url, AUDIT, {}, auditor)).body.data.auditLogPage;
    const second = (await gql(net.gateway.url, AUDIT, { after: first.endCursor }, auditor)).body.data.auditLogPage;
    const seqs = [...first.items, ...second.items].map((e: { seq: number }) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(new Set(seqs).size).toBe(6);
    expect(first.members[0].count).toBeGreaterThanOrEqual(6);
    // A prosecutor is refused the log, page or not.
    const { body } = await gql(net.gateway.url, AUDIT, {}, arOwn);
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(body.data?.auditLogPage ?? null).toBeNull();
  });
});

describe('cooperation requests, at the secretariat', () => {
  const PAGE = `query ($f: CooperationFilter, $after: String) { cooperationRequestsPage(filter: $f, first: 2, after: $after) {
    items { id deadline } count countCapped hasNextPage endCursor } }`;

  async function walkRequests(headers: Record<string, string>, filter: object) {
    const ids: string[] = [];
    const counts: number[] = [];
    let after: string | null = null;
    do {
      const { body } = await gql(net.gateway.url, PAGE, { f: filter, after }, headers);
      expect(body.errors).toBeUndefined();
      const p = body.data.cooperationRequestsPage;
      ids.push(...p.items.map((r: { id: string }) => r.id));
      counts.push(p.count);
      after = p.endCursor;
    } while (after);
    return { ids, counts };
  }

  test.each([
    ['secretariat staff, every request', { country: 'XS', roles: ['secretariat'] as const }, {}, 3],
    ['a CO prosecutor, as requester', { country: 'CO', roles: ['prosecutor'] as const }, { role: 'REQUESTER' }, 1],
    ['an AR prosecutor, as owner', { country: 'AR', roles: ['prosecutor'] as const }, { role: 'OWNER' }, 3],
  ])('%s: walked page by page, the list, in its order, and counted as delivered', async (_who, who, filter, atLeast) => {
    const headers = bearer(await net.token({ country: who.country, roles: [...who.roles] }));
    const { ids, counts } = await walkRequests(headers, filter);
    const { body } = await gql(net.gateway.url, 'query ($f: CooperationFilter) { cooperationRequests(filter: $f) { id } }', { f: filter }, headers);
    expect(ids).toEqual(body.data.cooperationRequests.map((r: { id: string }) => r.id));
    expect(ids.length).toBeGreaterThanOrEqual(atLeast);
    expect(new Set(counts)).toEqual(new Set([ids.length]));
  });

  test("another caller's cursor, or a changed filter, is BAD_CURSOR", async () => {
    const staff = bearer(await net.token({ country: 'XS', roles: ['secretariat'] }));
    const { body } = await gql(net.gateway.url, PAGE, { f: {} }, staff);
    const after = body.data.cooperationRequestsPage.endCursor;
    const other = bearer(await net.token({ country: 'XS', roles: ['secretariat'], subject: 'other-staff' }));
    for (const [headers, f] of [[other, {}], [staff, { state: 'FILED' }]] as const) {
      const { body: refused } = await gql(net.gateway.url, PAGE, { f, after }, headers);
      expect(refused.errors?.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['BAD_CURSOR']);
    }
  });
});
