/**
 * The crash test: writers keep writing through the gateway while a member and
 * the secretariat are killed with SIGKILL at random instants and started again.
 * After each restart (writers held, so nothing moves while it is read) and at
 * the end: the process is ready within the bound, every acknowledged write is
 * there, every audit chain verifies, and a rename is acknowledged and found by
 * name. One point that fails any of these fails the run.
 */
import { Random } from '../seed/random';
import { Client } from './client';
import { checkWrites, renameProbe, verifyAudit, type AuditCheck, type RenameCheck, type WritesCheck } from './checks';
import type { OwnNetwork } from './network';
import { describeStats, Stats, type StatsFigures } from './stats';
import { prepare, Workers, type Context, type WorkloadOptions } from './workload';

export type Victim = 'member' | 'secretariat';

export interface CrashOptions extends WorkloadOptions {
  kills: number;
  /** Killed in turn. */
  victims: Victim[];
  /** The member that is killed. */
  member: string;
  /** A kill comes this long after the writers were let go, drawn uniformly. */
  minDelayMs: number;
  maxDelayMs: number;
  /** A restarted process must answer /ready 200 within this. */
  readyWithinS: number;
  timeoutMs: number;
}

export interface PointChecks {
  writes: WritesCheck;
  audit: AuditCheck[];
  renames: RenameCheck[];
  /** Processes that exited without being killed since the last point, each started again: one line each. */
  exitedOnTheirOwn: string[];
}

export interface KillPoint extends PointChecks {
  n: number;
  victim: string;
  /** Seconds since the writers started. */
  atS: number;
  /** Writes sent and not yet answered when the signal went. */
  writesInFlight: number;
  acknowledgedSoFar: number;
  /** Until /ready answered 200 after the restart; null: not within the bound. */
  readyMs: number | null;
  problems: string[];
}

export interface CrashReport {
  kind: 'crash';
  startedAt: string;
  options: CrashOptions;
  points: KillPoint[];
  final: PointChecks & { problems: string[] };
  summary: {
    killPoints: number;
    failedPoints: number;
    acknowledgedWrites: number;
    writesInDoubt: number;
    lost: number;
    reordered: number;
    unreadable: number;
    auditFailures: number;
    notBack: number;
    /** Processes that exited without being killed. */
    crashedOnTheirOwn: number;
    renameFailures: number;
    readyMs: { max: number | null; mean: number | null };
  };
  stats: StatsFigures;
  ok: boolean;
}

/** What is wrong in a set of checks, one line each. */
function problemsOf(c: PointChecks): string[] {
  const out: string[] = [...c.exitedOnTheirOwn];
  for (const f of c.writes.failures.slice(0, 20)) out.push(`${f.verdict} ${f.kind} ${f.id}: acknowledged ${f.expected}, read ${f.read}`);
  if (c.writes.failures.length > 20) out.push(`… and ${c.writes.failures.length - 20} more records`);
  for (const a of c.audit) if (!a.ok) out.push(`audit ${a.country}: ${a.detail}`);
  for (const r of c.renames) if (!r.ok) out.push(`rename ${r.country}: ${r.detail}`);
  return out;
}

/**
 * Processes that exited on their own since the last point (not the harness's kill):
 * each is a failure, and is started again so that the run goes on.
 */
async function reviveCrashed(net: OwnNetwork, readyWithinS: number): Promise<string[]> {
  const out: string[] = [];
  for (const e of net.takeExits()) {
    if (net.processes().some((p) => p.name === e.name)) continue; // already started again (it was the victim)
    await net.launch(e.name);
    const ready = await net.waitReady(e.name, readyWithinS * 1000);
    out.push(`${e.name} exited on its own (${e.how})${e.errors.length ? `, having logged: ${e.errors.map((m) => m.slice(0, 300)).join(' | ')}` : ''}; started again: ${ready === null ? 'NOT ready' : `ready in ${(ready / 1000).toFixed(1)} s`}`);
  }
  return out;
}

/** Behind the gateway's "Internal server error": what the members whose rename failed logged last. */
async function causes(net: OwnNetwork, c: PointChecks): Promise<string[]> {
  const failed = c.renames.filter((r) => !r.ok);
  if (!failed.length) return [];
  await new Promise((r) => setTimeout(r, 1500)); // processes write their logs once a second
  return failed.flatMap((r) => net.recentErrors(`member ${r.country}`).map((m) => `member ${r.country} logged: ${m.split('\n')[0].slice(0, 400)}`));
}

async function check(ctx: Context, dataDir: string, renameCountries: string[]): Promise<Omit<PointChecks, 'exitedOnTheirOwn'>> {
  const writes = await checkWrites(ctx);
  const audit = await verifyAudit(dataDir, ctx.net.countries);
  const renames: RenameCheck[] = [];
  for (const c of renameCountries) renames.push(await renameProbe(ctx, c));
  return { writes, audit, renames };
}

const summaryOf = (c: PointChecks) =>
  `writes: ${c.writes.checked} checked, ${c.writes.acked} as acknowledged, ${c.writes.inDoubt} in doubt, ${c.writes.failures.length} failed | ` +
  `audit: ${c.audit.map((a) => `${a.country} ${a.ok ? 'ok' : 'FAILED'}`).join(', ')} | rename: ${c.renames.map((r) => `${r.country} ${r.ok ? 'ok' : 'FAILED'}`).join(', ')}`;

export async function runCrash(net: OwnNetwork, options: CrashOptions, log: (line: string) => void = console.log): Promise<CrashReport> {
  const startedAt = new Date().toISOString();
  if (!net.countries.includes(options.member)) throw new Error(`${options.member} is not a member of this network (${net.countries.join(', ')})`);
  const client = new Client(net.gatewayUrl, options.timeoutMs);
  const stats = new Stats();
  const { ctx, writers, readers } = await prepare(net, client, stats, options);
  const harness: string[] = [];
  const workers = new Workers([...writers, ...readers], options.thinkMs, (err) => harness.length < 10 && harness.push(String((err as Error)?.stack ?? err)));
  const rng = new Random(options.seed);
  const names: Record<Victim, string> = { member: `member ${options.member}`, secretariat: 'secretariat' };
  const started = performance.now();
  const points: KillPoint[] = [];
  log(`crash: ${options.kills} kills of ${options.victims.map((v) => names[v]).join(' and ')} in turn, ${options.writers} writers, ${options.readers} readers, target ${options.target}`);
  workers.start();

  for (let n = 1; n <= options.kills; n++) {
    await new Promise((r) => setTimeout(r, options.minDelayMs + rng.next() * (options.maxDelayMs - options.minDelayMs)));
    const victim = names[options.victims[(n - 1) % options.victims.length]];
    const atS = Math.round((performance.now() - started) / 100) / 10;
    const writesInFlight = ctx.ledger.inFlight;
    await net.kill9(victim);
    await net.launch(victim);
    const readyMs = await net.waitReady(victim, options.readyWithinS * 1000);
    await workers.hold();
    const problems: string[] = [];
    if (readyMs === null) problems.push(`${victim} not ready within ${options.readyWithinS} s: ${net.describeExit(victim)}`);
    const crashed = await reviveCrashed(net, options.readyWithinS);
    const checks = { ...(await check(ctx, net.dataDir, readyMs === null && victim !== 'secretariat' ? [] : [options.member])), exitedOnTheirOwn: crashed };
    problems.push(...problemsOf(checks), ...(await causes(net, checks)));
    const point: KillPoint = { n, victim, atS, writesInFlight, acknowledgedSoFar: ctx.ledger.acknowledged, readyMs, ...checks, problems };
    points.push(point);
    log(`kill ${n}/${options.kills} ${victim} at ${atS} s (${writesInFlight} writes in flight, ${ctx.ledger.acknowledged} acknowledged so far): ` +
      `${readyMs === null ? 'NOT READY' : `ready in ${(readyMs / 1000).toFixed(1)} s`} | ${summaryOf(checks)}${problems.length ? `\n${problems.map((p) => `    ! ${p}`).join('\n')}` : ''}`);
    // A process that does not come back ends the run: every further point would only repeat it.
    if (readyMs === null) break;
    workers.resume();
  }

  await workers.hold();
  await workers.stop();
  const crashed = await reviveCrashed(net, options.readyWithinS);
  const finalChecks = { ...(await check(ctx, net.dataDir, net.countries.filter((c) => net.processes().some((p) => p.name === `member ${c}`)))), exitedOnTheirOwn: crashed };
  const final = { ...finalChecks, problems: [...problemsOf(finalChecks), ...(await causes(net, finalChecks)), ...harness.map((h) => `harness error: ${h}`)] };
  log(`final: ${summaryOf(finalChecks)}${final.problems.length ? `\n${final.problems.map((p) => `    ! ${p}`).join('\n')}` : ''}`);

  const all = [...points.map((p) => p as PointChecks), finalChecks];
  const count = (f: (c: PointChecks) => number) => all.reduce((s, c) => s + f(c), 0);
  const ready = points.map((p) => p.readyMs).filter((x): x is number => x !== null);
  const report: CrashReport = {
    kind: 'crash', startedAt, options, points, final,
    summary: {
      killPoints: points.length,
      failedPoints: points.filter((p) => p.problems.length).length,
      acknowledgedWrites: ctx.ledger.acknowledged,
      writesInDoubt: ctx.ledger.inDoubt,
      lost: count((c) => c.writes.failures.filter((f) => f.verdict === 'lost').length),
      reordered: count((c) => c.writes.failures.filter((f) => f.verdict === 'reordered').length),
      unreadable: count((c) => c.writes.failures.filter((f) => f.verdict === 'unreadable').length),
      auditFailures: count((c) => c.audit.filter((a) => !a.ok).length),
      notBack: points.filter((p) => p.readyMs === null).length,
      crashedOnTheirOwn: count((c) => c.exitedOnTheirOwn.length),
      renameFailures: count((c) => c.renames.filter((r) => !r.ok).length),
      readyMs: { max: ready.length ? Math.max(...ready) : null, mean: ready.length ? Math.round(ready.reduce((a, b) => a + b, 0) / ready.length) : null },
    },
    stats: stats.figures(),
    ok: points.every((p) => !p.problems.length) && !final.problems.length && points.length === options.kills,
  };
  for (const line of describeCrash(report)) log(line);
  return report;
}

export function describeCrash(r: CrashReport): string[] {
  const s = r.summary;
  return [
    `crash result: ${s.killPoints} kill points (${s.failedPoints} with a failed check), ${s.acknowledgedWrites} writes acknowledged, ${s.writesInDoubt} in doubt`,
    `  counted over every check (a record lost at one point is counted again at the next): lost ${s.lost}, reordered ${s.reordered}, unreadable ${s.unreadable}; ` +
      `audit chains failing ${s.auditFailures}; processes not back ${s.notBack}; processes that exited on their own ${s.crashedOnTheirOwn}; renames failing ${s.renameFailures}; ` +
      `ready after restart: mean ${s.readyMs.mean ?? '–'} ms, max ${s.readyMs.max ?? '–'} ms`,
    '  requests during the run (errors while a process is down are expected here):',
    ...describeStats(r.stats).map((l) => `    ${l}`),
    `  verdict: ${r.ok ? 'OK' : 'FAILED'}`,
  ];
}
