/**
 * Issue 22's "Done when", on the running network with members indexing through the
 * secretariat's evaluator, blinded, as in production: a CO prosecutor's check of a passport
 * that only AR holds never reaches PE. Every request PE receives is recorded (a proxy between
 * the gateway and PE) and searched for the number, with PE's and the gateway's logs, PE's
 * store files, PE's audit log and the secretariat's; AR's store, which holds the passport,
 * is searched the same way as the control that the search would find it. A check by
 * "QUISPE MAMANI Jhon, 1984" finds AR's "Jhon Quispe Mamani" born 1984-02-05 (both seeded:
 * ANCHORS.arOnly), and the index follows the member's writes.
 */
import { execFile } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, documentIdentifier, nameCheckIdentifiers, type Logger } from '@enlace/platform';
import { ANCHORS } from '@enlace/scripts/seed/generate';
import { bearer, checkPseudonyms, gql, startNetwork, type TestNetwork } from '../support/network';

/** The seeded passport of AR's "Jhon Quispe Mamani" (ANCHORS.arOnly), held by AR alone. */
const PASSPORT = { number: ANCHORS.arOnly.passport, issuingCountry: ANCHORS.arOnly.passportIssuer };
/** Every way the number could be written down. */
const FORMS = [PASSPORT.number, PASSPORT.number.replace(/[^A-Z0-9]/g, ''), PASSPORT.number.replace(/^\D+/, '').replace(/\D/g, '')];
/**
 * Its last group alone ("0229"): found only standing on its own, not inside a longer run of
 * letters and digits (a timestamp or a request id holds four such digits by chance now and then).
 */
const LAST_GROUP = new RegExp(`(?<![0-9A-Za-z])${PASSPORT.number.split(' ')[1]}(?![0-9A-Za-z])`);

const dir = mkdtempSync(join(tmpdir(), 'enlace-never-in-clear-'));
const logs: Record<string, string[]> = { gateway: [], PE: [], AR: [] };
const capture = (service: string, into: string[]): Logger =>
  createLogger({ service, level: 'debug', destination: { write: (line: string) => void into.push(line) } });

/** What PE received: every request the gateway sent it, as it came. */
const received: Array<{ url: string; headers: IncomingHttpHeaders; body: string }> = [];
let target = '';
const proxy: Server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    received.push({ url: req.url ?? '', headers: req.headers, body });
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k))) as Record<string, string>;
    fetch(new URL(req.url ?? '/', target), { method: req.method, headers, body: req.method === 'POST' ? body : undefined })
      .then(async (answer) => {
        const text = await answer.text();
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(text);
      })
      .catch(() => {
        res.writeHead(502);
        res.end();
      });
  });
});

let net: TestNetwork;
let co: Record<string, string>;

beforeAll(async () => {
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as { port: number };
  net = await startNetwork({
    countries: ['AR', 'CO', 'PE'],
    persons: 20,
    pseudonyms: 'blinded',
    directoryOverrides: { PE: `http://127.0.0.1:${port}/graphql` },
    storePaths: { AR: join(dir, 'ar-store'), PE: join(dir, 'pe-store') },
    gatewayOptions: { logger: capture('gateway', logs.gateway) },
    memberOptions: {
      AR: { logger: capture('member AR', logs.AR) },
      PE: { logger: capture('member PE', logs.PE), audit: { path: join(dir, 'pe-audit.log'), sync: false } },
    },
    secretariatOptions: { audit: { path: join(dir, 'xs-audit.log'), headsPath: join(dir, 'xs-heads.jsonl') } },
  });
  target = net.members.get('PE')!.url;
  co = bearer(await net.token({ country: 'CO' }));
}, 120_000);

afterAll(async () => {
  await net?.close();
  await new Promise((resolve) => proxy.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const hitsOf = async (query: string, p: string | string[]) => {
  const { body } = await gql(net.gateway.url, query, { p }, co);
  expect(body.errors).toBeUndefined();
  return byCountry(Object.values(body.data)[0] as Array<{ country: string; hit: boolean; reference: string | null }>);
};

const DOCUMENT_HITS = 'query($p: String!) { documentHits(pseudonym: $p) { country hit reference } }';
const NAME_HITS = 'query($p: [String!]!) { nameHits(pseudonyms: $p) { country hit reference } }';
const byCountry = (answers: Array<{ country: string; hit: boolean; reference: string | null }>) => Object.fromEntries(answers.map((a) => [a.country, a.hit]));

/** The bytes of every file under `path`, as latin1 text (a store's pages hold strings as they are). */
function filesText(path: string): string {
  if (statSync(path).isFile()) return readFileSync(path).toString('latin1');
  return readdirSync(path).map((f) => filesText(join(path, f))).join('\n');
}
/** Where the text holds the number in any of its forms (with what surrounds it, for the failure message), or null. */
function numberIn(text: string): string | null {
  const at = FORMS.map((form) => text.indexOf(form)).find((i) => i >= 0) ?? text.search(LAST_GROUP);
  return at < 0 ? null : text.slice(Math.max(0, at - 60), at + 60);
}

test('a check by "QUISPE MAMANI Jhon, 1984" finds AR\'s "Jhon Quispe Mamani" born 1984-02-05; born 1985, it finds nothing at AR', async () => {
  const token = co.authorization.slice('Bearer '.length);
  const check = async (born: string) => {
    const keys = await checkPseudonyms(net, token, nameCheckIdentifiers({ name: 'QUISPE MAMANI Jhon', born }));
    const { body } = await gql(net.gateway.url, NAME_HITS, { p: keys }, co);
    expect(body.errors).toBeUndefined();
    return body.data.nameHits as Array<{ country: string; hit: boolean; reference: string | null }>;
  };
  const hits = await check('1984');
  expect(hits.find((h) => h.country === 'AR')).toEqual({ country: 'AR', hit: true, reference: expect.stringMatching(/^HNH2\./) });
  expect(hits.find((h) => h.country === 'AR' && h.hit)).toBeDefined();
  expect((await check('1985')).find((h) => h.country === 'AR')?.hit).toBe(false);
});

test('the index follows AR\'s writes: a person recorded now is found once indexed, by a new passport; after a change of documents, by the new one alone', async () => {
  const ar = bearer(await net.token({ country: 'AR' }));
  const arUrl = net.members.get('AR')!.url;
  const pseudonymOf = (n: string) => net.prfKey.pseudonym(documentIdentifier('CL', n));
  const created = await gql(arUrl, 'mutation($i: PersonInput!) { createPerson(input: $i) { id } }', {
    i: { givenNames: 'Rosa', familyNames: 'Ticona Apaza', sex: 'FEMALE', dateOfBirth: '1990-06-01', documents: [{ type: 'PASSPORT', number: 'CL-771 0001', issuingCountry: 'CL' }] },
  }, ar);
  expect(created.body.errors).toBeUndefined();
  await net.members.get('AR')!.pseudonymIndex!.settled();
  expect((await hitsOf(DOCUMENT_HITS, pseudonymOf('CL7710001'))).AR).toBe(true);
  const changed = await gql(arUrl, 'mutation($id: ID!, $i: PersonUpdateInput!) { updatePerson(personId: $id, input: $i) { id } }', {
    id: created.body.data.createPerson.id, i: { documents: [{ type: 'PASSPORT', number: 'CL-771 0002', issuingCountry: 'CL' }] },
  }, ar);
  expect(changed.body.errors).toBeUndefined();
  await net.members.get('AR')!.pseudonymIndex!.settled();
  expect((await hitsOf(DOCUMENT_HITS, pseudonymOf('CL7710001'))).AR).toBe(false);
  expect((await hitsOf(DOCUMENT_HITS, pseudonymOf('CL7710002'))).AR).toBe(true);
  expect(net.members.get('AR')!.pseudonymIndex!.status()).toMatchObject({ state: 'current', key: net.prfKey.id, pending: 0 });
});

test('npm run pseudonym obtains, blinded through the gateway, the pseudonyms the network\'s key gives', async () => {
  const cli = (...args: string[]) => new Promise<{ code: number; out: string; err: string }>((done) => {
    execFile(process.execPath, [join(__dirname, '..', '..', 'scripts', 'dist', 'pseudonym.js'), '--gateway', net.gateway.url, ...args], { encoding: 'utf8', timeout: 30_000 },
      (error, out, err) => done({ code: error ? Number(error.code ?? 1) : 0, out: out.trim(), err: err.trim() }));
  });
  const token = co.authorization.slice('Bearer '.length);
  expect(await cli('--token', token, '--document', `${PASSPORT.issuingCountry.toLowerCase()}:${PASSPORT.number.replace(/ /g, '-')}`))
    .toEqual({ code: 0, out: net.prfKey.pseudonym(documentIdentifier(PASSPORT.issuingCountry, PASSPORT.number)), err: '' });
  const names = await cli('--token', token, '--name', 'Quispe Mamani, Jhon', '--born', '1984');
  expect(JSON.parse(names.out)).toEqual(nameCheckIdentifiers({ name: 'QUISPE MAMANI Jhon', born: '1984' }).map((k) => net.prfKey.pseudonym(k)));
  expect(await cli('--token', 'not-a-token', '--document', 'AR:1')).toMatchObject({ code: 1, err: expect.stringMatching(/^pseudonym: .*(token|UNAUTHENTICATED)/i) });
  expect((await cli('--token', token, '--name', 'Jhon', '--born', '1984')).err).toMatch(/name: must have at least two words/);
});

test('a CO check of a passport only AR holds: AR answers a hit, and PE receives, logs, stores and audits nothing of the number', async () => {
  const [pseudonym] = await checkPseudonyms(net, co.authorization.slice('Bearer '.length), [documentIdentifier(PASSPORT.issuingCountry, PASSPORT.number)]);
  const { body } = await gql(net.gateway.url, DOCUMENT_HITS, { p: pseudonym }, co);
  expect(body.errors).toBeUndefined();
  expect(byCountry(body.data.documentHits)).toEqual({ AR: true, CO: false, PE: false });

  // PE was asked (its answer is in the result) and what reached it is recorded: the pseudonym, not the number.
  expect(received.filter((r) => r.body.includes('documentHits') && r.body.includes(pseudonym))).toHaveLength(1);
  for (const r of received) expect(numberIn(r.body + JSON.stringify(r.headers) + r.url)).toBeNull();

  await net.members.get('PE')!.close(); // its store and audit log written out
  await net.members.get('AR')!.close();
  expect(numberIn(logs.PE.join('\n'))).toBeNull();
  expect(numberIn(logs.gateway.join('\n'))).toBeNull();
  expect(numberIn(filesText(join(dir, 'pe-store')))).toBeNull();
  expect(numberIn(readFileSync(join(dir, 'pe-audit.log'), 'utf8'))).toBeNull();
  expect(numberIn(readFileSync(join(dir, 'xs-audit.log'), 'utf8'))).toBeNull();
  // The control: the same search over AR's store, which holds the passport, finds it.
  expect(numberIn(filesText(join(dir, 'ar-store')))).not.toBeNull();
});
