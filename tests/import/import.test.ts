/**
 * Importing the sample national export (scripts/import-examples) into a running
 * member's store, then reading it over HTTP through the gateway: the dry run
 * reports and writes nothing, the real run writes what the dry run said, the bad
 * row is reported with its line, column and reason, a second run changes nothing,
 * and an updated export updates (names found by the new name only), also when matched against
 * the store read whole (from the second batch on).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '@enlace/store';
import { runImport, type ImportReport } from '@enlace/scripts/import';
import { bearer, gql, startNetwork, type TestNetwork } from '../support/network';

const EXAMPLES = join(__dirname, '..', '..', 'scripts', 'import-examples');
const SAMPLE = join(EXAMPLES, 'causas-ar.csv');
const MAPPING = join(EXAMPLES, 'mapeo-ar.json');

let net: TestNetwork;
let store: Store;
let headers: Record<string, string>;
let dir: string;

beforeAll(async () => {
  net = await startNetwork({ countries: ['AR', 'CO'], persons: 20 });
  store = net.members.get('AR')!.store;
  headers = bearer(await net.token({ country: 'AR', roles: ['prosecutor'] }));
  dir = mkdtempSync(join(tmpdir(), 'enlace-import-'));
});
afterAll(async () => {
  await net?.close();
  rmSync(dir, { recursive: true, force: true });
});

const load = (file: string, dryRun = false): Promise<ImportReport> => runImport(store, { country: 'AR', file, mappingPath: MAPPING, dryRun, batchSize: 500 });
const ask = (query: string, variables: Record<string, unknown> = {}) => gql(net.gateway.url, query, variables, headers);

/** Everything the import writes, as the store holds it (ids and contents), sorted. */
async function contents() {
  const q = (cypher: string) => store.read(cypher).then((rows) => rows.map((r) => JSON.stringify(r)).sort());
  return {
    persons: await q('MATCH (p:Person) RETURN p.id AS id, p.givenNames AS g, p.familyNames AS f, p.sex AS s, p.dateOfBirth AS b, p.nationalities AS n, p.searchText AS t'),
    documents: await q('MATCH (p:Person)-[:HOLDS]->(d:Document) RETURN p.id AS p, d.id AS id, d.type AS t, d.number AS n, d.issuingCountry AS c'),
    cases: await q('MATCH (c:`Case`) RETURN c.id AS id, c.reference AS r, c.offences AS o, c.status AS s, c.openedOn AS op, c.closedOn AS cl, c.handlingCode AS h, c.summary AS su'),
    involvements: await q('MATCH (p:Person)-[i:INVOLVED]->(c:`Case`) RETURN p.id AS p, c.id AS c, i.category AS k'),
  };
}
const sizes = (c: Awaited<ReturnType<typeof contents>>) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v.length]));
const idOf = async (key: string) => String((await store.read('MATCH (r:NationalReference) WHERE r.key = $key RETURN r.record AS id', { key }))[0]?.id);
const namesFound = async (name: string) => (await ask('query($n: String!) { persons(filter: {name: $n}, countries: ["AR"], first: 500) { id } }', { n: name })).body.data.persons.map((p: { id: string }) => p.id);

const BAD_ROW = { line: 1501, column: 'fecha_nacimiento', reason: 'person.dateOfBirth must be a date as DD/MM/YYYY or YYYY-MM-DD (got "31/02/1985")' };
let dry: ImportReport;

test('a dry run reports every row, the bad one with its line, column and reason, and writes nothing', async () => {
  const before = await contents();
  dry = await load(SAMPLE, true);
  expect(dry.rows).toBe(2999);
  expect(dry.problems).toEqual([BAD_ROW]);
  expect(dry.counts.persons.created).toBeGreaterThan(1000);
  expect(dry.counts.duplicateRows).toBeGreaterThan(0); // rows exported twice count once
  expect(await contents()).toEqual(before);
});

test('the real run writes what the dry run announced, skips the bad row, and the records read back over HTTP', async () => {
  const before = sizes(await contents());
  const report = await load(SAMPLE);
  expect(report.problems).toEqual([BAD_ROW]);
  expect(report.counts).toEqual(dry.counts);
  const after = sizes(await contents());
  expect(after.persons - before.persons).toBe(report.counts.persons.created);
  expect(after.cases - before.cases).toBe(report.counts.cases.created);
  expect(after.involvements - before.involvements).toBe(report.counts.involvements.created);
  expect(after.documents - before.documents).toBe(report.counts.documents);

  // Line 2: Iván Cáceres (AR-P-100616), suspect in FIS-AR-2024-00001, DNI 14.709.927, dates DD/MM/YYYY.
  const id = await idOf('P:AR-P-100616');
  const { body } = await ask('query($id: ID!) { person(id: $id) { fullName sex dateOfBirth nationalities documents { type number issuingCountry } involvements { category case { reference offences status openedOn } } } }', { id });
  expect(body.errors).toBeUndefined();
  expect(body.data.person).toMatchObject({ fullName: 'Iván Cáceres', sex: 'MALE', dateOfBirth: '1979-11-18', nationalities: ['BO', 'AR'], documents: [{ type: 'NATIONAL_ID', number: '14.709.927', issuingCountry: 'AR' }] });
  expect(body.data.person.involvements).toContainEqual({ category: 'SUSPECT', case: { reference: 'FIS-AR-2024-00001', offences: ['TIP', 'DOCUMENT_FRAUD'], status: 'PROSECUTION', openedOn: '2024-12-15' } });
  // The name index holds the imported names (accents and case folded).
  expect(await namesFound('ivan caceres')).toContain(id);
  // The bad row's person (line 1501) was not written, unless another row of the same person was valid.
  const rejected = readFileSync(SAMPLE, 'utf8').split('\n')[1500].split(';');
  expect(rejected).toContain('31/02/1985');
});

test('importing the same export again changes nothing: counts and contents are the same', async () => {
  const before = await contents();
  const report = await load(SAMPLE);
  expect(report.counts.persons).toEqual({ created: 0, updated: 0, unchanged: dry.counts.persons.created });
  expect(report.counts.cases).toEqual({ created: 0, updated: 0, unchanged: dry.counts.cases.created });
  expect(report.counts.involvements).toEqual({ created: 0, updated: 0, unchanged: dry.counts.involvements.created });
  expect(await contents()).toEqual(before);
});

test('an updated export updates: a case closed, a person renamed (found by the new name only), a role changed', async () => {
  const lines = readFileSync(SAMPLE, 'utf8').split('\n');
  const updated = lines.map((line) => {
    let l = line;
    if (l.startsWith('FIS-AR-2024-00001;')) l = l.replace(';Acusación;15/12/2024;;', ';Archivada;15/12/2024;20/01/2025;');
    if (l.includes(';AR-P-100616;')) l = l.replace(';Iván;Cáceres;', ';Ivo;Cáceres;');
    if (l.includes(';AR-P-107861;') && l.startsWith('FIS-AR-2024-00001;')) l = l.replace(/;Víctima$/, ';Testigo');
    return l;
  });
  const file = join(dir, 'causas-ar-2.csv');
  writeFileSync(file, updated.join('\n'));
  const report = await load(file);
  expect(report.counts.cases.updated).toBe(1);
  expect(report.counts.persons.updated).toBe(1);
  expect(report.counts.involvements.updated).toBe(1);
  expect(report.counts.persons.created + report.counts.cases.created + report.counts.involvements.created).toBe(0);

  const person = await idOf('P:AR-P-100616');
  const kase = await idOf('C:FIS-AR-2024-00001');
  const { body } = await ask('query($c: ID!) { case(id: $c) { status closedOn involved { category person { id } } } }', { c: kase });
  expect(body.data.case).toMatchObject({ status: 'CLOSED', closedOn: '2025-01-20' });
  expect(body.data.case.involved).toContainEqual({ category: 'WITNESS', person: { id: await idOf('P:AR-P-107861') } });
  expect(await namesFound('ivo caceres')).toEqual([person]);
  expect(await namesFound('ivan caceres')).not.toContain(person);
  // The same updated export again: nothing more to change.
  const again = await load(file);
  expect(again.counts.persons.updated + again.counts.cases.updated + again.counts.involvements.updated).toBe(0);
});

test('an export without a column the mapping needs for a required field is refused before any row', async () => {
  const [header, ...rows] = readFileSync(SAMPLE, 'utf8').split('\n');
  const file = join(dir, 'sin-apellidos.csv');
  writeFileSync(file, [header.replace('apellidos', 'apellido'), ...rows.slice(0, 3)].join('\n'));
  await expect(load(file)).rejects.toThrow(/lacks the column\(s\) apellidos \(person\.familyNames\)/);
});

test('NDJSON: the same mapping by keys, a line that is not JSON reported with its number', async () => {
  const file = join(dir, 'causas.ndjson');
  const person = { nro_causa: 'FIS-AR-2025-90001', delitos: 'Tráfico ilícito de migrantes', estado: 'Juicio', fecha_inicio: '2025-03-01', codigo_tratamiento: 'H1', resumen: 'Cruce por Clorinda.', id_persona: 'AR-P-990001', nombres: 'Begoña', apellidos: 'Añez', calidad: 'Imputado' };
  writeFileSync(file, [JSON.stringify(person), '{not json', JSON.stringify({ ...person, id_persona: 'AR-P-990002', calidad: 'Sobrino' })].join('\n'));
  const report = await load(file);
  expect(report.problems.map((p) => [p.line, p.column])).toEqual([[2, null], [3, 'calidad']]);
  expect(report.counts.persons.created).toBe(1);
  expect(await namesFound('begona anez')).toContain(await idOf('P:AR-P-990001'));
});

test('a year of birth alone is kept as such: the date stays unknown, the age band and minor flag come from the year where it settles them; a whole date later replaces it', async () => {
  const mapping = join(dir, 'year.json');
  const base = JSON.parse(readFileSync(MAPPING, 'utf8')) as { dateFormats: string[] };
  writeFileSync(mapping, JSON.stringify({ ...base, dateFormats: [...base.dateFormats, 'YYYY', 'MM/YYYY'] }));
  const file = join(dir, 'years.ndjson');
  const year = new Date().getUTCFullYear();
  const row = (id: string, born: string) => JSON.stringify({ nro_causa: 'FIS-AR-2025-90100', delitos: 'Trata de personas', estado: 'Juicio', fecha_inicio: '2025-03-01', codigo_tratamiento: 'H1', resumen: 'Años.', id_persona: id, nombres: 'Ana', apellidos: 'Año', fecha_nacimiento: born, calidad: 'Víctima' });
  // 1980: 45 or 46 (one band, adult); the year 40 years ago: 39 or 40 (one band); 12 years ago: 11 or 12 (two bands, a minor either way).
  writeFileSync(file, [row('AR-P-990100', '1980'), row('AR-P-990101', `03/${year - 40}`), row('AR-P-990102', String(year - 12))].join('\n'));
  const report = await runImport(store, { country: 'AR', file, mappingPath: mapping, dryRun: false, batchSize: 500 });
  expect(report.problems).toEqual([]);
  expect(report.warnings.map((w) => w.reason)).toEqual(expect.arrayContaining([expect.stringMatching(/"1980" is a partial date \(1980\): the date of birth is left unknown and the year 1980 kept/)]));
  const read = async (key: string) => (await ask('query($id: ID!) { person(id: $id) { dateOfBirth ageBand minor } }', { id: await idOf(key) })).body.data.person;
  expect(await read('P:AR-P-990100')).toEqual({ dateOfBirth: null, ageBand: 'ADULT_30_49', minor: false });
  expect(await read('P:AR-P-990101')).toEqual({ dateOfBirth: null, ageBand: 'ADULT_30_49', minor: false });
  expect(await read('P:AR-P-990102')).toEqual({ dateOfBirth: null, ageBand: 'UNKNOWN', minor: true });
  // Imported again: unchanged. A prosecutor who learns the whole date sets it, and the year goes.
  expect((await runImport(store, { country: 'AR', file, mappingPath: mapping, dryRun: false, batchSize: 500 })).counts.persons).toEqual({ created: 0, updated: 0, unchanged: 3 });
  const id = await idOf('P:AR-P-990102');
  const { body } = await ask('mutation($id: ID!) { updatePerson(personId: $id, input: { dateOfBirth: "2000-01-01" }) { dateOfBirth ageBand minor } }', { id });
  expect(body.errors).toBeUndefined();
  expect(body.data.updatePerson).toEqual({ dateOfBirth: '2000-01-01', ageBand: expect.stringMatching(/^ADULT_/), minor: false });
  expect((await store.read('MATCH (p:Person {id: $id}) RETURN p.birthYear AS y', { id }))[0].y).toBeNull();
});

test('from the second batch on the store is read whole: a role changed there is still an update, not a new involvement', async () => {
  const [header, ...lines] = readFileSync(join(dir, 'causas-ar-2.csv'), 'utf8').split('\n');
  const unchanged = lines.find((l) => l.startsWith('FIS-AR-2016-00171;') && l.includes(';AR-P-107861;'))!;
  const witness = lines.find((l) => l.startsWith('FIS-AR-2024-00001;') && l.includes(';AR-P-107861;'))!;
  expect(witness).toMatch(/;Testigo$/);
  const file = join(dir, 'causas-ar-3.csv');
  writeFileSync(file, [header, unchanged, witness.replace(/;Testigo$/, ';Imputado')].join('\n'));
  const report = await runImport(store, { country: 'AR', file, mappingPath: MAPPING, dryRun: false, batchSize: 1 });
  expect(report.counts.involvements).toEqual({ created: 0, updated: 1, unchanged: 1 });
  expect(report.counts.persons).toEqual({ created: 0, updated: 0, unchanged: 1 });
  expect(report.counts.cases).toEqual({ created: 0, updated: 0, unchanged: 2 });
  const categories = await store.read('MATCH (p:Person {id: $p})-[i:INVOLVED]->(c:`Case` {id: $c}) RETURN i.category AS k', { p: await idOf('P:AR-P-107861'), c: await idOf('C:FIS-AR-2024-00001') });
  expect(categories).toEqual([{ k: 'SUSPECT' }]);
});
