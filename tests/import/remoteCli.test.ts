/**
 * The import command beside a running member: found through npm start's pids.json (a live pid
 * and its URL) or named with --member, it imports through the member (the store is never opened
 * by the command), dry runs included; the key is --operator-key; a wrong key stops it with the
 * member's refusal. Runs the built command (scripts/dist/import.js) against a test network's member.
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { signingKey } from '@enlace/platform';
import { EXIT_REJECTED_ROWS, runImport } from '@enlace/scripts/import';
import { RESTARTED } from '@enlace/scripts/import/remote';
import { startNetwork, type TestNetwork } from '../support/network';

const ROOT = join(__dirname, '..', '..');
const EXAMPLES = join(ROOT, 'scripts', 'import-examples');
const run = promisify(execFile);

let net: TestNetwork;
let dir: string;
let url: string;
let key: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'enlace-import-remote-cli-'));
  net = await startNetwork({ countries: ['AR', 'CO'], persons: 5 });
  url = net.members.get('AR')!.url;
  key = net.trust.services.get('AR')!.privatePath;
});
afterAll(async () => {
  await net?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the command (asynchronously: the member answers from this process) on the messy sample. */
async function importSample(...args: string[]): Promise<{ status: number; out: string; err: string }> {
  const env: Record<string, string | undefined> = { ...process.env, STORE: 'kuzu' };
  delete env.ENLACE_COUNTRIES;
  delete env.MEMBER_SERVICE_KEY;
  try {
    const { stdout, stderr } = await run(process.execPath, [join(ROOT, 'scripts', 'dist', 'import.js'), '--country', 'AR', '--file', join(EXAMPLES, 'causas-ar-sucio.tsv'),
      '--mapping', join(EXAMPLES, 'mapeo-ar-sucio.json'), '--batch', '300', ...args], { env, encoding: 'utf8' });
    return { status: 0, out: stdout, err: stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { status: e.code, out: e.stdout, err: e.stderr };
  }
}

const persons = (out: string) => /^persons: .*$/m.exec(out)?.[0];

test('npm start\'s pids.json names the running member: a dry run, then the import, go through it', async () => {
  const data = join(dir, 'data');
  mkdirSync(data);
  // This process serves the member: its pid is alive.
  writeFileSync(join(data, 'pids.json'), JSON.stringify({ 'member AR': { pid: process.pid, url } }));
  const dry = await importSample('--data-dir', data, '--operator-key', key, '--dry-run');
  expect(dry.err).toMatch(/member AR is running \(npm start's pids\.json\): importing through it at http:\/\/127\.0\.0\.1:\d+/);
  expect(dry.out).toMatch(/as they would be stored/);
  expect(dry.status).toBe(EXIT_REJECTED_ROWS);
  const real = await importSample('--data-dir', data, '--operator-key', key);
  expect(real.err).not.toMatch(/failed|refused/);
  expect(real.status).toBe(EXIT_REJECTED_ROWS); // the sample's broken rows; every genuine row imported
  expect(persons(real.out)).toEqual(persons(dry.out)?.replace(/ would be/g, ''));
  expect(persons(real.out)).toMatch(/^persons: [1-9]\d* created, 0 updated, 0 unchanged$/);
  // No store was opened or made beside the running member.
  expect(existsSync(join(data, 'ar'))).toBe(false);
});

test('--member names it: a re-import changes nothing', async () => {
  const again = await importSample('--data-dir', join(dir, 'elsewhere'), '--member', url, '--operator-key', key);
  expect(again.err).toMatch(/member AR is running \(--member\)/);
  expect(persons(again.out)).toMatch(/^persons: 0 created, 0 updated, [1-9]\d* unchanged$/);
});

test('a pid that is not running is not a running member; a wrong key is refused by the member', async () => {
  const data = join(dir, 'stale');
  mkdirSync(data);
  writeFileSync(join(data, 'pids.json'), JSON.stringify({ 'member AR': { pid: 2 ** 22 + 12345, url } }));
  const local = await importSample('--data-dir', data, '--dry-run');
  expect(local.err).not.toMatch(/importing through it/);
  expect(local.err).toMatch(/no store at .* yet/);
  const wrong = await importSample('--member', url, '--operator-key', net.trust.services.get('CO')!.privatePath);
  expect(wrong.status).toBe(1);
  expect(wrong.err).toMatch(/^import: the member refused the import \(UNAUTHENTICATED, HTTP 401\): Operator token refused: it is not signed by member AR's service key/m);
});

test('a member that restarted during the import has lost the session: the import stops and says to run it again', async () => {
  // A member that takes the first batch, then restarts (it no longer holds the session).
  let batches = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const lost = batches++ > 0;
      res.writeHead(lost ? 409 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(lost
        ? { errors: [{ message: 'This member holds no import session', extensions: { code: 'IMPORT_SESSION_LOST' } }] }
        : { counts: {}, warnings: [], written: 1 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const endpoint = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, key: await signingKey(net.trust.services.get('AR')!.privateJwk) };
    await expect(runImport(endpoint, { country: 'AR', file: join(EXAMPLES, 'causas-ar-sucio.tsv'), mappingPath: join(EXAMPLES, 'mapeo-ar-sucio.json'), dryRun: false, batchSize: 100 }))
      .rejects.toThrow(RESTARTED);
    expect(RESTARTED).toBe('the member restarted during the import; run it again: a re-import only writes what is missing');
  } finally {
    server.close();
  }
});
