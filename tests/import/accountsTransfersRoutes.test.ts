/**
 * Accounts, transfers and route observations from an export's columns, upserted like persons
 * and cases: the same account on many rows (however its number is written) is one record, its
 * holder the row's person; a transfer is matched on the export's reference, a route observation
 * on (case, route code); the same export twice changes nothing; an updated one updates; an
 * interrupted import run again ends where a whole run would; erased records are made again;
 * a row whose part is invalid is rejected whole. Into an embedded store, through runImport.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eraseCase, erasePerson } from '@enlace/member';
import { KuzuStore, type Store } from '@enlace/store';
import { runImport, type ImportReport } from '@enlace/scripts/import';

const MAPPING = {
  format: 'csv', delimiter: ';', dateFormats: ['DD/MM/YYYY'],
  person: { nationalId: 'id', familyNames: 'apellido' },
  case: {
    reference: 'causa', offences: { value: 'TIP' }, status: { value: 'INVESTIGATION' }, openedOn: { value: '2020-01-01' }, summary: { value: 'Resumen' }, handlingCode: { value: 'H1' },
  },
  involvement: { category: { value: 'SUSPECT' } },
  account: { institution: 'banco', identifierType: { value: 'ACCOUNT_NUMBER' }, identifier: 'cuenta' },
  transfer: {
    reference: 'operacion', amount: { column: 'monto', decimal: ',' }, currency: 'moneda', date: 'fecha', channel: { value: 'BANK' },
    counterparty: { institution: 'banco2', identifierType: { value: 'ACCOUNT_NUMBER' }, identifier: 'cuenta2' },
  },
  route: { routeCode: 'ruta', origin: { country: 'origen' }, destination: { country: 'destino' }, transport: 'modo' },
};
const HEADER = 'causa;id;apellido;banco;cuenta;operacion;monto;moneda;fecha;banco2;cuenta2;ruta;origen;destino;modo';
const ROWS = [
  'C-1;P-1;Quispe;Galicia;0070 0999 01;OP-1;1.500,00;ARS;01/02/2021;Macro;2850 0001;RT-0007;BO;AR;LAND',
  // P-1's account again as the other end, written otherwise: the same record.
  'C-1;P-2;Mamani;;;OP-2;200,50;USD;02/02/2021;Galicia;0070-0999-01;RT-0007;BO;AR;LAND',
  'C-2;P-1;Quispe;Galicia;00700999 01;;;;;;;;;;',
  // The account first seen as OP-1's other end is P-3's own: its holder.
  'C-2;P-3;Rojas;Macro;2850-0001;;;;;;;;;;',
];

let dir: string;
let mappingPath: string;
const stores: Store[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'enlace-import-parts-'));
  mappingPath = join(dir, 'mapeo.json');
  writeFileSync(mappingPath, JSON.stringify(MAPPING));
});
afterAll(async () => {
  for (const s of stores) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

const freshStore = (): Store => {
  const store = new KuzuStore({ path: ':memory:', bufferPoolBytes: 64 * 1024 * 1024, readConnections: 1 });
  stores.push(store);
  return store;
};
let files = 0;
const load = (store: Store, rows: string[], batchSize = 2): Promise<ImportReport> => {
  const file = join(dir, `export-${files++}.csv`);
  writeFileSync(file, [HEADER, ...rows].join('\n'));
  return runImport(store, { country: 'AR', file, mappingPath, dryRun: false, batchSize });
};

/** What the import wrote of accounts, transfers and routes, by what they are (not by id), sorted. */
async function contents(store: Store) {
  const q = (cypher: string) => store.read(cypher).then((rows) => rows.map((r) => JSON.stringify(r)).sort());
  return {
    accounts: await q('MATCH (a:Account) OPTIONAL MATCH (p:Person)-[:HOLDS_ACCOUNT]->(a) RETURN a.institution AS i, a.identifier AS n, p.familyNames AS holder'),
    transfers: await q('MATCH (t:Transfer)-[:RECORDED_IN]->(c:`Case`) OPTIONAL MATCH (t)-[:DEBITED]->(f:Account) OPTIONAL MATCH (t)-[:CREDITED]->(r:Account) ' +
      'RETURN c.reference AS c, t.amount AS a, t.currency AS cur, t.date AS d, f.identifierNormalised AS f, r.identifierNormalised AS r'),
    routes: await q('MATCH (c:`Case`)-[:USED]->(o:RouteObservation) RETURN c.reference AS c, o.routeCode AS code, o.legs AS legs'),
    references: (await q('MATCH (r:NationalReference) RETURN r.key AS k')).length,
  };
}
const tally = (created: number, updated: number, unchanged: number) => ({ created, updated, unchanged });

describe('one store, imported again and again', () => {
  const store = freshStore();
  let first: Awaited<ReturnType<typeof contents>>;

  test('an account on many rows is one record, held by the person whose own it is; transfers link to it; a case\'s route repeated on its rows is one observation', async () => {
    const report = await load(store, ROWS);
    expect(report.problems).toEqual([]);
    expect([report.counts.accounts, report.counts.transfers, report.counts.routeObservations]).toEqual([tally(2, 0, 0), tally(2, 0, 0), tally(1, 0, 0)]);
    first = await contents(store);
    expect(first.accounts).toEqual([
      JSON.stringify({ i: 'Galicia', n: '0070 0999 01', holder: 'Quispe' }),
      JSON.stringify({ i: 'Macro', n: '2850 0001', holder: 'Rojas' }),
    ]);
    expect(first.transfers).toEqual([
      JSON.stringify({ c: 'C-1', a: '1500.00', cur: 'ARS', d: '2021-02-01', f: '0070099901', r: '28500001' }),
      JSON.stringify({ c: 'C-1', a: '200.50', cur: 'USD', d: '2021-02-02', f: null, r: '0070099901' }),
    ].sort());
    expect(first.routes).toHaveLength(1);
    expect(JSON.parse(JSON.parse(first.routes[0]).legs)).toEqual([{ from: { country: 'BO', locality: null }, to: { country: 'AR', locality: null }, mode: 'LAND' }]);
  });

  test('the same export again changes nothing', async () => {
    const report = await load(store, ROWS, 1);
    expect([report.counts.accounts, report.counts.transfers, report.counts.routeObservations]).toEqual([tally(0, 0, 2), tally(0, 0, 2), tally(0, 0, 1)]);
    expect(await contents(store)).toEqual(first);
  });

  test('an updated export updates: a corrected amount (same reference), another transport, a new account, a holder who changed', async () => {
    const rows = [
      ROWS[0].replace('1.500,00', '1.600,00').replace(';LAND', ';RIVER'),
      ROWS[1].replace('C-1;P-2;Mamani;;', 'C-1;P-2;Mamani;Nación;1111 2222').replace(';LAND', ';RIVER'),
      ROWS[2],
      ROWS[3].replace('P-3;Rojas', 'P-4;Vaca'),
    ];
    const report = await load(store, rows);
    expect(report.problems).toEqual([]);
    // Nación 1111 2222 is new; Macro 2850 0001 is Vaca's now; Galicia unchanged.
    expect(report.counts.accounts).toEqual(tally(1, 1, 1));
    // OP-1 is corrected; OP-2 now comes from Mamani's account: both rewritten, none added.
    expect(report.counts.transfers).toEqual(tally(0, 2, 0));
    expect(report.counts.routeObservations).toEqual(tally(0, 1, 0));
    const now = await contents(store);
    expect(now.accounts).toContain(JSON.stringify({ i: 'Macro', n: '2850 0001', holder: 'Vaca' }));
    expect(now.accounts).toContain(JSON.stringify({ i: 'Nación', n: '1111 2222', holder: 'Mamani' }));
    expect(now.transfers).toEqual([
      JSON.stringify({ c: 'C-1', a: '1600.00', cur: 'ARS', d: '2021-02-01', f: '0070099901', r: '28500001' }),
      JSON.stringify({ c: 'C-1', a: '200.50', cur: 'USD', d: '2021-02-02', f: '11112222', r: '0070099901' }),
    ].sort());
    expect(now.routes).toHaveLength(1);
    expect(JSON.parse(JSON.parse(now.routes[0]).legs)[0].mode).toBe('RIVER');
    // Once more: nothing left to change.
    const again = await load(store, rows);
    expect([again.counts.accounts.updated, again.counts.transfers.updated, again.counts.routeObservations.updated, again.counts.accounts.created]).toEqual([0, 0, 0, 0]);
  });

  test('erased records are made again by a re-import, linked to their case and accounts', async () => {
    const id = async (key: string) => String((await store.read('MATCH (r:NationalReference) WHERE r.key = $key RETURN r.record AS id', { key }))[0].id);
    const [case1, person1] = [await id('C:C-1'), await id('P:P-1')];
    await store.write((tx) => eraseCase(tx, case1));
    await store.write((tx) => erasePerson(tx, person1));
    const report = await load(store, ROWS);
    expect(report.counts.cases.created).toBe(1);
    expect(report.counts.accounts.created).toBe(1); // Galicia, P-1's, went with P-1
    expect(report.counts.transfers.created).toBe(2); // C-1's went with C-1
    expect(report.counts.routeObservations).toEqual(tally(0, 1, 0)); // kept by the erasure, linked to the new C-1
    const now = await contents(store);
    expect(now.routes.map((r) => JSON.parse(r).c)).toEqual(['C-1']);
    expect(now.transfers.map((t) => JSON.parse(t).c)).toEqual(['C-1', 'C-1']);
    expect(now.accounts).toContain(JSON.stringify({ i: 'Galicia', n: '0070 0999 01', holder: 'Quispe' }));
  });
});

test('an import interrupted after its first batches, run again, ends where a whole run would', async () => {
  const whole = freshStore();
  await load(whole, ROWS);
  const interrupted = freshStore();
  await load(interrupted, ROWS.slice(0, 2)); // the batches committed before the interruption
  const rerun = await load(interrupted, ROWS, 1);
  expect(rerun.counts.transfers).toEqual(tally(0, 0, 2));
  expect(await contents(interrupted)).toEqual(await contents(whole));
});

test('a row whose account, transfer or route does not hold is rejected whole, showing the value it had', async () => {
  const store = freshStore();
  const report = await load(store, [
    'C-9;P-9;Flores;Galicia;9999;OP-9;1500.50;ARS;01/02/2021;;;;;;',
    'C-8;P-8;Choque;;;OP-8;10,00;ARS;01/02/2021;;;;;;',
    'C-7;P-7;Condori;;;;;;;;;RT-0009;BO;Bolivia;LAND',
    'C-6;P-6;Ticona;Galicia;9999;;;;;;;;;;',
  ]);
  expect(report.problems).toEqual([
    { line: 2, column: 'monto', reason: 'transfer.amount must be an amount with a decimal comma, e.g. 1.500,00, thousands grouped by three (got "1500.50")' },
    { line: 3, column: 'cuenta', reason: 'account.identifier: or transfer.counterparty.identifier is required: a transfer has a known account at one end at least' },
    { line: 4, column: 'destino', reason: 'route.destination.country: must be an ISO 3166-1 alpha-2 country code (got "Bolivia")' },
  ]);
  // Nothing of the rejected rows: neither their persons nor their cases.
  const references = (await store.read('MATCH (r:NationalReference) RETURN r.key AS k')).map((r) => String(r.k)).sort();
  expect(references).toEqual(['A:ACCOUNT_NUMBER:9999', 'C:C-6', 'P:P-6']);
});
