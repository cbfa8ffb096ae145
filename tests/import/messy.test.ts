/**
 * The messy export (scripts/import-examples/generate-sucio.mjs) against its ground
 * truth, row for row: every genuine row imported, every broken row rejected for its
 * reason and no other; persons, cases, accounts, transfers and route observations
 * counted as the truth counts them; names split and readable, amounts as decimals;
 * then found through the gateway by the name a prosecutor types, and an imported
 * transfer and route read back as the protocol says (the owner's prosecutor reads
 * both, a foreign prosecutor the route but not the transfers).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '@enlace/store';
import { runImport, type ImportReport } from '@enlace/scripts/import';
import { bearer, gql, startNetwork, type TestNetwork } from '../support/network';

const EXAMPLES = join(__dirname, '..', '..', 'scripts', 'import-examples');
const FILE = join(EXAMPLES, 'causas-ar-sucio.tsv');
const MAPPING = join(EXAMPLES, 'mapeo-ar-sucio.json');
interface Truth {
  genuine: number[];
  broken: Array<{ line: number; what: string; column: string | null; reason: string }>;
  persons: number;
  cases: number;
  accounts: number;
  transfers: number;
  routeObservations: number;
}
const truth = JSON.parse(readFileSync(join(EXAMPLES, 'causas-ar-sucio.verdad.json'), 'utf8')) as Truth;

let net: TestNetwork;
let store: Store;
let report: ImportReport;

beforeAll(async () => {
  net = await startNetwork({ countries: ['AR', 'CO'], persons: 5 });
  store = net.members.get('AR')!.store;
  report = await runImport(store, { country: 'AR', file: FILE, mappingPath: MAPPING, dryRun: false, batchSize: 400 });
});
afterAll(() => net?.close());

test('every genuine row is imported and every broken row rejected, each for its own reason', () => {
  expect(report.rows).toBe(truth.genuine.length + truth.broken.length);
  expect(report.imported).toBe(truth.genuine.length);
  const rejected = new Map(report.problems.map((p) => [p.line, p]));
  expect([...rejected.keys()].sort((a, b) => a - b)).toEqual(truth.broken.map((b) => b.line));
  for (const b of truth.broken) {
    const got = rejected.get(b.line)!;
    expect({ line: b.line, what: b.what, column: got.column, reason: got.reason.includes(b.reason) ? b.reason : got.reason })
      .toEqual({ line: b.line, what: b.what, column: b.column, reason: b.reason });
  }
});

test('persons and cases are the truth\'s: repeated rows count once, persons keyed by id, document or name and birth', () => {
  expect(report.counts.persons.created).toBe(truth.persons);
  expect(report.counts.cases.created).toBe(truth.cases);
  expect(Object.keys(report.keyedBy).sort()).toEqual(['composite(familyNames+givenNames+dateOfBirth)', 'document', 'nationalId']);
  expect(report.counts.duplicateRows).toBeGreaterThan(0);
  // Nothing reported as differing data: the same person written with other date styles is the same record.
  expect(report.warnings.filter((w) => /differs from line/.test(w.reason))).toEqual([]);
});

test('what clerks decided is stored as meant: names readable, unknowns empty, codes translated, text on one line', async () => {
  const persons = await store.read("MATCH (p:Person) WHERE p.id STARTS WITH 'AR:' RETURN p.givenNames AS g, p.familyNames AS f, p.sex AS s, p.dateOfBirth AS b");
  const texts = persons.flatMap((p) => [String(p.g), String(p.f)]);
  expect(texts.filter((t) => /s\/d|sin dato|N\/A|,/i.test(t))).toEqual([]);
  expect(texts.filter((t) => t.length > 3 && t === t.toUpperCase())).toEqual([]); // no name left in capitals
  expect(persons.map((p) => `${p.f}, ${p.g}`)).toContain('Quispe Mamani, Jhon');
  const cases = await store.read("MATCH (c:`Case`) WHERE c.reference STARTS WITH 'FIS-AR-' RETURN c.summary AS s, c.handlingCode AS h, c.status AS st, c.offences AS o");
  expect(cases.filter((c) => /[\r\n\t]/.test(String(c.s)))).toEqual([]);
  expect(new Set(cases.map((c) => c.h))).toEqual(new Set(['H0', 'H1', 'H2', 'H3']));
  expect(new Set(cases.map((c) => c.st))).toEqual(new Set(['INVESTIGATION', 'PROSECUTION', 'TRIAL', 'CLOSED']));
  // Defaults taken are reported, grouped by the code: "En trámite" and "Restringido" are not in the mapping.
  expect(report.warnings.some((w) => w.reason.includes('"En trámite" is not in the table'))).toBe(true);
  expect(report.warnings.some((w) => w.reason.includes('"Restringido" is not in the table'))).toBe(true);
});

test('an imported person is found through the gateway by the name a prosecutor types', async () => {
  const headers = bearer(await net.token({ country: 'AR', roles: ['prosecutor'] }));
  const found = await gql(net.gateway.url, 'query($n: String!) { persons(filter: {name: $n}, countries: ["AR"], first: 50) { fullName } }', { n: 'jhon quispe mamani' }, headers);
  expect(found.body.errors).toBeUndefined();
  expect(found.body.data.persons.map((p: { fullName: string }) => p.fullName)).toContain('Jhon Quispe Mamani');
});

test('accounts, transfers and route observations are the truth\'s: an account on many rows, however its number is written, is one record', async () => {
  expect(report.counts.accounts).toEqual({ created: truth.accounts, updated: 0, unchanged: 0 });
  expect(report.counts.transfers).toEqual({ created: truth.transfers, updated: 0, unchanged: 0 });
  expect(report.counts.routeObservations).toEqual({ created: truth.routeObservations, updated: 0, unchanged: 0 });
  // The imported ones (the seed wrote others): those with a national reference.
  const transfers = await store.read("MATCH (r:NationalReference), (t:Transfer) WHERE r.key STARTS WITH 'T:' AND t.id = r.record RETURN t.amount AS a, t.currency AS cur, t.channel AS ch");
  expect(transfers).toHaveLength(truth.transfers);
  expect(transfers.filter((t) => !/^\d+(\.\d\d)?$/.test(String(t.a)))).toEqual([]); // 1.500,00 and U$S 2.300,50 stored as decimals
  expect(new Set(transfers.map((t) => t.cur))).toEqual(new Set(['ARS', 'USD']));
  expect(new Set(transfers.map((t) => t.ch))).toEqual(new Set(['BANK', 'MONEY_REMITTANCE', 'CASH_COURIER', 'MOBILE_MONEY', 'CRYPTO_ASSET']));
  // Channels nobody mapped take the mapping's default, reported.
  expect(report.warnings.some((w) => w.reason.includes('"Depósito" is not in the table: took the default "BANK"'))).toBe(true);
  // The person's own accounts have their holder; an account only ever on the other end of a transfer has none.
  const held = await store.read("MATCH (r:NationalReference), (a:Account) WHERE r.key STARTS WITH 'A:' AND a.id = r.record OPTIONAL MATCH (p:Person)-[:HOLDS_ACCOUNT]->(a) RETURN a.id AS a, count(p) AS holders");
  expect(held).toHaveLength(truth.accounts);
  expect(held.filter((a) => Number(a.holders) > 1)).toEqual([]);
  expect(held.filter((a) => Number(a.holders) === 1).length).toBeGreaterThan(100);
  const transit = await store.read("MATCH (o:RouteObservation) WHERE o.routeCode = 'RT-0007' RETURN o.legs AS legs LIMIT 1");
  expect(JSON.parse(String(transit[0].legs)).map((l: { from: { country: string } }) => l.from.country)).toEqual(['BO', 'BO', 'AR']);
});

describe('an imported transfer and route, read through the gateway as the protocol says', () => {
  const QUERY = 'query($id: ID!) { case(id: $id) { reference transfers { amount currency date channel from { identifier holder { id } } to { identifier } } ' +
    'routes { routeCode origin { country locality } transit { country locality } destination { country locality } transport } } }';
  let kase: { id: string; reference: string; amount: string };

  beforeAll(async () => {
    const [row] = await store.read(
      "MATCH (t:Transfer)-[:RECORDED_IN]->(c:`Case`)-[:USED]->(o:RouteObservation) WHERE c.reference STARTS WITH 'FIS-AR-' AND o.routeCode = 'RT-0007' " +
        'RETURN c.id AS id, c.reference AS reference, t.amount AS amount ORDER BY reference LIMIT 1',
    );
    kase = { id: String(row.id), reference: String(row.reference), amount: String(row.amount) };
  });

  test('the owner\'s prosecutor reads the case\'s transfers and its route', async () => {
    const { body } = await gql(net.gateway.url, QUERY, { id: kase.id }, bearer(await net.token({ country: 'AR', roles: ['prosecutor'] })));
    expect(body.errors).toBeUndefined();
    expect(body.data.case.transfers.map((t: { amount: string }) => t.amount)).toContain(kase.amount);
    expect(body.data.case.routes).toContainEqual({
      routeCode: 'RT-0007', origin: { country: 'BO', locality: 'Cochabamba' }, transit: [{ country: 'BO', locality: 'Villazón' }, { country: 'AR', locality: 'La Quiaca' }],
      destination: { country: 'AR', locality: 'Buenos Aires' }, transport: 'LAND',
    });
  });

  test('a foreign prosecutor reads the route (case.routes) but not the transfers (finance.transfers, without a grant)', async () => {
    const { body } = await gql(net.gateway.url, QUERY, { id: kase.id }, bearer(await net.token({ country: 'CO', roles: ['prosecutor'] })));
    expect(body.data.case.routes.map((r: { routeCode: string }) => r.routeCode)).toContain('RT-0007');
    expect(body.data.case.transfers).toBeNull();
    expect((body.errors ?? []).map((e: { extensions?: { code?: string; rule?: string } }) => [e.extensions?.code, e.extensions?.rule])).toContainEqual(['FORBIDDEN', 'finance.transfers']);
  });
});
