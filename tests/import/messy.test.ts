/**
 * The messy export (scripts/import-examples/generate-sucio.mjs) against its ground
 * truth, row for row: every genuine row imported, every broken row rejected for its
 * reason and no other; persons and cases counted as the truth counts them; names
 * split and readable; then found through the gateway by the name a prosecutor types.
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
