/**
 * The member kit and the conformance check, as README's "Run one member" has an operator use them
 * (the built commands, real processes, Kùzu stores, one directory and port each): a secretariat,
 * AR and a gateway made with `kit init`, joined with `kit trust`, started with `kit start`, answer
 * the README's example; the conformance check passes against each, and fails against a member
 * enforcing a looser copy of the protocol (ENLACE_TEST_PROTOCOL_FILE, tests only), which a member
 * in production mode refuses to load.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { schemaDir } from '@enlace/schema';
import { waitFor200 } from '@enlace/scripts/network';

const root = join(__dirname, '..', '..');
const KIT = join(root, 'scripts', 'dist', 'kit.js');
const CONFORMANCE = join(root, 'scripts', 'dist', 'conformance.js');
const run = promisify(execFile);

let dir: string;
const ports: Record<'xs' | 'gw' | 'ar' | 'loose', number> = { xs: 0, gw: 0, ar: 0, loose: 0 };
const running = new Map<string, ChildProcess>();
const url = (name: keyof typeof ports) => `http://127.0.0.1:${ports[name]}/graphql`;
const d = (name: string) => join(dir, name);

async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise<ReturnType<typeof createServer>>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => resolve(s));
  })));
  const out = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return out;
}

const kit = async (...args: string[]) => (await run(process.execPath, [KIT, ...args], { cwd: root })).stdout;

/** `kit start --dir <name>`, its output in <name>.log; resolves once /health answers. */
async function start(name: keyof typeof ports): Promise<void> {
  const log = openSync(d(`${name}.log`), 'a');
  const child = spawn(process.execPath, [KIT, 'start', '--dir', d(name)], { cwd: root, stdio: ['ignore', log, log] });
  running.set(name, child);
  const ok = await waitFor200(new URL('health', url(name)).toString(), () => child.exitCode !== null, 30_000);
  if (!ok) throw new Error(`${name} did not start: ${readFileSync(d(`${name}.log`), 'utf8').slice(-2000)}`);
}

async function stop(name: string): Promise<void> {
  const child = running.get(name);
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** The conformance check's exit code and report. */
async function conformance(target: 'member' | 'secretariat' | 'gateway', at: string): Promise<{ code: number; report: string }> {
  try {
    const { stdout } = await run(process.execPath, [CONFORMANCE, `--${target}`, at, '--issuer-dir', d('conformance')], { cwd: root, timeout: 120_000 });
    return { code: 0, report: stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, report: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'enlace-kit-'));
  [ports.xs, ports.gw, ports.ar, ports.loose] = await freePorts(4);
  // Each side's own steps, as README's "Run one member" walks them (independent ones at once: two cores, slow starts).
  await Promise.all([
    kit('init', 'secretariat', '--dir', d('xs'), '--port', String(ports.xs)),
    kit('init', 'gateway', '--dir', d('gw'), '--port', String(ports.gw), '--secretariat', url('xs')),
    kit('init', 'member', '--country', 'AR', '--dir', d('ar'), '--port', String(ports.ar), '--secretariat', url('xs')),
    kit('init', 'member', '--country', 'AR', '--dir', d('loose'), '--port', String(ports.loose)),
    kit('issuer', '--dir', d('idp'), '--countries', 'AR,XS'),
    run(process.execPath, [CONFORMANCE, 'issuer', '--dir', d('conformance')], { cwd: root }),
  ]);
  const trusted = ['--add-issuer', d('idp/issuer-entry.json'), '--add-conformance', d('conformance/issuer-entry.json')];
  await Promise.all([
    kit('trust', '--dir', d('xs'), '--add-member', d('ar/member-entry.json'), ...trusted),
    kit('trust', '--dir', d('gw'), '--add-member', d('ar/member-entry.json'), ...trusted),
    kit('trust', '--dir', d('ar'), '--add-gateway', d('gw/gateway-entry.json'), ...trusted),
    kit('trust', '--dir', d('loose'), '--add-conformance', d('conformance/issuer-entry.json')),
    kit('seed', '--dir', d('ar'), '--persons', '40'),
  ]);
  await Promise.all([start('xs'), start('ar')]);
  await start('gw');
}, 120_000);

afterAll(async () => {
  await Promise.all([...running.keys()].map(stop));
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 30_000);

test('init keeps secrets private: settings and private keys 0600, entries public keys only', () => {
  const mode = (path: string) => statSync(path).mode & 0o777;
  expect(mode(d('ar/enlace.env'))).toBe(0o600);
  expect(mode(d('ar/keys/service/private.jwk.json'))).toBe(0o600);
  expect(mode(d('gw/keys/gateway/private.jwk.json'))).toBe(0o600);
  expect(mode(d('ar/keys'))).toBe(0o700);
  expect(mode(d('xs/keys/prf.key'))).toBe(0o600);
  for (const entry of ['ar/member-entry.json', 'gw/gateway-entry.json', 'idp/issuer-entry.json']) expect(readFileSync(d(entry), 'utf8')).not.toMatch(/"d"\s*:/);
  // The settings are the variables the processes read, nothing of the kit's own.
  const env = readFileSync(d('ar/enlace.env'), 'utf8');
  expect(env).toMatch(/^MEMBER_COUNTRY=AR$/m);
  expect(env).toMatch(/^ENLACE_MODE=production$/m);
  expect(env).toMatch(/^ENLACE_GATEWAY_JWKS=.*trust\/gateway\.jwks\.json$/m);
  expect(readFileSync(d('xs/enlace.env'), 'utf8')).toMatch(/^ENLACE_PRF_KEY_FILE=keys\/prf\.key$/m);
});

test('the secretariat started from its kit holds the pseudonym key', async () => {
  const ready = (await (await fetch(new URL('ready', url('xs')))).json()) as { pseudonyms?: string };
  expect(ready.pseudonyms).toBe('ok');
});

test('the three processes answer the README\'s example through the gateway', async () => {
  const token = (await kit('token', '--issuer-dir', d('idp'), '--country', 'AR', '--role', 'prosecutor')).trim();
  const res = await fetch(url('gw'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-enlace-purpose': 'Investigation of a trafficking network', 'x-enlace-case-ref': 'DEMO-1' },
    body: JSON.stringify({ query: '{ persons(filter: {name: "Quispe"}, first: 1) { id country fullName cases { id offences } } }' }),
  });
  // The README's answer, AR's part of it (ids are the deterministic seed's).
  expect(await res.json()).toEqual({
    data: { persons: [{ id: 'AR:P:0aa79jf', country: 'AR', fullName: 'Mateo Quispe Huamán', cases: [{ id: 'AR:C:067ojef', offences: ['TIP'] }, { id: 'AR:C:13y456z', offences: ['SOM'] }] }] },
  });
});

test('the conformance check passes against the member, the secretariat and the gateway', async () => {
  const targets = [['member', 'ar'], ['secretariat', 'xs'], ['gateway', 'gw']] as const;
  // At once: each is its own process against its own target.
  const results = await Promise.all(targets.map(async ([target, name]) => {
    const { code, report } = await conformance(target, url(name));
    return { target, code, verdict: /verdict: (.*)/.exec(report)?.[1], failed: report.split('\n').filter((l) => /FAIL/.test(l)) };
  }));
  expect(results).toEqual(targets.map(([target]) => ({ target, code: 0, verdict: 'CONFORMS', failed: [] })));
}, 90_000);

describe('a member enforcing a looser copy of the protocol', () => {
  let protocolFile: string;
  beforeAll(() => {
    // Its directory was made and trusts the conformance issuer (above). Foreign prosecutors and analysts get every person and its identity, minors and victims too.
    const protocol = JSON.parse(readFileSync(join(schemaDir, 'protocol', 'v1.json'), 'utf8'));
    protocol.rules['person.known'].anyOf.push({ caller: 'foreign', roles: ['prosecutor', 'analyst'] });
    protocol.rules['person.identity'].anyOf.push({ caller: 'foreign', roles: ['prosecutor', 'analyst'] });
    protocolFile = d('looser-protocol.json');
    writeFileSync(protocolFile, JSON.stringify(protocol));
  });

  test('is refused at start in production mode', async () => {
    writeFileSync(d('loose/enlace.env'), `${readFileSync(d('loose/enlace.env'), 'utf8')}ENLACE_TEST_PROTOCOL_FILE=${protocolFile}\n`);
    const refused = await run(process.execPath, [KIT, 'start', '--dir', d('loose')], { cwd: root, timeout: 30_000 }).then(() => null, (err: { code: number; stderr: string; stdout: string }) => err);
    expect(refused?.code).toBe(1);
    expect(`${refused?.stdout}${refused?.stderr}`).toContain('ENLACE_TEST_PROTOCOL_FILE replaces the network\'s sharing protocol and is for tests only: it is refused in production mode');
  }, 40_000);

  test('fails the conformance check on the reads the network\'s protocol withholds', async () => {
    writeFileSync(d('loose/enlace.env'), readFileSync(d('loose/enlace.env'), 'utf8').replace('ENLACE_MODE=production', 'ENLACE_MODE=development'));
    await start('loose');
    const { code, report } = await conformance('member', url('loose'));
    expect(code).toBe(1);
    expect(report).toContain('verdict: DOES NOT CONFORM');
    const failed = (name: string) => new RegExp(`FAIL ${name.replace(/[()]/g, '\\$&')}`).test(report);
    expect(failed('every field of every record, for every role and caller country, at most what the protocol grants')).toBe(true);
    expect(report).toMatch(/foreign prosecutor on the adult victim: read Person\.fullName, which rule person\.identity withholds/);
    expect(failed('a name search lists only persons the caller may know of and whose names it may read')).toBe(true);
    expect(report).toMatch(/foreign (prosecutor|analyst): listed minor victim/);
    // What the looser copy does not touch still passes: the check names what is wrong, not everything.
    expect(failed('a foreign caller is served only with the gateway\'s assertion for this member, over exactly this request, once')).toBe(false);
    expect(failed('the audit log holds the suite\'s reads, with each caller')).toBe(false);
  }, 90_000);
});

test('--remove-conformance takes the run\'s trust away again', async () => {
  await kit('trust', '--dir', d('ar'), '--remove-conformance');
  const env = readFileSync(d('ar/enlace.env'), 'utf8');
  expect(env).not.toContain('urn:enlace:conformance:');
  expect(env).toMatch(/^ENLACE_MEMBERS=AR$/m);
  expect(env).not.toMatch(/^ENLACE_PARTNERS=.*QP/m);
  const gatewayKeys = JSON.parse(readFileSync(d('ar/trust/gateway.jwks.json'), 'utf8')).keys as Array<{ kid: string }>;
  expect(gatewayKeys.map((k) => k.kid)).toEqual(JSON.parse(readFileSync(d('gw/gateway-entry.json'), 'utf8')).jwks.keys.map((k: { kid: string }) => k.kid));
});
