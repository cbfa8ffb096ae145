/**
 * The soak: writers and readers against a network for a while, with figures
 * every few seconds and at the end (requests, errors by code, latency per kind,
 * each process's memory), and a verdict: no error but acceptable refusals, no
 * process gone, memory flat after warm-up (memory.ts).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { mib } from '../bench/lib';
import { Client } from './client';
import { judgeMemory, RssSampler, type MemoryVerdict } from './memory';
import type { NetworkHandle } from './network';
import { describeStats, Stats, statsLine, type StatsFigures } from './stats';
import { prepare, Workers, type WorkloadOptions } from './workload';

export interface SoakOptions extends WorkloadOptions {
  seconds: number;
  /** Seconds between the periodic lines. */
  everyS: number;
  /** How much growth of the resident set the trend may show after warm-up. */
  rssBoundMiB: number;
  /** The client gives up on a request after this long (TIMEOUT). */
  timeoutMs: number;
}

export interface SoakInterval {
  t: number;
  requests: number;
  failed: number;
  rssMiB: Record<string, number>;
}

export interface SoakReport {
  kind: 'soak';
  startedAt: string;
  gateway: string;
  options: SoakOptions;
  durationS: number;
  stats: StatsFigures;
  intervals: SoakInterval[];
  /** Per process: the verdict and its RSS over time as [seconds, MiB], at most 200 points. */
  memory: Record<string, MemoryVerdict & { series: Array<[number, number]> }>;
  /** Of the network's own data dir: each store and audit file's size in bytes at the start and at the end (the disk fills too). */
  files: Record<string, [number, number]>;
  /** When requests failed: each process's last error messages. */
  logged: Record<string, string[]>;
  ok: boolean;
  /** Why not, when not ok. */
  problems: string[];
}

export async function runSoak(net: NetworkHandle, options: SoakOptions, log: (line: string) => void = console.log): Promise<SoakReport> {
  const startedAt = new Date().toISOString();
  const client = new Client(net.gatewayUrl, options.timeoutMs);
  const stats = new Stats();
  const { writers, readers } = await prepare(net, client, stats, options);
  const harness: string[] = [];
  const workers = new Workers([...writers, ...readers], options.thinkMs, (err) => harness.length < 10 && harness.push(String((err as Error)?.stack ?? err)));
  const before = new Set(net.processes().map((p) => p.name));
  const filesBefore = net.dataDir ? fileSizes(net.dataDir) : {};
  const sampler = new RssSampler(() => net.processes(), 1000);
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const intervals: SoakInterval[] = [];
  log(`soak: ${options.writers} writers, ${options.readers} readers, target ${options.target}, ${options.seconds} s against ${net.gatewayUrl}`);
  workers.start();

  let lastRequests = 0;
  let lastT = 0;
  const tick = () => {
    const t = elapsed();
    const f = stats.figures();
    const rss = Object.fromEntries(sampler.latest().map(({ name, kb }) => [name, Math.round(kb / 1024)]));
    intervals.push({ t: Math.round(t), requests: f.requests, failed: f.failedRequests, rssMiB: rss });
    const rate = (f.requests - lastRequests) / Math.max(0.001, t - lastT);
    log(`[${String(Math.round(t)).padStart(4)} s] ${rate.toFixed(0)} req/s | ${statsLine(f)} | RSS MiB ${Object.entries(rss).map(([n, v]) => `${n} ${v}`).join(', ')}`);
    lastRequests = f.requests;
    lastT = t;
  };
  const timer = setInterval(tick, options.everyS * 1000);
  await new Promise((r) => setTimeout(r, options.seconds * 1000));
  clearInterval(timer);
  await workers.stop();
  sampler.stop();
  const durationS = elapsed();
  tick();

  const figures = stats.figures();
  const filesAfter = net.dataDir ? fileSizes(net.dataDir) : {};
  const files = Object.fromEntries([...new Set([...Object.keys(filesBefore), ...Object.keys(filesAfter)])].sort()
    .map((f) => [f, [filesBefore[f] ?? 0, filesAfter[f] ?? 0] as [number, number]]));
  const memory: SoakReport['memory'] = {};
  const problems: string[] = [];
  for (const [name, samples] of sampler.samples) {
    const verdict = judgeMemory(samples, durationS, options.rssBoundMiB * 1024);
    const step = Math.max(1, Math.ceil(samples.length / 200));
    memory[name] = { ...verdict, series: samples.filter((_, i) => i % step === 0).map((s) => [s.t, Math.round(s.kb / 1024)]) };
    if (verdict.verdict === 'growing') problems.push(`${name}: memory grew ${mib(verdict.trendGrowthKb)} MiB after warm-up (bound ${options.rssBoundMiB} MiB)`);
    if (verdict.verdict === 'restarted') problems.push(`${name}: restarted during the run`);
  }
  const after = new Set(net.processes().map((p) => p.name));
  const exits = net.takeExits?.() ?? [];
  for (const e of exits) problems.push(`${e.name}: exited during the run (${e.how})${e.errors.length ? `, having logged: ${e.errors.map((m) => m.slice(0, 300)).join(' | ')}` : ''}`);
  for (const name of before) if (!after.has(name) && !exits.some((e) => e.name === name)) problems.push(`${name}: exited during the run`);
  if (figures.failedRequests) problems.push(`${figures.failedRequests} requests failed: ${Object.entries(figures.unacceptable).map(([c, n]) => `${c} ${n}`).join(', ')}`);
  for (const h of harness) problems.push(`harness error: ${h}`);
  // Behind the gateway's "Internal server error": what each process logged last.
  const logged: Record<string, string[]> = {};
  if (figures.failedRequests && net.recentErrors) {
    await new Promise((r) => setTimeout(r, 1500)); // processes write their logs once a second
    for (const name of before) logged[name] = net.recentErrors(name);
  }

  const report: SoakReport = {
    kind: 'soak', startedAt, gateway: net.gatewayUrl, options, durationS: Math.round(durationS * 10) / 10, stats: figures, intervals, memory, files, logged,
    ok: problems.length === 0, problems,
  };
  for (const line of describeSoak(report)) log(line);
  return report;
}

export function describeSoak(r: SoakReport): string[] {
  const lines = [`soak result (${r.durationS} s):`, ...describeStats(r.stats).map((l) => `  ${l}`), '  memory (RSS MiB: start → end of warm-up → end, peak; trend after warm-up):'];
  for (const [name, m] of Object.entries(r.memory)) {
    const trend = Number.isFinite(m.slopeKbPerMin) ? `${(m.slopeKbPerMin / 1024).toFixed(1)} MiB/min, ${(m.trendGrowthKb / 1024).toFixed(1)} MiB over ${m.windowS[0]}–${m.windowS[1]} s` : 'not enough samples';
    lines.push(`    ${name.padEnd(12)} ${mib(m.startKb)} → ${mib(m.warmKb)} → ${mib(m.endKb)}, peak ${mib(m.peakKb)}; ${trend}: ${m.verdict}`);
  }
  const files = Object.entries(r.files).filter(([, [a, b]]) => a || b);
  if (files.length) lines.push(`  files (MiB, start → end): ${files.map(([f, [a, b]]) => `${f} ${(a / 2 ** 20).toFixed(1)} → ${(b / 2 ** 20).toFixed(1)}`).join(', ')}`);
  for (const [name, msgs] of Object.entries(r.logged)) for (const m of msgs) lines.push(`  ${name} logged: ${m.split('\n')[0].slice(0, 300)}`);
  lines.push(r.ok ? '  verdict: OK' : `  verdict: FAILED\n${r.problems.map((p) => `    - ${p}`).join('\n')}`);
  return lines;
}

/** Sizes of the files in each store's directory (stores, write-ahead logs, audit logs), by `dir/file`. */
function fileSizes(dataDir: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const dir of readdirSync(dataDir, { withFileTypes: true })) {
    if (!dir.isDirectory() || dir.name === 'logs' || dir.name === 'keys') continue;
    for (const f of readdirSync(join(dataDir, dir.name), { withFileTypes: true })) {
      if (f.isFile() && !f.name.endsWith('.key')) out[`${dir.name}/${f.name}`] = statSync(join(dataDir, dir.name, f.name)).size;
    }
  }
  return out;
}
