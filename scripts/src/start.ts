/**
 * `npm start`: the whole network on this machine. Seeds empty stores, then
 * starts the secretariat, each member state and the gateway as separate
 * processes on loopback, prints the URLs, a token and an example query, and
 * stops them all on Ctrl-C. A member that fails to start is reported; the rest
 * keep running (the gateway answers MEMBER_UNAVAILABLE for it). A member or the
 * secretariat that dies later is restarted with backoff (backoff.ts). Every process
 * runs in development mode, with the explorer's token picker.
 *
 *   node scripts/dist/start.js [--countries AR,CO,PE] [--scale 200] [--port 4000]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { makeId, SECRETARIAT_COUNTRY } from '@enlace/common';
import { KuzuStore } from '@enlace/store';
import { auditPaths } from './audit/verify';
import { RestartBackoff } from './backoff';
import { seedSecretariat, secretariatIsEmpty } from '@enlace/secretariat';
import { ensureDevTrust, ensureKeyPair, mintToken } from './devIssuer';
import { ANCHORS, generateSecretariat } from './seed/generate';
import { isEmpty, SEEDING_BUFFER_POOL_MB, seedMember } from './seed/load';
import { Progress } from './seed/progress';
import { parseFlags } from './flags';

const root = resolve(__dirname, '..', '..');
process.chdir(root);

interface Child {
  name: string;
  url: string;
  /** The current process: replaced when the child is restarted. */
  process: ChildProcess;
  /** Starts the same process again. */
  relaunch(): ChildProcess;
}

/** Set on Ctrl-C: children that exit then are not restarted. */
let stopping = false;

const flags = parseFlags(process.argv.slice(2), {
  countries: { default: process.env.ENLACE_COUNTRIES ?? 'AR,CO,PE', pattern: /^[A-Z]{2}(,[A-Z]{2})*$/, hint: 'comma-separated ISO codes, e.g. AR,CO,PE' },
  scale: { default: '200', pattern: /^[1-9]\d*$/, hint: 'persons per member, a positive whole number' },
  port: { default: '4000', pattern: /^\d{2,5}$/, hint: 'the gateway port' },
  'data-dir': { default: 'data', pattern: /^.+$/, hint: 'where the stores live' },
});
const countries = flags.countries.split(',');
const gatewayPort = Number(flags.port);
const dataDir = flags['data-dir'];
const SEED = 42;

function prefixLines(name: string, stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream): void {
  let buffer = '';
  stream?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) out.write(`${name.padEnd(12)}| ${line}\n`);
  });
}

function startProcess(name: string, script: string, port: number, env: Record<string, string>): Child {
  const launch = () => {
    const child = spawn(process.execPath, [join(root, script)], {
      // Development mode: introspection, suggestions and the explorer (with its token picker) for everyone.
      env: { ...process.env, ENLACE_MODE: 'development', ...env, PORT: String(port), HOST: '127.0.0.1', APOLLO_TELEMETRY_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    prefixLines(name, child.stdout, process.stdout);
    prefixLines(name, child.stderr, process.stderr);
    return child;
  };
  return { name, url: `http://127.0.0.1:${port}/graphql`, process: launch(), relaunch: launch };
}

/** Restarts `child` whenever it exits while the network runs, waiting as `RestartBackoff` says. */
function keepRunning(child: Child): void {
  const backoff = new RestartBackoff();
  const watch = (proc: ChildProcess, startedAt: number) => {
    proc.once('exit', (code, signal) => {
      if (stopping) return;
      const delay = backoff.next(Date.now() - startedAt);
      console.error(`!! ${child.name} exited (${signal ?? `code ${code}`}); restarting it in ${delay / 1000} s`);
      setTimeout(() => {
        if (stopping) return;
        child.process = child.relaunch();
        console.error(`!! ${child.name} restarted`);
        watch(child.process, Date.now());
      }, delay).unref();
    });
  };
  watch(child.process, Date.now());
}

/** Waits until the process answers /health, or gives up when it exits or the time runs out. */
async function waitHealthy(child: Child, timeoutMs = 30_000): Promise<boolean> {
  const health = child.url.replace(/graphql$/, 'health');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) return false;
    try {
      if ((await fetch(health)).ok) return true;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return false;
}

async function seedIfEmpty(): Promise<void> {
  for (const country of countries) {
    const store = new KuzuStore({ path: join(dataDir, country.toLowerCase(), 'member.kuzu'), bufferPoolBytes: SEEDING_BUFFER_POOL_MB * 1024 * 1024 });
    try {
      if (await isEmpty(store)) {
        const progress = new Progress(`seeding ${country}`, Number(flags.scale));
        const result = await seedMember(store, country, { persons: Number(flags.scale), seed: SEED, onProgress: (done) => progress.update(done) });
        progress.done(`${result.persons} persons, ${result.cases} cases`);
      }
    } finally {
      await store.close();
    }
  }
  const store = new KuzuStore({ path: join(dataDir, 'secretariat', 'secretariat.kuzu') });
  try {
    if (await secretariatIsEmpty(store)) await seedSecretariat(store, generateSecretariat(countries, SEED));
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  // The development issuer (bound to these countries, XS and the partner XP), the gateway's key and one service key per member.
  const keysDir = join(root, '.dev-keys');
  const trust = await ensureDevTrust(keysDir, countries);
  const { issuer } = trust;
  await seedIfEmpty();

  const children: Child[] = [];
  const stop = () => {
    stopping = true;
    console.log('\nstopping the network…');
    for (const c of children) if (c.process.exitCode === null) c.process.kill('SIGTERM');
    const forced = setTimeout(() => {
      for (const c of children) if (c.process.exitCode === null) c.process.kill('SIGKILL');
    }, 5000);
    Promise.all(children.map((c) => (c.process.exitCode !== null ? undefined : new Promise((r) => c.process.once('exit', r))))).then(() => {
      clearTimeout(forced);
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  // The explorer's token picker mints with the development issuer's key (development mode only).
  const common = { ...trust.env, ENLACE_DEV_ISSUER: issuer.issuer, ENLACE_DEV_ISSUER_KEY: (await ensureKeyPair(keysDir, 'issuer.private.jwk.json')).privatePath };
  const secretariat = startProcess('secretariat', 'subgraphs/secretariat/dist/main.js', gatewayPort + 10, {
    ...common, KUZU_PATH: join(dataDir, 'secretariat', 'secretariat.kuzu'),
    // The audit log and the register of chain heads beside the store, where `npm run audit -- verify` reads them.
    AUDIT_PATH: auditPaths(SECRETARIAT_COUNTRY, dataDir).logPath, AUDIT_HEADS_PATH: auditPaths(SECRETARIAT_COUNTRY, dataDir).headsPath,
  });
  children.push(secretariat);
  const members = countries.map((country, i) => {
    const child = startProcess(`member ${country}`, 'subgraphs/member/dist/main.js', gatewayPort + 11 + i, {
      ...common, ...trust.memberEnv(country), MEMBER_COUNTRY: country, SECRETARIAT_URL: secretariat.url, KUZU_PATH: join(dataDir, country.toLowerCase(), 'member.kuzu'),
      AUDIT_PATH: auditPaths(country, dataDir).logPath,
    });
    children.push(child);
    return { country, child };
  });
  const health = await Promise.all([secretariat, ...members.map((m) => m.child)].map((c) => waitHealthy(c)));
  // From now on a member or the secretariat that dies comes back (one that never started is left as reported).
  [secretariat, ...members.map((m) => m.child)].forEach((c, i) => health[i] && keepRunning(c));
  health.forEach((ok, i) => {
    const name = [secretariat, ...members.map((m) => m.child)][i].name;
    if (!ok) console.error(`!! ${name} did not start; the rest of the network keeps running without it`);
  });

  // The directory lists every configured member, started or not: the gateway reports the missing ones.
  const gateway = startProcess('gateway', 'gateway/dist/main.js', gatewayPort, {
    ...common,
    ...trust.gatewayEnv,
    MEMBER_DIRECTORY: members.map((m) => `${m.country}=${m.child.url}`).join(','),
    SECRETARIAT_URL: secretariat.url,
  });
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
