/**
 * The benchmark's plumbing: child processes (with their peak memory), a small
 * request/answer channel to the benchmark's own server processes, autocannon
 * runs with exact per-request latencies, and figures.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';

export const root = resolve(__dirname, '..', '..', '..');

/** The query of the gateway overhead section (run.ts), also used by the audit log's and observability's costs. */
export const OVERHEAD_QUERY = `query Overhead { persons(first: 10) { id country fullName dateOfBirth nationalities cases { id offences status } } }`;
export const benchDist = __dirname;

// ---- figures ----------------------------------------------------------------------

export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  min: number;
  max: number;
}

/** Nearest-rank percentiles of a sample. */
export function summarise(xs: number[]): Summary {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] : NaN);
  return {
    n: s.length,
    mean: s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN,
    p50: at(50),
    p90: at(90),
    p99: at(99),
    min: s.length ? s[0] : NaN,
    max: s.length ? s[s.length - 1] : NaN,
  };
}

export const ms = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '–');
export const int = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');
export const mib = (kb: number | null | undefined) => (kb ? (kb / 1024).toFixed(0) : '–');
/** Each process's CPU time per request, ms: "gateway 1.68 ms, member AR 3.06 ms". */
export const perProcessMs = (cpu: Record<string, number>) => Object.entries(cpu).map(([name, x]) => `${name} ${ms(x, 2)} ms`).join(', ');
/** "14 min 59 s" (rounded to the second first, so never "14 min 60 s"). */
export const minutesAndSeconds = (seconds: number) => {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
};

// ---- memory -----------------------------------------------------------------------

export interface MemStatus {
  rssKb: number;
  hwmKb: number;
}

/** VmRSS and VmHWM (peak resident set) of a process, from /proc; null when it is gone. */
export function memStatus(pid: number | 'self'): MemStatus | null {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(text)?.[1] ?? NaN);
    return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
  } catch {
    return null;
  }
}

// ---- other work on the machine ----------------------------------------------------------

/** Clock ticks per second in /proc's CPU times (USER_HZ: 100 on Linux). */
export const USER_HZ = 100;

/** Clock ticks (USER_HZ) of user + system time: of a process, and with `children`, of the children it has reaped. */
export function processTicks(pid: number | 'self', children = false): number {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ').map(Number); // f[0] is field 3 (state)
    return f[11] + f[12] + (children ? f[13] + f[14] : 0); // utime, stime, cutime, cstime
  } catch {
    return 0;
  }
}

/** Clock ticks the whole machine spent in user and system mode, all cores together. */
function machineTicks(): number {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return f[0] + f[1] + f[2];
  } catch {
    return NaN;
  }
}

export interface CpuMark {
  at: number;
  machine: number;
  mine: number;
}

/** A mark of the machine's CPU time and of this benchmark's (itself, its live children, and the children it reaped). */
export function cpuMark(livePids: number[]): CpuMark {
  return { at: Date.now(), machine: machineTicks(), mine: processTicks('self', true) + livePids.reduce((s, pid) => s + processTicks(pid), 0) };
}

/** The share of all cores' time between two marks spent by processes that are not this benchmark's. */
export function otherWork(a: CpuMark, b: CpuMark, cores: number): number {
  const ticks = ((b.at - a.at) / 1000) * USER_HZ * cores;
  return Math.max(0, (b.machine - a.machine - (b.mine - a.mine)) / Math.max(1, ticks));
}

// ---- child processes ----------------------------------------------------------------

export interface ChildOptions {
  name: string;
  script: string;
  args?: string[];
  env?: Record<string, string>;
  /** Where the child's output goes (appended). */
  log: string;
  /** Lines of the child's output to echo to the console (progress). */
  echo?: (line: string) => boolean;
  /** Opens the benchmark's request/answer channel (for scripts/dist/bench/serve.js). */
  ipc?: boolean;
  /** Preload peak.js, which writes the peak resident set at exit (default true; off where only the polled figure is wanted, e.g. under jest, which runs the sources). */
  reportPeak?: boolean;
}

/** A spawned node process: output to a log file, its peak memory polled and reported at exit. */
export class Child {
  readonly process: ChildProcess;
  readonly name: string;
  readonly exited: Promise<number | null>;
  private peakKb = 0;
  private readonly peakFile: string;
  private readonly poll: NodeJS.Timeout;
  private readonly out: WriteStream;
  private readonly lines: string[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners: Array<(line: string) => void> = [];

  constructor(options: ChildOptions) {
    this.name = options.name;
    this.peakFile = `${options.log}.peak`;
    this.out = createWriteStream(options.log, { flags: 'a' });
    const preload = options.reportPeak === false ? [] : ['-r', join(benchDist, 'peak.js')];
    this.process = spawn(process.execPath, [...preload, options.script, ...(options.args ?? [])], {
      cwd: root,
      // At info at least: the bench waits for a process's "listening on" line, logged at info.
      env: { ...process.env, APOLLO_TELEMETRY_DISABLED: 'true', ENLACE_LOG_LEVEL: 'info', ...options.env, ENLACE_BENCH_PEAK_FILE: this.peakFile },
      stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    });
    const onLines = (stream: NodeJS.ReadableStream | null) => {
      let buffer = '';
      stream?.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const parts = buffer.split('\n');
        buffer = parts.pop() ?? '';
        for (const line of parts) {
          this.out.write(`${line}\n`);
          this.lines.push(line);
          if (this.lines.length > 40) this.lines.shift();
          if (options.echo?.(line)) console.log(`      ${options.name} | ${line.replace(/\r/g, '')}`);
          for (const l of this.listeners) l(line);
        }
      });
    };
    onLines(this.process.stdout);
    onLines(this.process.stderr);
    this.process.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(`${this.name}: ${m.error}`));
      else p.resolve(m.result);
    });
    this.poll = setInterval(() => this.sample(), 200);
    this.exited = new Promise((done) => {
      // 'close', not 'exit': the output streams are drained by then.
      this.process.on('close', (code) => {
        clearInterval(this.poll);
        this.out.end();
        for (const p of this.pending.values()) p.reject(new Error(`${this.name} exited (code ${code})\n${this.tail()}`));
        this.pending.clear();
        done(code);
      });
    });
  }

  private sample(): void {
    const s = this.process.pid ? memStatus(this.process.pid) : null;
    if (s && s.hwmKb > this.peakKb) this.peakKb = s.hwmKb;
  }

  /** Peak resident set so far (KiB); after exit, the figure the process wrote itself. */
  peak(): number {
    this.sample();
    if (this.process.exitCode !== null && existsSync(this.peakFile)) {
      const reported = Number(readFileSync(this.peakFile, 'utf8'));
      if (reported > this.peakKb) this.peakKb = reported;
    }
    return this.peakKb;
  }

  tail(): string {
    return this.lines.map((l) => `      ${this.name} | ${l}`).join('\n');
  }

  /** Resolves with the first output line that matches. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no "${pattern}" within ${timeoutMs} ms\n${this.tail()}`)), timeoutMs);
      const listener = (line: string) => {
        const m = pattern.exec(line);
        if (m) {
          clearTimeout(timer);
          resolvePromise(m);
        }
      };
      this.listeners.push(listener);
      void this.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited (code ${code}) before "${pattern}"\n${this.tail()}`));
      });
    });
  }

  /** Asks a bench server process (serve.js) to do something, and waits for its answer. */
  call<T>(cmd: string, args: Record<string, unknown> = {}, timeoutMs = 120_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}: no answer to "${cmd}" within ${timeoutMs} ms\n${this.tail()}`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolvePromise(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.process.send({ id, cmd, args });
    });
  }

  /** SIGTERM, then SIGKILL after a grace period; resolves with the peak memory. */
  async stop(graceMs = 10_000): Promise<number> {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      this.sample();
      this.process.kill('SIGTERM');
      const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    return this.peak();
  }
}

/** Polls a URL until it answers 200, or fails when the process exits or the time runs out. */
export async function waitHealthy(url: string, child: Child, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) throw new Error(`${child.name} exited before it was healthy\n${child.tail()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${child.name} not healthy within ${timeoutMs} ms\n${child.tail()}`);
}

// ---- GraphQL requests ----------------------------------------------------------------

export interface GqlBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

export async function gql(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<{ text: string; body: GqlBody; status: number }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  let body: GqlBody;
  try {
    body = JSON.parse(text) as GqlBody;
  } catch {
    throw new Error(`${url} answered ${res.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  return { text, body, status: res.status };
}

// ---- load ------------------------------------------------------------------------------

export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  /** A fixed request body, or one made per request. */
  body: string | (() => string);
  /** Extra headers made per request (e.g. a unique case reference). */
  perRequestHeaders?: () => Record<string, string>;
  connections: number;
  seconds: number;
  /** Every measured answer must be exactly this (a deterministic query), else it counts as a mismatch. */
  expectBody?: string;
  /** Or must pass this check. */
  verifyBody?: (body: string) => boolean;
}

export interface LoadResult {
  /** Per-request latencies in ms (left out of the JSON). */
  samples?: number[];
  connections: number;
  seconds: number;
  requests: number;
  /** Completed requests per second. */
  rps: number;
  latency: Summary;
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
}

/**
 * One bounded autocannon run. Latencies are taken from autocannon's own
 * per-response timings (float ms), not its integer histogram, so that p50s of a
 * few milliseconds keep their decimals.
 */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const dynamic = typeof options.body === 'function' || options.perRequestHeaders;
  const makeBody = typeof options.body === 'function' ? options.body : () => options.body as string;
  const opts: autocannon.Options = {
    url: options.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: typeof options.body === 'string' ? options.body : undefined,
    connections: options.connections,
    duration: options.seconds,
    pipelining: 1,
    timeout: 60,
    ...(options.expectBody !== undefined ? { expectBody: options.expectBody } : {}),
    ...(options.verifyBody ? { verifyBody: (b: string | Buffer | undefined) => options.verifyBody!(String(b ?? '')) } : {}),
    ...(dynamic
      ? {
          requests: [
            {
              setupRequest: (req: autocannon.Request) => ({
                ...req,
                body: makeBody(),
                headers: { ...req.headers, ...(options.perRequestHeaders?.() ?? {}) },
              }),
            },
          ],
        }
      : {}),
  };
  const result = await new Promise<autocannon.Result>((resolvePromise, reject) => {
    const instance = autocannon(opts, (err, res) => (err ? reject(err) : resolvePromise(res)));
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
  const result2: LoadResult = {
    connections: options.connections,
    seconds: result.duration || options.seconds,
    requests: latencies.length,
    rps: latencies.length / (result.duration || options.seconds),
    latency: summarise(latencies),
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    mismatches: result.mismatches,
  };
  Object.defineProperty(result2, 'samples', { value: latencies, enumerable: false });
  return result2;
}

/** Several runs of the same measurement as one. */
export function combine(runs: LoadResult[]): LoadResult {
  const samples = runs.flatMap((r) => r.samples ?? []);
  const seconds = runs.reduce((s, r) => s + r.seconds, 0);
  const sum = (k: 'errors' | 'timeouts' | 'non2xx' | 'mismatches') => runs.reduce((s, r) => s + r[k], 0);
  const out: LoadResult = {
    connections: runs[0].connections,
    seconds,
    requests: samples.length,
    rps: samples.length / seconds,
    latency: summarise(samples),
    errors: sum('errors'),
    timeouts: sum('timeouts'),
    non2xx: sum('non2xx'),
    mismatches: sum('mismatches'),
  };
  Object.defineProperty(out, 'samples', { value: samples, enumerable: false });
  return out;
}

/** What went wrong in a run, or '' when nothing did. */
export function faults(r: LoadResult): string {
  const parts: string[] = [];
  if (r.errors) parts.push(`${r.errors} errors`);
  if (r.timeouts) parts.push(`${r.timeouts} timeouts`);
  if (r.non2xx) parts.push(`${r.non2xx} non-2xx`);
  if (r.mismatches) parts.push(`${r.mismatches} unexpected answers`);
  return parts.join(', ');
}
