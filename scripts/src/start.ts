/**
 * `npm start`: the whole network on this machine. Seeds empty stores, then
 * starts the secretariat, each member state and the gateway as separate
 * processes on loopback, prints the URLs, a token and an example query, and
 * stops them all on Ctrl-C. A member that fails to start is reported; the rest
 * keep running (the gateway answers MEMBER_UNAVAILABLE for it). A member or the
 * secretariat that dies later, or stays unready for 30 s, is restarted with backoff
 * (supervise.ts, backoff.ts); `<data-dir>/pids.json` names the running processes. Every process
 * runs in development mode, with the explorer's token picker, and a development OpenID Connect
 * provider (oidc/devProvider.ts) runs beside them, trusted by the network and offered by the
 * console's and the explorer's sign-in.
 *
 *   node scripts/dist/start.js [--countries AR,CO,PE] [--scale 200] [--port 4000]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeId } from '@enlace/platform';
import { ensureDevTrust, ensureKeyPair, mintToken } from './devIssuer';
import { endpointOf, networkSpecs, seedStores, waitFor200, type ProcessSpec } from './network';
import { ANCHORS } from './seed/generate';
import { Progress } from './seed/progress';
import { parseFlags } from './flags';
import { DEFAULT_MEMBERS } from './members';
import { supervise } from './supervise';
import { DEV_OIDC_CLIENT_ID, startDevOidcProvider } from './oidc/devProvider';

const root = resolve(__dirname, '..', '..');
process.chdir(root);

interface Child {
  name: string;
  url: string;
  readyUrl: string;
  /** The current process: replaced when the child is restarted. */
  process: ChildProcess;
  /** Starts the same process again. */
  relaunch(): ChildProcess;
}

/** Set on Ctrl-C: children that exit then are not restarted. */
let stopping = false;

const flags = parseFlags(process.argv.slice(2), {
  countries: { default: process.env.ENLACE_COUNTRIES ?? DEFAULT_MEMBERS.join(','), pattern: /^[A-Z]{2}(,[A-Z]{2})*$/, hint: 'comma-separated ISO codes, e.g. AR,CO,PE' },
  scale: { default: '200', pattern: /^[1-9]\d*$/, hint: 'persons per member, a positive whole number' },
  port: { default: '4000', pattern: /^\d{2,5}$/, hint: 'the gateway port' },
  'data-dir': { default: 'data', pattern: /^.+$/, hint: 'where the stores live' },
});
const countries = flags.countries.split(',');
const gatewayPort = Number(flags.port);
const dataDir = flags['data-dir'];

/**
 * `<data-dir>/pids.json`: each running child's pid and URL, rewritten whenever one
 * (re)starts, so that a tool beside the network (`npm run soak -- --gateway …`)
 * can read the processes' memory.
 */
const pids = new Map<string, { pid: number | undefined; url: string }>();
function recordPid(child: Child): void {
  pids.set(child.name, { pid: child.process.pid, url: child.url });
  const file = join(dataDir, 'pids.json');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(Object.fromEntries(pids), null, 2));
  renameSync(`${file}.tmp`, file);
}

function prefixLines(name: string, stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream): void {
  let buffer = '';
  stream?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) out.write(`${name.padEnd(12)}| ${line}\n`);
  });
}

function startProcess(spec: ProcessSpec): Child {
  const launch = () => {
    const child = spawn(process.execPath, [join(root, spec.script)], { env: { ...process.env, ...spec.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    prefixLines(spec.name, child.stdout, process.stdout);
    prefixLines(spec.name, child.stderr, process.stderr);
    return child;
  };
  const child: Child = { name: spec.name, url: spec.url, readyUrl: endpointOf(spec.url, 'ready'), process: launch(), relaunch: launch };
  recordPid(child);
  return child;
}

/** Restarts `child` whenever it exits, or stays unready for 30 s, while the network runs (supervise.ts). */
function keepRunning(child: Child): void {
  supervise(child, { stopping: () => stopping, log: (line) => console.error(line), onStart: () => recordPid(child) });
}

/** Waits until the process answers /health, or gives up when it exits or the time runs out. */
const waitHealthy = (child: Child, timeoutMs = 30_000) => waitFor200(endpointOf(child.url, 'health'), () => child.process.exitCode !== null, timeoutMs);

async function seedIfEmpty(): Promise<void> {
  const progress = new Map<string, Progress>();
  const of = (country: string) => progress.get(country) ?? progress.set(country, new Progress(`seeding ${country}`, Number(flags.scale))).get(country)!;
  await seedStores({
    countries, dataDir, persons: Number(flags.scale),
    onProgress: (country, done) => of(country).update(done),
    onSeeded: (country, result) => of(country).done(`${result.persons} persons, ${result.cases} cases`),
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  // The development issuer (bound to these countries, XS and the partner XP), the gateway's key and one service key per member.
  const keysDir = join(root, '.dev-keys');
  const trust = await ensureDevTrust(keysDir, countries);
  const { issuer } = trust;
  // DEVELOPMENT ONLY: an OpenID Connect provider with an account per country and role, trusted like any issuer.
  const oidc = await startDevOidcProvider({ keysDir: join(keysDir, 'oidc'), countries: [...countries, 'XS', ...trust.partners], partners: trust.partners, port: gatewayPort + 9 });
  trust.trustedIssuers.push(oidc.trusted());
  trust.env.ENLACE_TRUSTED_ISSUERS = JSON.stringify(trust.trustedIssuers);
  const signIn = [{ name: 'the development provider', issuer: oidc.issuer, clientId: DEV_OIDC_CLIENT_ID, scope: 'openid profile' }];
  await seedIfEmpty();

  const children: Child[] = [];
  const stop = () => {
    stopping = true;
    console.log('\nstopping the network…');
    for (const c of children) if (c.process.exitCode === null) c.process.kill('SIGTERM');
    const forced = setTimeout(() => {
      for (const c of children) if (c.process.exitCode === null) c.process.kill('SIGKILL');
    }, 5000);
    Promise.all([oidc.close(), ...children.map((c) => (c.process.exitCode !== null ? undefined : new Promise((r) => c.process.once('exit', r))))]).then(() => {
      clearTimeout(forced);
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  // Development mode (introspection, suggestions and the explorer for everyone); the explorer's token picker
  // mints with the development issuer's key.
  const specs = networkSpecs({
    countries, dataDir, trust, ports: { gateway: gatewayPort, secretariat: gatewayPort + 10, members: countries.map((_, i) => gatewayPort + 11 + i) },
    env: { ENLACE_MODE: 'development', ENLACE_SIGN_IN: JSON.stringify(signIn), ENLACE_DEV_ISSUER: issuer.issuer, ENLACE_DEV_ISSUER_KEY: (await ensureKeyPair(keysDir, 'issuer.private.jwk.json')).privatePath },
  });
  const secretariat = startProcess(specs.secretariat);
  children.push(secretariat);
  // Members ask the secretariat at start (the audit head it holds, the pseudonym evaluator): it comes first.
  const secretariatUp = await waitHealthy(secretariat);
  const members = specs.members.map((spec) => {
    const child = startProcess(spec);
    children.push(child);
    return { country: spec.country, child };
  });
  const health = [secretariatUp, ...(await Promise.all(members.map((m) => waitHealthy(m.child))))];
  // From now on a member or the secretariat that dies, or stays unready, comes back (one that never started is left as reported).
  [secretariat, ...members.map((m) => m.child)].forEach((c, i) => health[i] && keepRunning(c));
  health.forEach((ok, i) => {
    const name = [secretariat, ...members.map((m) => m.child)][i].name;
    if (!ok) console.error(`!! ${name} did not start; the rest of the network keeps running without it`);
  });

  const gateway = startProcess(specs.gateway);
  children.push(gateway);
  if (!(await waitHealthy(gateway))) {
    console.error('!! the gateway did not start');
    stop();
    return;
  }

  const token = await mintToken(issuer, { country: countries[1] ?? countries[0], roles: ['prosecutor'], expiresIn: '12h' });
  const example = '{ persons(filter: {name: "Quispe"}) { id country fullName cases { id offences summary } } }';
  console.log(`
Enlace is running (${((Date.now() - started) / 1000).toFixed(1)} s)
  gateway      ${gateway.url}
  secretariat  ${secretariat.url}
${members.map((m, i) => `  member ${m.country}    ${m.child.url}${health[i + 1] ? '' : '   (not running)'}`).join('\n')}

Console: ${gateway.url.replace(/graphql$/, 'console/')} (sign in with a development identity; state a purpose; search).
Sign-in (development only): the development OpenID Connect provider at ${oidc.issuer} ("Sign in with the development provider"),
  logins ${oidc.accounts.slice(0, 3).map((a) => a.login).join(', ')}… (one per country and role: ${oidc.accounts.map((a) => a.login).join(', ')}), any password.
Explorer: open ${gateway.url} in a browser (each member and the secretariat serve their own; pick a development token at the bottom right).
Readiness: ${gateway.url.replace(/graphql$/, 'ready')} lists the members the gateway reaches.

A token for a ${countries[1] ?? countries[0]} prosecutor (12 h; more with \`npm run token -- --country AR --role prosecutor\`):
export TOKEN=${token}

Try:
curl -s ${gateway.url} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\
  -H 'x-enlace-purpose: Investigation of a trafficking network' -H 'x-enlace-case-ref: DEMO-1' \\
  -d '{"query":"${example.replace(/"/g, '\\"')}"}'

Ids are opaque: the suspect "El Cóndor" is ${countries.map((c) => makeId(c, 'P', 1)).join(', ')}; case 1 of ${countries[0]} is ${makeId(countries[0], 'C', 1)}.
Working for the JIT ${ANCHORS.jitId} (${countries.slice(0, 2).join(' and ')}): send -H 'x-enlace-case-ref: ${ANCHORS.jitId}' to see its cases in full.
Ctrl-C stops the whole network.`);
}

main().catch((err: unknown) => {
  console.error(`cannot start the network: ${(err as Error)?.message ?? String(err)}`);
  process.exit(1);
});
