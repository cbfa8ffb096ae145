/**
 * Importing beside a running member (issue 19, part 3): the messy sample goes through the
 * member's own operator path (POST /operator/import) while it serves, with the same counts
 * as an import into a store opened directly, and is found through the gateway without a
 * restart; a re-import changes nothing; every refusal is a clear JSON error (no token,
 * another key, another member's audience, an expired or too long-lived token, a malformed
 * body or row, a session the member does not hold, a member without a service key); every
 * batch and the end are entries in the member's audit chain.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { operatorAudience, signingKey, signOperatorToken, type AuditRecord, type SigningKey } from '@enlace/platform';
import { startMember, type RunningMember } from '@enlace/member';
import { KuzuStore } from '@enlace/store';
import { runImport, type ImportReport } from '@enlace/scripts/import';
import type { MemberEndpoint } from '@enlace/scripts/import/remote';
import { bearer, gql, startNetwork, type TestNetwork } from '../support/network';

const EXAMPLES = join(__dirname, '..', '..', 'scripts', 'import-examples');
const FILE = join(EXAMPLES, 'causas-ar-sucio.tsv');
const MAPPING = join(EXAMPLES, 'mapeo-ar-sucio.json');
const truth = JSON.parse(readFileSync(join(EXAMPLES, 'causas-ar-sucio.verdad.json'), 'utf8')) as {
  genuine: number[]; broken: Array<{ line: number }>; persons: number; cases: number; accounts: number; transfers: number; routeObservations: number;
};

let net: TestNetwork;
let dir: string;
let auditPath: string;
let arKey: SigningKey;
let coKey: SigningKey;
let member: MemberEndpoint;
/** The same export imported into a fresh store opened directly: what the remote import must match. */
let direct: ImportReport;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'enlace-import-remote-'));
  auditPath = join(dir, 'ar-audit.jsonl');
  net = await startNetwork({ countries: ['AR', 'CO'], persons: 5, memberOptions: { AR: { audit: { path: auditPath, sync: false } } } });
  arKey = await signingKey(net.trust.services.get('AR')!.privateJwk);
  coKey = await signingKey(net.trust.services.get('CO')!.privateJwk);
  member = { url: net.members.get('AR')!.url, key: arKey };
  const fresh = new KuzuStore({ path: ':memory:', bufferPoolBytes: 64 * 1024 * 1024, readConnections: 1 });
  try {
    direct = await runImport(fresh, { country: 'AR', file: FILE, mappingPath: MAPPING, dryRun: false, batchSize: 400 });
  } finally {
    await fresh.close();
  }
});
afterAll(async () => {
  await net?.close();
  rmSync(dir, { recursive: true, force: true });
});

const viaMember = (dryRun = false) => runImport(member, { country: 'AR', file: FILE, mappingPath: MAPPING, dryRun, batchSize: 400 });
/** What both imports report, to compare: counts, rejected lines and reasons, warnings. */
const outcome = (r: ImportReport) => ({ rows: r.rows, imported: r.imported, counts: r.counts, keyedBy: r.keyedBy, problems: r.problems, warnings: r.warnings });

describe('the messy sample through the running member', () => {
  let dry: ImportReport;
  let first: ImportReport;

  beforeAll(async () => {
    dry = await viaMember(true);
    first = await viaMember();
  });

  test('the dry run, through the member too, counts what the import then does and shows the records', () => {
    expect(outcome(dry)).toEqual(outcome(first));
    expect(dry.preview.lines()[0]).toMatch(/^as they would be stored/);
    expect(dry.preview.persons).toHaveLength(3);
    expect([dry.preview.accounts.length, dry.preview.transfers.length, dry.preview.observations.length]).toEqual([3, 3, 3]);
    expect(dry.preview.transfers[0]).toMatch(/^transfer in case FIS-AR-\S+ \(new\): \{"amount":"\d+\.\d\d","currency":"(ARS|USD)","date":"\d{4}-\d\d-\d\d","channel":"[A-Z_]+","from":/);
    expect(first.preview.persons).toHaveLength(0);
  });

  test('the same counts, rejections and warnings as an import into the store opened directly', () => {
    expect(outcome(first)).toEqual(outcome(direct));
    expect(first.imported).toBe(truth.genuine.length);
    expect(first.problems.map((p) => p.line)).toEqual(truth.broken.map((b) => b.line));
    expect(first.counts.persons.created).toBe(truth.persons);
    expect(first.counts.cases.created).toBe(truth.cases);
    expect([first.counts.accounts.created, first.counts.transfers.created, first.counts.routeObservations.created]).toEqual([truth.accounts, truth.transfers, truth.routeObservations]);
  });

  test('found through the gateway by name, without a restart', async () => {
    const headers = bearer(await net.token({ country: 'AR', roles: ['prosecutor'] }));
    const found = await gql(net.gateway.url, 'query($n: String!) { persons(filter: {name: $n}, countries: ["AR"], first: 50) { fullName } }', { n: 'jhon quispe mamani' }, headers);
    expect(found.body.errors).toBeUndefined();
    expect(found.body.data.persons.map((p: { fullName: string }) => p.fullName)).toContain('Jhon Quispe Mamani');
  });

  test('a re-import changes nothing', async () => {
    const again = await viaMember();
    const c = again.counts;
    expect([c.persons.created, c.persons.updated, c.cases.created, c.cases.updated, c.involvements.created, c.involvements.updated, c.documents]).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(c.persons.unchanged).toBe(truth.persons);
    expect(c.cases.unchanged).toBe(truth.cases);
    expect([c.accounts, c.transfers, c.routeObservations]).toEqual([
      { created: 0, updated: 0, unchanged: truth.accounts }, { created: 0, updated: 0, unchanged: truth.transfers }, { created: 0, updated: 0, unchanged: truth.routeObservations },
    ]);
  });

  test('every batch and each end is an entry of the member\'s audit chain, under the operator', () => {
    const entries = readFileSync(auditPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AuditRecord);
    const imports = entries.filter((e) => e.operation.type === 'import');
    const batches = Math.ceil(truth.genuine.length / 400);
    // Dry run, import, re-import: each its batches and its end.
    expect(imports.filter((e) => e.operation.name === 'bulkImport')).toHaveLength(3 * batches);
    expect(imports.filter((e) => e.operation.name === 'bulkImportEnd')).toHaveLength(3);
    for (const e of imports) {
      expect(e.caller).toEqual({ subject: 'operator@ar', country: 'AR', roles: ['operator'], issuer: 'member:AR:service-key' });
      expect(e).toMatchObject({ service: 'AR', purpose: 'import', decision: 'ALLOWED', errors: [] });
      expect(e.operation.sha256).toMatch(/^[\w-]{43}$/);
    }
    const written = imports.filter((e) => e.wrote.length);
    // Only the first real import wrote: its batches name the persons and cases they created (and those a new involvement ties).
    expect(written.length).toBe(batches);
    const ids = new Set(written.flatMap((e) => e.wrote));
    expect([...ids].filter((id) => id.startsWith('AR:P:'))).toHaveLength(truth.persons);
    expect([...ids].filter((id) => id.startsWith('AR:C:'))).toHaveLength(truth.cases);
    expect([...ids].filter((id) => id.startsWith('AR:A:'))).toHaveLength(truth.accounts);
    expect([...ids].filter((id) => id.startsWith('AR:T:'))).toHaveLength(truth.transfers);
    expect([...ids].filter((id) => id.startsWith('AR:R:'))).toHaveLength(truth.routeObservations);
  });
});

describe('the operator path refuses, each time with a clear JSON error', () => {
  const row = {
    line: 2, personRef: 'REF-1', person: { givenNames: 'Ana', familyNames: 'Prueba', aliases: [], sex: null, dateOfBirth: null, nationalities: [] }, documents: [],
    caseRef: 'FIS-T-1', case: { reference: 'FIS-T-1', offences: ['TIP'], status: 'INVESTIGATION', closedOn: null, openedOn: '2020-01-01', summary: 'Prueba', handlingCode: 'H0', handlingConditions: null },
    category: 'WITNESS',
  };
  const batch = (session: string, rows: unknown[] = [row], seq = 0) => JSON.stringify({ session, seq, dryRun: true, rows });
  const post = async (body: string, token?: string, path = '/operator/import', url = member.url) => {
    const res = await fetch(new URL(path, url), { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });
    return { status: res.status, body: (await res.json()) as { errors?: Array<{ message: string; extensions: { code: string } }>; counts?: unknown } };
  };
  const refused = (answer: Awaited<ReturnType<typeof post>>, status: number, code: string, message: RegExp) => {
    expect({ status: answer.status, code: answer.body.errors?.[0].extensions.code }).toEqual({ status, code });
    expect(answer.body.errors![0].message).toMatch(message);
    expect(JSON.stringify(answer.body)).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack trace
  };
  const token = (key: SigningKey, claims: { aud?: string; country?: string; iat?: number; exp?: number } = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ country: claims.country ?? 'AR', roles: ['operator'] })
      .setProtectedHeader({ alg: key.alg }).setSubject('operator@ar').setAudience(claims.aud ?? operatorAudience('AR'))
      .setIssuedAt(claims.iat ?? now).setExpirationTime(claims.exp ?? now + 60).sign(key.key);
  };

  test('a good token is accepted (a dry run of one row), and the session ended', async () => {
    const ok = await post(batch('good-session-1'), await signOperatorToken(arKey, 'AR'));
    expect(ok.status).toBe(200);
    const end = await post(JSON.stringify({ session: 'good-session-1' }), await signOperatorToken(arKey, 'AR'), '/operator/import/end');
    expect(end.status).toBe(200);
    expect(end.body.counts).toMatchObject({ persons: { created: 1 }, cases: { created: 1 } });
  });

  test('no token, a token of another key, an expired token: 401', async () => {
    refused(await post(batch('refused-1')), 401, 'UNAUTHENTICATED', /no bearer token/);
    refused(await post(batch('refused-1'), await token(coKey)), 401, 'UNAUTHENTICATED', /not signed by member AR's service key/);
    const past = Math.floor(Date.now() / 1000) - 600;
    refused(await post(batch('refused-1'), await token(arKey, { iat: past, exp: past + 60 })), 401, 'UNAUTHENTICATED', /expired/);
    refused(await post(batch('refused-1'), 'not.a.jwt'), 401, 'UNAUTHENTICATED', /not a valid JWT/);
  });

  test('this key, but for another member\'s audience, another country or too long a life: 403', async () => {
    refused(await post(batch('refused-2'), await token(arKey, { aud: operatorAudience('CO') })), 403, 'OPERATOR_FORBIDDEN', /member:CO:operator, not member:AR:operator/);
    refused(await post(batch('refused-2'), await token(arKey, { country: 'CO' })), 403, 'OPERATOR_FORBIDDEN', /country "CO"/);
    const now = Math.floor(Date.now() / 1000);
    refused(await post(batch('refused-2'), await token(arKey, { iat: now, exp: now + 3600 })), 403, 'OPERATOR_FORBIDDEN', /at most 300 s/);
    // A user's token of the network is no operator's.
    refused(await post(batch('refused-2'), await net.token({ country: 'AR', roles: ['prosecutor'] })), 401, 'UNAUTHENTICATED', /not signed by member AR's service key/);
  });

  test('a malformed body, or a row the mutations\' rules refuse: 400', async () => {
    const good = await signOperatorToken(arKey, 'AR');
    refused(await post('{"session": ', good), 400, 'BAD_REQUEST', /not valid JSON/);
    refused(await post(JSON.stringify({ session: 'malformed-1', seq: 0, dryRun: 'yes', rows: [row] }), good), 400, 'BAD_REQUEST', /dryRun/);
    refused(await post(batch('malformed-1', []), good), 400, 'BAD_REQUEST', /rows: must be a list of rows, not empty/);
    refused(await post(batch('malformed-1', [{ ...row, person: { ...row.person, familyNames: '' } }]), good), 400, 'BAD_REQUEST', /line 2: person\.familyNames/);
    refused(await post(batch('malformed-1', [{ ...row, caseRef: 'OTHER' }]), good), 400, 'BAD_REQUEST', /caseRef: must be the case's reference/);
    refused(await post(batch('malformed-1', [{ ...row, category: 'KINGPIN' }]), good), 400, 'BAD_REQUEST', /category: must be one of/);
    // The parts besides person and case, checked with recordAccount's, recordTransfer's and recordRouteObservation's rules.
    const account = { institution: 'Banco Galicia', institutionCountry: 'AR', identifierType: 'ACCOUNT_NUMBER', identifier: '0070 0999' };
    const transfer = { amount: '1500.00', currency: 'ARS', date: '2020-01-01', channel: 'BANK', reference: null, counterparty: null, direction: 'SENT' };
    refused(await post(batch('malformed-1', [{ ...row, account, transfer: { ...transfer, amount: '1.500,00' } }]), good), 400, 'BAD_REQUEST', /line 2: transfer\.amount: must be a positive decimal amount/);
    refused(await post(batch('malformed-1', [{ ...row, transfer }]), good), 400, 'BAD_REQUEST', /a transfer has a known account at one end at least/);
    const legs = [{ from: { country: 'BO', locality: null }, to: { country: 'AR', locality: 'La Quiaca' }, mode: 'BICYCLE' }];
    refused(await post(batch('malformed-1', [{ ...row, route: { routeCode: 'RT-0007', legs, transport: 'LAND' } }]), good), 400, 'BAD_REQUEST', /route\.legs\[0\]\.mode: must be one of/);
  });

  test('a batch of a session the member does not hold (it restarted): 409', async () => {
    refused(await post(batch('never-opened-1', [row], 3), await signOperatorToken(arKey, 'AR')), 409, 'IMPORT_SESSION_LOST', /run the import again/i);
  });

  test('a member without a service key keeps the path closed: 403 naming MEMBER_SERVICE_KEY', async () => {
    let bare: RunningMember | undefined;
    try {
      bare = await startMember({ country: 'AR', store: new KuzuStore({ path: ':memory:', bufferPoolBytes: 32 * 1024 * 1024, readConnections: 1 }), verifier: net.verifier });
      refused(await post(batch('closed-1'), await signOperatorToken(arKey, 'AR'), '/operator/import', bare.url), 403, 'OPERATOR_FORBIDDEN', /MEMBER_SERVICE_KEY/);
    } finally {
      await bare?.close();
    }
  });
});
