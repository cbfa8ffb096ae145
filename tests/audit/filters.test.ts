/**
 * The audit view's filters through the gateway over HTTP (issue 20, item 7): AR's auditors filter
 * AR's log by dates, the caller's country, a record and the cooperation grant a read was made under,
 * and page through exactly what a filter selects (what the console's CSV export reads); the log
 * stays AR's auditors' alone.
 */
import { makeId, type Role } from '@enlace/platform';
import { ANCHORS, DEMO_GRANT } from '@enlace/scripts/seed/generate';
import { bearer, gql, startNetwork, type TestNetwork } from '../support/network';

let net: TestNetwork;
const VICTIM = makeId('AR', 'P', ANCHORS.victimAdultSeq);
let startedAt = '';

beforeAll(async () => {
  net = await startNetwork({ countries: ['AR', 'CO', 'PE'], persons: 12 });
  startedAt = new Date().toISOString();
  const as = async (country: string, purpose: string, caseRef: string) => bearer(await net.token({ country, roles: ['prosecutor'] as Role[] }), purpose, caseRef);
  // CO reads AR's adult victim under the seeded grant; PE reads her without one; AR reads its own records.
  const read = `{ person(id: "${VICTIM}") { id fullName } }`;
  await gql(net.gateway.url, read, {}, await as('CO', DEMO_GRANT.purpose, DEMO_GRANT.caseRef));
  await gql(net.gateway.url, read, {}, await as('PE', 'investigation', 'PE-2026-1'));
  await gql(net.gateway.url, '{ persons(countries: ["AR"], first: 3) { id } }', {}, await as('AR', 'investigation', 'AR-2026-1'));
});
afterAll(() => net?.close());

interface Entry { seq: number; at: string; caller: { country: string } | null; delivered: Array<{ record: string; grants: string[] | null }> }
const PAGE = `query($f: AuditFilter, $after: String, $first: Int) { auditLogPage(countries: ["AR"], filter: $f, first: $first, after: $after) {
  items { seq at caller { country } delivered { record grants } } members { count } hasNextPage endCursor } }`;

async function page(filter: Record<string, unknown>, first = 50, after: string | null = null, role: Role = 'auditor') {
  const headers = bearer(await net.token({ country: 'AR', roles: [role] }), 'audit', 'AUD-2026-4');
  return gql(net.gateway.url, PAGE, { f: filter, after, first }, headers);
}
async function entries(filter: Record<string, unknown>): Promise<Entry[]> {
  const { body } = await page(filter);
  expect(body.errors).toBeUndefined();
  return body.data.auditLogPage.items;
}

describe("AR's auditor filters AR's audit log", () => {
  test('by caller country: only CO callers, and none of the others', async () => {
    const co = await entries({ callerCountry: 'CO' });
    expect(co.length).toBeGreaterThan(0);
    expect(new Set(co.map((e) => e.caller?.country))).toEqual(new Set(['CO']));
    const pe = await entries({ callerCountry: 'PE' });
    expect(new Set(pe.map((e) => e.caller?.country))).toEqual(new Set(['PE']));
    expect(pe.map((e) => e.seq)).not.toEqual(expect.arrayContaining(co.map((e) => e.seq)));
  });

  test('by grant: the reads made under the seeded grant, and nothing for another grant', async () => {
    const under = await entries({ grant: DEMO_GRANT.grantId });
    expect(under.length).toBeGreaterThan(0);
    for (const e of under) {
      expect(e.caller?.country).toBe('CO');
      expect(e.delivered).toEqual(expect.arrayContaining([{ record: VICTIM, grants: [DEMO_GRANT.grantId] }]));
    }
    expect(await entries({ grant: makeId('XS', 'G', 999) })).toEqual([]);
  });

  test('by record and by dates', async () => {
    const victim = await entries({ record: VICTIM });
    expect(victim.map((e) => e.caller?.country)).toEqual(expect.arrayContaining(['CO', 'PE']));
    for (const e of victim) expect(e.delivered.map((d) => d.record)).toContain(VICTIM);
    expect(await entries({ record: VICTIM, to: '2000-01-01' })).toEqual([]);
    const since = await entries({ from: startedAt });
    expect(since.length).toBeGreaterThanOrEqual(3);
    for (const e of since) expect(e.at >= startedAt).toBe(true);
  });

  test('paging through a filter gives every entry it selects once, as many as it counts (what the export reads)', async () => {
    const filter = { callerCountry: 'CO' };
    const seen: number[] = [];
    let after: string | null = null;
    let count = -1;
    do {
      const { body }: { body: { data: { auditLogPage: { items: Entry[]; members: Array<{ count: number }>; hasNextPage: boolean; endCursor: string | null } } } } = await page(filter, 1, after);
      count = body.data.auditLogPage.members[0].count;
      seen.push(...body.data.auditLogPage.items.map((e) => e.seq));
      after = body.data.auditLogPage.hasNextPage ? body.data.auditLogPage.endCursor : null;
    } while (after);
    expect(seen.length).toBe(count);
    expect(new Set(seen).size).toBe(count);
    expect(seen).toEqual((await entries(filter)).map((e) => e.seq));
  });

  test('a malformed filter is BAD_USER_INPUT naming it; an AR prosecutor may not read the log at all', async () => {
    const bad = await page({ grant: 'x'.repeat(41) });
    expect(bad.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.grant' });
    const prosecutor = await page({ callerCountry: 'CO' }, 50, null, 'prosecutor');
    expect(prosecutor.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'audit.read' });
  });
});
