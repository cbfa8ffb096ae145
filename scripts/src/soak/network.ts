/**
 * The network the durability harness drives: its own (a fresh data dir, free
 * loopback ports, the processes `npm start` runs, in production mode, each one's
 * output in `<dir>/logs/`), which it can kill -9 and restart; or a running one
 * (`--gateway URL`), whose processes' pids come from `npm start`'s pids.json.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Child, root } from '../bench/lib';
import { prfKeyFromFile, type PrfKey } from '@enlace/platform';
import { ensureDevIssuer, ensureDevTrust, DEV_ISSUER, type DevIssuer } from '../devIssuer';
import { endpointOf, networkSpecs, seedStores, waitFor200, type ProcessSpec } from '../network';

/** A process whose memory the harness follows. */
export interface Watched {
  name: string;
  pid: number;
}

/** What soak needs of a network, its own or a running one. */
export interface NetworkHandle {
  gatewayUrl: string;
  countries: string[];
  /** Mints the harness's tokens. */
  issuer: DevIssuer;
  /** The network's pseudonym key (development keys): the harness computes its checks' pseudonyms with it, as the evaluator would. */
  prfKey: PrfKey | null;
  /** The processes running now (a restarted one has a new pid). */
  processes(): Watched[];
  /** Where the stores and audit logs are, when known. */
  dataDir: string | null;
  /** A process's last error messages, when its output is at hand. */
  recentErrors?(name: string): string[];
  /** Processes that exited on their own since the last call, when the harness started them. */
  takeExits?(): UnexpectedExit[];
  close(): Promise<void>;
}

export interface OwnNetworkOptions {
  countries: string[];
  /** Persons per member. */
  persons: number;
  /** Default: a fresh temporary directory, removed by close() unless `keep`. */
  dataDir?: string;
  keep?: boolean;
  /** ENLACE_LOG_LEVEL of the processes (their logs go to files). */
  logLevel?: string;
  /** Further settings of every process. */
  env?: Record<string, string>;
  log?: (line: string) => void;
}

/** Ports the kernel has just handed out (and taken back): free when the processes bind them a moment later. */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(s));
  })));
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

interface Managed {
  spec: ProcessSpec;
  child: Child;
  starts: number;
  /** Stopped by the harness (kill9, close): its exit is not news. */
  stopped: boolean;
}

/** A process that exited without the harness stopping it. */
export interface UnexpectedExit {
  name: string;
  at: number;
  /** Its signal or exit code. */
  how: string;
  /** Its last error messages. */
  errors: string[];
}

/** The harness's own network: every process a child it can kill and start again on the same port, store and audit log. */
export class OwnNetwork implements NetworkHandle {
  private readonly procs = new Map<string, Managed>();
  private exits: UnexpectedExit[] = [];
  prfKey: PrfKey | null = null;

  private constructor(
    readonly gatewayUrl: string,
    readonly countries: string[],
    readonly issuer: DevIssuer,
    readonly dataDir: string,
    private readonly options: OwnNetworkOptions & { logLevel: string },
    private readonly specs: ProcessSpec[],
  ) {}

  static async start(options: OwnNetworkOptions): Promise<OwnNetwork> {
    const log = options.log ?? (() => undefined);
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'enlace-soak-'));
    mkdirSync(join(dataDir, 'logs'), { recursive: true });
    const trust = await ensureDevTrust(join(dataDir, 'keys'), options.countries);
    const started = Date.now();
    await seedStores({ countries: options.countries, dataDir, persons: options.persons });
    log(`seeded ${options.countries.join(', ')} (${options.persons} persons each) in ${dataDir} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    const [gateway, secretariat, ...members] = await freePorts(2 + options.countries.length);
    const specs = networkSpecs({ countries: options.countries, dataDir, trust, ports: { gateway, secretariat, members } });
    const all = [specs.secretariat, ...specs.members, specs.gateway];
    const net = new OwnNetwork(specs.gateway.url, options.countries, trust.issuer, dataDir, { ...options, logLevel: options.logLevel ?? 'warn' }, all);
    net.prfKey = prfKeyFromFile(trust.secretariatEnv.ENLACE_PRF_KEY_FILE);
    try {
      // The secretariat first (members ask it at start: its audit head, its pseudonym evaluator), then the members,
      // then the gateway (it asks for the members' schema); the load starts once every member's pseudonym index is
      // made, so that a hit/no-hit on a record a member holds finds it from the first request.
      await net.launch(specs.secretariat.name);
      await net.waitHealthy(specs.secretariat.name);
      await Promise.all(specs.members.map((s) => net.launch(s.name).then(() => net.waitHealthy(s.name))));
      await net.launch(specs.gateway.name);
      await net.waitHealthy(specs.gateway.name);
      await Promise.all(specs.members.map((s) => net.waitIndexed(s.name)));
    } catch (err) {
      await net.close();
      throw err;
    }
    log(`network up in ${((Date.now() - started) / 1000).toFixed(1)} s: gateway ${specs.gateway.url}`);
    return net;
  }

  /** The process names: 'secretariat', 'member AR', …, 'gateway'. */
  names(): string[] {
    return this.specs.map((s) => s.name);
  }

  spec(name: string): ProcessSpec {
    const spec = this.specs.find((s) => s.name === name);
    if (!spec) throw new Error(`no process "${name}" in this network (${this.names().join(', ')})`);
    return spec;
  }

  processes(): Watched[] {
    return [...this.procs.values()].filter((m) => alive(m.child)).map((m) => ({ name: m.spec.name, pid: m.child.process.pid! }));
  }

  /** The child now running as `name`, if any. */
  child(name: string): Child | undefined {
    return this.procs.get(name)?.child;
  }

  /** Starts `name` (again): same port, store and audit log; its output appended to logs/<name>.log. */
  async launch(name: string): Promise<void> {
    const spec = this.spec(name);
    const previous = this.procs.get(name);
    if (previous && alive(previous.child)) throw new Error(`${name} is running`);
    const child = new Child({
      name,
      script: join(root, spec.script),
      env: { ENLACE_LOG_LEVEL: this.options.logLevel, ...this.options.env, ...spec.env },
      log: join(this.dataDir, 'logs', `${name.replace(/\s+/g, '-')}.log`),
      reportPeak: false,
    });
    const managed: Managed = { spec, child, starts: (previous?.starts ?? 0) + 1, stopped: false };
    this.procs.set(name, managed);
    void child.exited.then(() => {
      if (!managed.stopped) this.exits.push({ name, at: Date.now(), how: exitOf(child), errors: this.recentErrors(name) });
    });
  }

  /** The processes that exited on their own since the last call (a crash the harness did not cause). */
  takeExits(): UnexpectedExit[] {
    return this.exits.splice(0);
  }

  /** kill -9, and waits until the process is gone. */
  async kill9(name: string): Promise<void> {
    const m = this.procs.get(name);
    if (!m || !alive(m.child)) return;
    m.stopped = true;
    m.child.process.kill('SIGKILL');
    await m.child.exited;
  }

  /** Waits for /health 200 (it listens), or throws with the process's last output. */
  async waitHealthy(name: string, timeoutMs = 120_000): Promise<void> {
    const m = this.procs.get(name)!;
    if (!(await waitFor200(endpointOf(m.spec.url, 'health'), () => !alive(m.child), timeoutMs))) {
      throw new Error(`${name} did not start within ${timeoutMs / 1000} s${alive(m.child) ? '' : ` (exited with ${exitOf(m.child)})`}\n${m.child.tail()}`);
    }
  }

  /** Waits until the member's /health shows its pseudonym index current, nothing pending. */
  async waitIndexed(name: string, timeoutMs = 120_000): Promise<void> {
    const m = this.procs.get(name)!;
    const started = Date.now();
    let last = 'no answer';
    while (Date.now() - started < timeoutMs && alive(m.child)) {
      try {
        const health = (await (await fetch(endpointOf(m.spec.url, 'health'))).json()) as { pseudonymIndex?: { state: string; pending: number; reason?: string } };
        const index = health.pseudonymIndex;
        if (!index || (index.state === 'current' && index.pending === 0)) return;
        last = `${index.state}, ${index.pending} pending${index.reason ? `: ${index.reason}` : ''}`;
      } catch (err) {
        last = (err as Error).message;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${name}'s pseudonym index was not made within ${timeoutMs / 1000} s (${last})\n${m.child.tail()}`);
  }

  /** Milliseconds until /ready answered 200, or null when it did not within `timeoutMs` (or the process exited). */
  async waitReady(name: string, timeoutMs: number): Promise<number | null> {
    const m = this.procs.get(name)!;
    const started = Date.now();
    return (await waitFor200(endpointOf(m.spec.url, 'ready'), () => !alive(m.child), timeoutMs, 100)) ? Date.now() - started : null;
  }

  /** How the process `name` ended, and its last lines of output: why it did not come back. */
  describeExit(name: string): string {
    const m = this.procs.get(name);
    if (!m) return `${name} was never started`;
    return `${alive(m.child) ? 'still running, not ready' : `exited with ${exitOf(m.child)}`}\n${m.child.tail()}`;
  }

  /** The last distinct error messages in the output of `name` (level error or fatal): what an internal error behind the gateway was. */
  recentErrors(name: string, count = 3): string[] {
    const out: string[] = [];
    for (const line of (this.procs.get(name)?.child.tail() ?? '').split('\n').reverse()) {
      const json = line.slice(line.indexOf('| ') + 2);
      try {
        const entry = JSON.parse(json) as { level?: number; msg?: string };
        const msg = entry.msg?.split('\n')[0]; // without the stack
        if ((entry.level ?? 0) >= 50 && msg && !out.includes(msg)) out.push(msg);
      } catch {
        if (json.trim() && !out.includes(json)) out.push(json); // a line that is not JSON: a crash's own words (an abort, a segfault)
      }
      if (out.length >= count) break;
    }
    return out;
  }

  async close(): Promise<void> {
    // The gateway first, then the rest: a clean stop, as Ctrl-C of npm start.
    for (const m of this.procs.values()) m.stopped = true;
    const gateway = this.procs.get('gateway');
    if (gateway) await gateway.child.stop(5000);
    await Promise.all([...this.procs.values()].map((m) => m.child.stop(10_000)));
    if (!this.options.keep && !this.options.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

const alive = (child: Child) => child.process.exitCode === null && child.process.signalCode === null;
const exitOf = (child: Child) => child.process.signalCode ?? `code ${child.process.exitCode}`;

export interface RunningNetworkOptions {
  gatewayUrl: string;
  /** npm start's `<data-dir>/pids.json`, to follow the processes' memory; null: memory is not followed. */
  pidsFile: string | null;
  /** The development issuer's keys (npm start's `.dev-keys`). */
  keysDir: string;
  dataDir: string | null;
}

/** A network started elsewhere (npm start): the harness only sends requests, and reads memory by pid when it can. */
export async function runningNetwork(options: RunningNetworkOptions): Promise<NetworkHandle> {
  const res = await fetch(endpointOf(options.gatewayUrl, 'ready'));
  const ready = (await res.json()) as { members?: Array<{ country: string }> };
  const countries = (ready.members ?? []).map((m) => m.country);
  if (!countries.length) throw new Error(`${options.gatewayUrl}: its /ready lists no members`);
  if (!existsSync(join(options.keysDir, 'issuer.private.jwk.json'))) throw new Error(`no development issuer in ${options.keysDir} (npm start makes it)`);
  const issuer = await ensureDevIssuer(options.keysDir, DEV_ISSUER);
  return {
    gatewayUrl: options.gatewayUrl,
    countries,
    issuer,
    prfKey: existsSync(join(options.keysDir, 'prf.key')) ? prfKeyFromFile(join(options.keysDir, 'prf.key')) : null,
    dataDir: options.dataDir,
    processes: () => {
      if (!options.pidsFile || !existsSync(options.pidsFile)) return [];
      try {
        const pids = JSON.parse(readFileSync(options.pidsFile, 'utf8')) as Record<string, { pid?: number }>;
        return Object.entries(pids).filter(([, p]) => typeof p.pid === 'number').map(([name, p]) => ({ name, pid: p.pid! }));
      } catch {
        return []; // being rewritten: the next sample reads it
      }
    },
    close: async () => undefined,
  };
}

export { root };
