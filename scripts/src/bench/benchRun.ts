/**
 * What the sections of `npm run bench` (run.ts) share: the settings the flags
 * gave, the progress log, the work directory and the child processes (each server
 * role in its own process), and how much of the CPU other work on the machine
 * took during each section.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchDist, Child, cpuMark, faults, int, ms, otherWork as otherWorkShare, type CpuMark, type GqlBody, type LoadResult } from './lib';

export interface BenchSettings {
  /** `--quick`: shorter defaults (a flag given explicitly wins). */
  quick: boolean;
  /** Seconds per throughput measurement. */
  seconds: number;
  /** Concurrent connections for throughput measurements. */
  connections: number;
  /** The delayed members' latency in the fan-out, ms. */
  delay: number;
  /** Member counts for the fan-out. */
  fanout: number[];
  /** Persons per member for the store at scale. */
  scales: number[];
  /** The authorization bench's run inside this one (its headline scenario only): measured requests and warm-up per network. */
  authz: { requests: number; warmup: number };
  seed: number;
}

/** The identity settings every bench process gets (ENLACE_TRUSTED_ISSUERS, ENLACE_MEMBERS, the gateway's keys). */
export type TrustEnv = Record<string, string>;

/** Sixteen member states of the region, each with its own country code in the directory. */
export const COUNTRIES16 = ['AR', 'BO', 'BR', 'CL', 'CO', 'CR', 'DO', 'EC', 'ES', 'GT', 'HN', 'MX', 'PA', 'PE', 'PY', 'UY'];

export class BenchRun {
  readonly started = Date.now();
  readonly work = mkdtempSync(join(tmpdir(), 'enlace-bench-'));
  readonly logs = join(this.work, 'logs');
  /** Every process started, stopped at the end whatever happens. */
  readonly children: Child[] = [];
  /** Share of the CPU that other work on the machine took, per section: the figures of a busy section are not this code's alone. */
  readonly otherWork: Record<string, number> = {};
  /** Wall time per section, s (bench.json: where the run's minutes go). */
  readonly sectionSeconds: Record<string, number> = {};

  constructor(readonly settings: BenchSettings) {
    mkdirSync(this.logs);
  }

  private clock(): string {
    const s = Math.round((Date.now() - this.started) / 1000);
    return `${String(Math.floor(s / 60)).padStart(2)}:${String(s % 60).padStart(2, '0')}`;
  }

  readonly say = (line: string): void => console.log(`[${this.clock()}] ${line}`);

  /** A process started for the run, to be stopped with the others at the end. */
  readonly adopt = (child: Child): Child => {
    this.children.push(child);
    return child;
  };

  readonly livePids = (): number[] =>
    this.children.filter((c) => c.process.exitCode === null && c.process.signalCode === null && c.process.pid).map((c) => c.process.pid!);

  readonly noteOtherWork = (name: string, since: CpuMark): void => {
    const share = (this.otherWork[name] = otherWorkShare(since, cpuMark(this.livePids()), cpus().length));
    this.say(`    other work on the machine during "${name}": ${(share * 100).toFixed(0)}% of the CPU${share > 0.1 ? ' — these figures are disturbed; run again on a quiet machine' : ''}`);
  };

  readonly section = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const mark = cpuMark(this.livePids());
    const t = Date.now();
    const result = await run();
    this.sectionSeconds[name] = (Date.now() - t) / 1000;
    this.noteOtherWork(name, mark);
    return result;
  };

  /** A server process of the bench (serve.js), driven over IPC. */
  readonly serverProcess = (name: string, trusted: TrustEnv): Child =>
    this.adopt(new Child({
      name,
      script: join(benchDist, 'serve.js'),
      env: trusted,
      log: join(this.logs, `${name.replace(/\W+/g, '-')}.log`),
      ipc: true,
    }));

  /** Closes a server process and returns its peak resident set (KiB). */
  readonly closeServer = async (child: Child): Promise<number> => {
    await child.call('close', {}, 30_000).catch(() => undefined);
    return child.stop();
  };

  /** Stops every process; the work directory goes too unless the run failed (its logs are then kept). */
  async cleanup(failed: boolean): Promise<void> {
    await Promise.all(this.children.map((c) => c.stop(5000).catch(() => 0)));
    if (!failed) rmSync(this.work, { recursive: true, force: true });
  }
}

export const body = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

export function expectClean(label: string, r: { body: GqlBody; status: number }, allowed: string[] = []): void {
  if (r.status !== 200) throw new Error(`${label}: HTTP ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
  const bad = (r.body.errors ?? []).filter((e) => !allowed.includes(String(e.extensions?.code)));
  if (bad.length) throw new Error(`${label}: unexpected errors: ${JSON.stringify(bad.slice(0, 3))}`);
}

export const line = (r: LoadResult) =>
  `${int(r.rps)} req/s, p50 ${ms(r.latency.p50)} ms, p99 ${ms(r.latency.p99)} ms (${int(r.requests)} requests${faults(r) ? `; ${faults(r)}` : ''})`;
