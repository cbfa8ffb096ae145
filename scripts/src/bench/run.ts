/**
 * `npm run bench`: the performance benchmark (issues 4 and 9). Starts what it
 * needs on loopback (each server role in its own process), measures with
 * autocannon, prints a table and writes scripts/bench/results/bench.md with the
 * raw figures beside it (bench.json). Never part of the tests.
 *
 *   node scripts/dist/bench/run.js [--quick] [--scales 100000,1000000] [--seconds 5] [--connections 10]
 *                                  [--delay 20] [--fanout 1,2,4,8,16] [--out scripts/bench/results/bench.md]
 *
 * Measured, in this order:
 *  1. gateway overhead: one query directly at a member, through Enlace's gateway,
 *     a stock @apollo/gateway (twice: node:http and its standalone server) and
 *     Hive Gateway, side by side (requests/s, latency, CPU per request, RSS);
 *  2. fan-out: a root query over 1…16 real members, each behind a proxy that
 *     delays it by a fixed latency, then over cheap members (the members' answers
 *     replayed after the same delay: the gateway's own cost), and a gateway's
 *     memory under load over 16 of them;
 *  3. store round trips of a nested query at 10 and 1,000 records;
 *  then the cost of the audit log (scripts/bench/results/audit.md beside --out;
 *  `--only audit` runs just that) and of authorization (authz.js, mixed lists);
 *  4. the embedded store at scale: seeding (scripts/dist/seed.js) and a member
 *     process (subgraphs/member/dist/main.js) on 100,000 and 1,000,000 persons,
 *     by id and filtered lists at the member and through a gateway.
 * About eight minutes on 2 cores; `--quick` about three. The results open with
 * issue 9's goals, each with its figure, met or not. Each section also reports
 * how much of the CPU other work on the machine took, since a shared machine's
 * figures are not this code's alone.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { makeId } from '@enlace/common';
import { KuzuStore } from '@enlace/store';
import { listPersons, personsByIds, prepareMemberStore } from '@enlace/member';
import { ensureDevTrust, mintToken } from '../devIssuer';
import { parseFlags } from '../flags';
import {
  benchDist, Child, combine, cpuMark, faults, gql, int, load, mib, ms, otherWork as otherWorkShare, OVERHEAD_QUERY, root, summarise, waitHealthy,
  type CpuMark, type GqlBody, type LoadResult,
} from './lib';
import type { Hop } from './proxy';
import { auditCost, writeAuditResults } from './audit';
import {
  report, summaryTable,
  type AuthzFigures, type FanOutFigures, type FanOutSeries, type Figures, type OverheadFigures, type OverheadRow, type RoundTripFigures, type RoundTripRow, type ScaleRow, type StoreProbe,
} from './report';

const QUICK_HINT = 'a short run: --scales 10000 --seconds 2 --fanout 1,4,16 and a short authorization run (about two minutes)';
const flags = parseFlags(process.argv.slice(2), {
  quick: { default: 'no', hint: QUICK_HINT },
  scales: { default: '', pattern: /^[1-9]\d*(,[1-9]\d*)*$/, hint: 'persons per member for the store at scale, comma-separated (default 100000,1000000; e.g. 100000 leaves out the million)' },
  seconds: { default: '', pattern: /^[1-9]\d*$/, hint: 'seconds per throughput measurement (default 5)' },
  connections: { default: '10', pattern: /^[1-9]\d*$/, hint: 'concurrent connections for throughput measurements' },
  delay: { default: '20', pattern: /^\d+$/, hint: 'the delayed members\' latency in ms' },
  fanout: { default: '', pattern: /^([1-9]|1[0-6])(,([1-9]|1[0-6]))*$/, hint: 'member counts for the fan-out, 1 to 16 (default 1,2,4,8,16)' },
  out: { default: join(root, 'scripts', 'bench', 'results', 'bench.md'), pattern: /^.+\.md$/, hint: 'the results file (.md; the .json goes beside it)' },
  only: {
    default: 'all', pattern: /^(all|audit|overhead|fanout)$/,
    hint: 'all; audit: only the cost of the audit log (about a minute; scripts/bench/results/audit.md); overhead or fanout: only that section, its figures printed, no results written',
  },
});
/** `--quick` changes only the defaults: a flag given explicitly wins. */
const QUICK = flags.quick === 'yes';
const SECONDS = Number(flags.seconds || (QUICK ? 2 : 5));
const CONNECTIONS = Number(flags.connections);
const DELAY = Number(flags.delay);
const FANOUT = (flags.fanout || (QUICK ? '1,4,16' : '1,2,4,8,16')).split(',').map(Number);
const SCALES = (flags.scales || (QUICK ? '10000' : '100000,1000000')).split(',').map(Number);
/** The authorization bench's run inside this one (its headline scenario only): measured requests and warm-up per network. */
const AUTHZ = QUICK ? { requests: 6, warmup: 1 } : { requests: 20, warmup: 3 };
const SEED = 42;
/** Members per server process in the fan-out. */
const PER_PROCESS = 4;
/** Sixteen member states of the region, each with its own country code in the directory. */
const COUNTRIES16 = ['AR', 'BO', 'BR', 'CL', 'CO', 'CR', 'DO', 'EC', 'ES', 'GT', 'HN', 'MX', 'PA', 'PE', 'PY', 'UY'];

const started = Date.now();
const loadAtStart = loadavg()[0];
let busyBefore = NaN;

/** The share of all cores' time that was busy over the next `windowMs` (from /proc/stat). */
async function machineBusy(windowMs: number): Promise<number> {
  const read = () => {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3] + (f[4] ?? 0);
    return { idle, total: f.reduce((a, b) => a + b, 0) };
  };
  try {
    const a = read();
    await new Promise((r) => setTimeout(r, windowMs));
    const b = read();
    return 1 - (b.idle - a.idle) / Math.max(1, b.total - a.total);
  } catch {
    return NaN;
  }
}

const clock = () => {
  const s = Math.round((Date.now() - started) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2)}:${String(s % 60).padStart(2, '0')}`;
};
const say = (line: string) => console.log(`[${clock()}] ${line}`);

const work = mkdtempSync(join(tmpdir(), 'enlace-bench-'));
const logs = join(work, 'logs');
mkdirSync(logs);
const children: Child[] = [];

const livePids = () => children.filter((c) => c.process.exitCode === null && c.process.signalCode === null && c.process.pid).map((c) => c.process.pid!);

/** Share of the CPU that other work on the machine took, per section: the figures of a busy section are not this code's alone. */
const otherWork: Record<string, number> = {};

function noteOtherWork(name: string, since: CpuMark): void {
  const share = (otherWork[name] = otherWorkShare(since, cpuMark(livePids()), cpus().length));
  say(`    other work on the machine during "${name}": ${(share * 100).toFixed(0)}% of the CPU${share > 0.1 ? ' — these figures are disturbed; run again on a quiet machine' : ''}`);
}

/** Wall time per section, s (bench.json: where the run's minutes go). */
const sectionSeconds: Record<string, number> = {};

async function section<T>(name: string, run: () => Promise<T>): Promise<T> {
  const mark = cpuMark(livePids());
  const t = Date.now();
  const result = await run();
  sectionSeconds[name] = (Date.now() - t) / 1000;
  noteOtherWork(name, mark);
  return result;
}

/** The identity settings every bench process gets (ENLACE_TRUSTED_ISSUERS, ENLACE_MEMBERS, the gateway's keys). */
type TrustEnv = Record<string, string>;

function serverProcess(name: string, trusted: TrustEnv): Child {
  const child = new Child({
    name,
    script: join(benchDist, 'serve.js'),
    env: trusted,
    log: join(logs, `${name.replace(/\W+/g, '-')}.log`),
    ipc: true,
  });
  children.push(child);
  return child;
}

/** Closes a server process and returns its peak resident set (KiB). */
async function closeServer(child: Child): Promise<number> {
  await child.call('close', {}, 30_000).catch(() => undefined);
  return child.stop();
}

const body = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

function expectClean(label: string, r: { body: GqlBody; status: number }, allowed: string[] = []): void {
  if (r.status !== 200) throw new Error(`${label}: HTTP ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
  const bad = (r.body.errors ?? []).filter((e) => !allowed.includes(String(e.extensions?.code)));
  if (bad.length) throw new Error(`${label}: unexpected errors: ${JSON.stringify(bad.slice(0, 3))}`);
}

const line = (r: LoadResult) =>
  `${int(r.rps)} req/s, p50 ${ms(r.latency.p50)} ms, p99 ${ms(r.latency.p99)} ms (${int(r.requests)} requests${faults(r) ? `; ${faults(r)}` : ''})`;

// ---- 1. gateway overhead and the stock gateway ---------------------------------------------




async function gatewayOverhead(trusted: TrustEnv, headers: Record<string, string>): Promise<OverheadFigures> {
  say('1/4 gateway overhead: starting a member (AR, 200 persons), Enlace\'s gateway, two stock @apollo/gateway servers and Hive Gateway, each its own process…');
  const membersP = serverProcess('overhead-member', trusted);
  const { members, secretariatUrl } = await membersP.call<{ members: Array<{ url: string }>; secretariatUrl: string }>('members', {
    countries: ['AR'], persons: 200, seed: SEED, bufferPoolMb: 64, readConnections: 2, secretariat: true,
  });
  const memberUrl = members[0].url;
  const gatewayP = serverProcess('overhead-gateway', trusted);
  const stockP = serverProcess('overhead-stock', trusted);
  const standaloneP = serverProcess('overhead-stock-standalone', trusted);
  const hiveP = serverProcess('overhead-hive', trusted);
  const [{ url: gatewayUrl }, { url: stockUrl }, { url: standaloneUrl }, { url: hiveUrl }] = await Promise.all([
    gatewayP.call<{ url: string }>('gateway', { directory: [['AR', memberUrl]], secretariatUrl }),
    stockP.call<{ url: string }>('stock', { memberUrl, secretariatUrl, http: 'enlace' }),
    standaloneP.call<{ url: string }>('stock', { memberUrl, secretariatUrl, http: 'standalone' }),
    hiveP.call<{ url: string }>('hive', { memberUrl, secretariatUrl }),
  ]);
  const targets: Array<{ key: OverheadRow['key']; label: string; url: string; process: Child | null }> = [
    { key: 'member', label: 'Directly at the member', url: memberUrl, process: null },
    { key: 'enlace', label: 'Enlace gateway → member', url: gatewayUrl, process: gatewayP },
    { key: 'stock', label: 'Stock @apollo/gateway → member (node:http, as Enlace)', url: stockUrl, process: stockP },
    { key: 'standalone', label: 'Stock @apollo/gateway → member (startStandaloneServer)', url: standaloneUrl, process: standaloneP },
    { key: 'hive', label: 'Hive Gateway → member (committed supergraph)', url: hiveUrl, process: hiveP },
  ];
  // The same answer from every target, before anything is timed.
  const reference = await gql(memberUrl, OVERHEAD_QUERY, {}, headers);
  expectClean('member', reference);
  const persons = (reference.body.data?.persons as unknown[] | undefined)?.length ?? 0;
  if (persons !== 10) throw new Error(`member answered ${persons} persons, expected 10`);
  const expected = new Map<string, string>();
  for (const t of targets) {
    const r = await gql(t.url, OVERHEAD_QUERY, {}, headers);
    expectClean(t.label, r);
    if (JSON.stringify(r.body.data) !== JSON.stringify(reference.body.data)) throw new Error(`${t.label} answered differently from the member`);
    expected.set(t.key, r.text);
  }
  // Warm-up: the gateways' first thousand requests cost more CPU (compilation, caches).
  const WARMUP = QUICK ? 1 : 2;
  for (const t of targets) await load({ url: t.url, headers, body: body(OVERHEAD_QUERY), connections: CONNECTIONS, seconds: WARMUP });
  // Two rounds, the second in reverse order, so that no target always runs first or last.
  const runs = new Map<string, { results: LoadResult[]; gatewayCpu: number; memberCpu: number; roundGatewayCpuMs: number[] }>(
    targets.map((t) => [t.key, { results: [], gatewayCpu: 0, memberCpu: 0, roundGatewayCpuMs: [] }]),
  );
  const ROUNDS = 2;
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of round % 2 ? [...targets].reverse() : targets) {
      const cpu0 = await Promise.all([membersP.call<number>('cpu'), t.process?.call<number>('cpu') ?? 0]);
      const result = await load({ url: t.url, headers, body: body(OVERHEAD_QUERY), connections: CONNECTIONS, seconds: SECONDS, expectBody: expected.get(t.key) });
      const cpu1 = await Promise.all([membersP.call<number>('cpu'), t.process?.call<number>('cpu') ?? 0]);
      const run = runs.get(t.key)!;
      run.results.push(result);
      run.memberCpu += cpu1[0] - cpu0[0];
      run.gatewayCpu += cpu1[1] - cpu0[1];
      if (t.process) run.roundGatewayCpuMs.push((cpu1[1] - cpu0[1]) / result.requests);
      say(`    round ${round + 1}/${ROUNDS}, ${t.label}: ${line(result)}${t.process ? `; gateway CPU ${ms((cpu1[1] - cpu0[1]) / result.requests, 2)} ms per request` : ''}`);
    }
  }
  // Resident set of the process serving each path once it has carried the load (the member's for the direct path).
  const rss = await Promise.all(targets.map((t) => (t.process ?? membersP).call<{ rssKb: number } | null>('status')));
  const rows: OverheadRow[] = targets.map((t, i) => {
    const run = runs.get(t.key)!;
    const result = combine(run.results);
    return {
      key: t.key, label: t.label, result, roundResults: run.results, roundGatewayCpuMs: run.roundGatewayCpuMs,
      gatewayCpuMs: t.process ? run.gatewayCpu / result.requests : null,
      memberCpuMs: run.memberCpu / result.requests,
      rssKb: rss[i]?.rssKb ?? NaN,
    };
  });
  for (const r of rows) say(`    ${r.label}, both rounds: ${line(r.result)}; CPU per request: ${r.gatewayCpuMs !== null ? `gateway ${ms(r.gatewayCpuMs, 2)} ms, ` : ''}member ${ms(r.memberCpuMs, 2)} ms`);
  const peakKb = {
    'overhead member (+ secretariat)': await closeServer(membersP),
    'Enlace gateway': await closeServer(gatewayP),
    'stock gateway (node:http)': await closeServer(stockP),
    'stock gateway (standalone)': await closeServer(standaloneP),
    'Hive Gateway': await closeServer(hiveP),
  };
  return { query: OVERHEAD_QUERY, persons, rounds: ROUNDS, warmupSeconds: WARMUP, rows, peakKb };
}

// ---- 2. fan-out over delayed members ------------------------------------------------------------

interface FanOutQuery {
  key: string;
  label: string;
  query: string;
  /** Checks a sample answer from n members; returns the number of records in it. */
  check: (data: Record<string, unknown> | null | undefined, n: number) => number;
}

/** One query, over real and over cheap members (the cheap members replace what a second, lighter query once stood in for: the gateway's own cost). */
const FANOUT_QUERIES: FanOutQuery[] = [
  {
    key: 'persons',
    label: 'persons: 5 from each member, most of them foreign to the caller',
    query: 'query FanOut { persons(first: 5) { id country } }',
    check: (data, n) => {
      const persons = (data?.persons as Array<{ country: string }> | undefined) ?? [];
      const owners = new Set(persons.map((p) => p.country)).size;
      if (persons.length !== 5 * n || owners !== n) throw new Error(`${persons.length} persons from ${owners} members, expected ${5 * n} from ${n}`);
      return persons.length;
    },
  },
];




async function fanOut(trusted: TrustEnv, headers: Record<string, string>): Promise<FanOutFigures> {
  const most = Math.max(...FANOUT);
  const countries = COUNTRIES16.slice(0, most);
  say(`2/4 fan-out: starting ${most} real members (50 persons each, in-memory), each behind a ${DELAY} ms delaying proxy and a ${DELAY} ms cheap member (replaying its answers), in ${Math.ceil(most / PER_PROCESS)} processes, and the gateways…`);
  // Kùzu reserves 8 TiB of address space per database, so a process holds at most a few: four members each.
  const groups: string[][] = [];
  for (let i = 0; i < countries.length; i += PER_PROCESS) groups.push(countries.slice(i, i + PER_PROCESS));
  const memberPs = groups.map((_, i) => serverProcess(`fanout-members-${i + 1}`, trusted));
  const replies = await Promise.all(
    groups.map((g, i) =>
      memberPs[i].call<{ members: Array<{ country: string; url: string; proxyUrl: string; cheapUrl: string }>; secretariatUrl?: string }>(
        'members',
        { countries: g, persons: 50, seed: SEED, bufferPoolMb: 32, readConnections: 1, delayMs: DELAY, secretariat: i === 0, secretariatCountries: countries },
        300_000,
      ),
    ),
  );
  const members = replies.flatMap((r) => r.members);
  const secretariatUrl = replies[0].secretariatUrl!;
  const gatewaysP = serverProcess('fanout-gateways', trusted);
  const mergeHops = async () => {
    const merged: Record<string, Hop[]> = {};
    for (const part of await Promise.all(memberPs.map((p) => p.call<Record<string, Hop[]>>('hops')))) {
      for (const [ref, h] of Object.entries(part)) (merged[ref] ??= []).push(...h);
    }
    return merged;
  };
  const seconds = Math.max(QUICK ? 1 : 3, SECONDS - 2);
  let seq = 0;
  /**
   * One request at a time (this measures latency, not throughput), each with a
   * unique case reference, which the gateway forwards to every member: the
   * proxies' timings are grouped by it. Returns the run and those timings.
   */
  const timed = async (url: string, q: FanOutQuery, label: string, n: number) => {
    const sample = await gql(url, q.query, {}, headers);
    expectClean(label, sample);
    let records: number;
    try {
      records = q.check(sample.body.data, n);
    } catch (err) {
      throw new Error(`${label}: ${(err as Error).message}`);
    }
    const ref = (phase: string) => () => ({ 'x-enlace-case-ref': `${phase}-${q.key}-${seq++}` });
    await load({ url, headers, body: body(q.query), connections: 1, seconds: 1, perRequestHeaders: ref('W') });
    await mergeHops();
    const result = await load({
      url, headers, body: body(q.query), connections: 1, seconds,
      // The case reference is not in the answer: every answer must be the one verified.
      verifyBody: (b) => b === sample.text,
      perRequestHeaders: ref('M'),
    });
    return { result, records, hops: Object.values(await mergeHops()) };
  };

  const ar = members[0];
  // Real members behind delaying proxies, then the same query over cheap members (the members' first answers replayed after the same delay).
  const kinds = [
    { cheap: false, target: (m: (typeof members)[number]) => m.proxyUrl, what: 'delayed members' },
    { cheap: true, target: (m: (typeof members)[number]) => m.cheapUrl, what: 'cheap members' },
  ];
  const series: FanOutSeries[] = kinds.flatMap((k) =>
    FANOUT_QUERIES.map((q) => ({ key: k.cheap ? `${q.key}-cheap` : q.key, label: k.cheap ? `${q.label}; cheap members` : q.label, query: q.query, cheap: k.cheap, direct: null as never, proxied: null as never, rows: [] })),
  );
  const inSeries = (cheap: boolean, i: number) => series[(cheap ? FANOUT_QUERIES.length : 0) + i];
  for (const k of kinds) {
    for (const [i, q] of FANOUT_QUERIES.entries()) {
      const s = inSeries(k.cheap, i);
      s.direct = (await timed(ar.url, q, 'member AR', 1)).result;
      s.proxied = (await timed(k.target(ar), q, `member AR behind its ${k.cheap ? 'cheap member' : 'proxy'}`, 1)).result;
      say(`    ${s.key}: member AR directly ${line(s.direct)}; ${k.cheap ? 'its cheap member' : `behind its ${DELAY} ms proxy`} p50 ${ms(s.proxied.latency.p50)} ms, p99 ${ms(s.proxied.latency.p99)} ms`);
    }
    for (const n of FANOUT) {
      const { url } = await gatewaysP.call<{ url: string }>('gateway', {
        directory: members.slice(0, n).map((m) => [m.country, k.target(m)]), secretariatUrl, memberTimeoutMs: 10_000,
      });
      for (const [i, q] of FANOUT_QUERIES.entries()) {
        const { result, records, hops } = await timed(url, q, `${q.key}, gateway over ${n} ${k.what}`, n);
        const complete = hops.filter((h) => h.length === n);
        const first = (h: Hop[]) => Math.min(...h.map((x) => x.arrived));
        const spread = summarise(complete.map((h) => Math.max(...h.map((x) => x.arrived)) - first(h)));
        const critical = summarise(complete.map((h) => Math.max(...h.map((x) => x.done)) - first(h)));
        inSeries(k.cheap, i).rows.push({ members: n, records, result, spread, critical, outsideMean: result.latency.mean - critical.mean, matched: complete.length });
        say(`    ${q.key}, gateway over ${String(n).padStart(2)} ${k.what}: p50 ${ms(result.latency.p50)} ms, p99 ${ms(result.latency.p99)} ms (${int(result.requests)} requests${faults(result) ? `; ${faults(result)}` : ''}); member requests sent within ${ms(spread.p50, 2)} ms, slowest member answered after ${ms(critical.p50)} ms (p50s)`);
      }
    }
  }
  // The gateway's memory under load over the most members: a gateway process of its own (so that its resident set is this gateway's),
  // over the cheap members, at the throughput connections.
  const loadP = serverProcess('fanout-gateway-under-load', trusted);
  const { url: loadUrl } = await loadP.call<{ url: string }>('gateway', { directory: members.map((m) => [m.country, m.cheapUrl]), secretariatUrl, memberTimeoutMs: 10_000 });
  const expected = await gql(loadUrl, FANOUT_QUERIES[0].query, {}, headers);
  expectClean(`gateway under load over ${most} cheap members`, expected);
  await load({ url: loadUrl, headers, body: body(FANOUT_QUERIES[0].query), connections: CONNECTIONS, seconds: 1 });
  const cpu0 = await loadP.call<number>('cpu');
  const underLoadResult = await load({ url: loadUrl, headers, body: body(FANOUT_QUERIES[0].query), connections: CONNECTIONS, seconds: SECONDS, expectBody: expected.text });
  const cpu1 = await loadP.call<number>('cpu');
  const rssUnderLoad = (await loadP.call<{ rssKb: number } | null>('status'))?.rssKb ?? NaN;
  const underLoad = { members: most, result: underLoadResult, gatewayCpuMs: (cpu1 - cpu0) / underLoadResult.requests, rssKb: rssUnderLoad, peakKb: await closeServer(loadP) };
  say(`    gateway over ${most} cheap members at ${CONNECTIONS} connections: ${line(underLoadResult)}; gateway CPU ${ms(underLoad.gatewayCpuMs, 2)} ms per request, RSS ${mib(underLoad.rssKb)} MiB (peak ${mib(underLoad.peakKb)} MiB)`);
  const peakKb: Record<string, number> = {};
  for (const [i, p] of memberPs.entries()) peakKb[`fan-out members ${groups[i].join(', ')} (+ their proxies and cheap members${i === 0 ? ', secretariat' : ''})`] = await closeServer(p);
  peakKb[`fan-out gateways ×${FANOUT.length * kinds.length}`] = await closeServer(gatewaysP);
  peakKb[`fan-out gateway over ${most} cheap members, under load`] = underLoad.peakKb;
  return { delayMs: DELAY, seconds, membersPerProcess: PER_PROCESS, series, underLoad, peakKb };
}

// ---- 3. store round trips per query -------------------------------------------------------------

const NESTED_QUERY = `query Nested($n: Int!) { persons(first: $n) { id fullName cases { id offences involved { category person { id fullName } } } } }`;


async function roundTrips(trusted: TrustEnv, headers: Record<string, string>): Promise<RoundTripFigures> {
  say('3/4 store round trips: starting two members (AR and CO, 1,000 persons each) and a gateway…');
  const membersP = serverProcess('roundtrip-members', trusted);
  const { members, secretariatUrl } = await membersP.call<{ members: Array<{ country: string; url: string }>; secretariatUrl: string }>(
    'members', { countries: ['AR', 'CO'], persons: 1000, seed: SEED, bufferPoolMb: 64, readConnections: 2, secretariat: true, trace: true }, 300_000,
  );
  const gatewayP = serverProcess('roundtrip-gateway', trusted);
  const { url: gatewayUrl } = await gatewayP.call<{ url: string }>('gateway', { directory: members.map((m) => [m.country, m.url]), secretariatUrl });
  const cases: Array<{ path: string; url: string; first: number }> = [
    { path: 'member AR directly', url: members[0].url, first: 10 },
    { path: 'member AR directly', url: members[0].url, first: 500 },
    { path: 'gateway over AR and CO', url: gatewayUrl, first: 5 },
    { path: 'gateway over AR and CO', url: gatewayUrl, first: 500 },
  ];
  const rows: RoundTripRow[] = [];
  for (const c of cases) {
    const trips: Record<string, number[]> = {};
    let shape = { persons: 0, cases: 0, involvedPersons: 0, denials: 0 };
    let reads: Record<string, string[]> = {};
    for (let rep = 0; rep < 3; rep++) {
      const before = await membersP.call<Record<string, number>>('stats');
      await membersP.call('trace');
      const r = await gql(c.url, NESTED_QUERY, { n: c.first }, headers);
      const after = await membersP.call<Record<string, number>>('stats');
      reads = Object.fromEntries(Object.entries(await membersP.call<Record<string, string[]>>('trace')).filter(([, v]) => v.length));
      expectClean(`${c.path}, first ${c.first}`, r, ['FORBIDDEN']);
      for (const country of Object.keys(after)) (trips[country] ??= []).push(after[country] - before[country]);
      type P = { cases?: Array<{ involved?: Array<{ person?: unknown }> | null }> | null };
      const persons = (r.body.data?.persons as P[] | undefined) ?? [];
      const cs = persons.flatMap((p) => p.cases ?? []);
      shape = {
        persons: persons.length,
        cases: cs.length,
        involvedPersons: cs.flatMap((x) => x.involved ?? []).filter((i) => i.person).length,
        denials: (r.body.errors ?? []).length,
      };
    }
    for (const k of Object.keys(trips)) if (trips[k].every((t) => t === 0)) delete trips[k];
    rows.push({ path: c.path, first: c.first, ...shape, trips, reads });
    say(`    ${c.path}, persons(first: ${c.first}): ${shape.persons} persons, ${shape.cases} cases, ${shape.involvedPersons} involved persons → store round trips ${Object.entries(trips).map(([k, v]) => `${k} ${v.join('/')}`).join(', ')}`);
  }
  const peakKb = { 'round-trip members ×2 (+ secretariat)': await closeServer(membersP), 'round-trip gateway': await closeServer(gatewayP) };
  return { query: NESTED_QUERY, rows, peakKb };
}

// ---- 4. the embedded store at scale ---------------------------------------------------------------

const BY_ID_QUERY = `query ById($id: ID!) { person(id: $id) { id fullName dateOfBirth nationalities } }`;
const BY_ID_NESTED_QUERY = `query ByIdNested($id: ID!) { person(id: $id) { id fullName dateOfBirth nationalities documents { type number } cases { id offences status } } }`;
const LIST_QUERY = `query ByName { persons(filter: { name: "quispe" }, first: 20) { id fullName nationalities } }`;
const LIST_NATIONALITY_QUERY = `query ByNationality { persons(filter: { nationality: "VE" }, first: 20) { id fullName nationalities } }`;


function duBytes(path: string): number {
  try {
    return Number(execFileSync('du', ['-sb', path], { encoding: 'utf8' }).split('\t')[0]);
  } catch {
    return NaN;
  }
}

/**
 * The gateway path of section 4: a gateway over the member at scale (AR) and
 * two small in-memory members (BO and CO, 1,000 persons each, with the
 * secretariat) — three members, as the issue's goal puts it, without seeding
 * three large stores on one machine: a list waits for its slowest member, the
 * one at scale, so the figure is that member plus the gateway's hop.
 */
interface ScaleNetwork {
  companions: Child;
  gateways: Child;
  directory: Array<[string, string]>;
  secretariatUrl: string;
}

async function startScaleNetwork(trusted: TrustEnv): Promise<ScaleNetwork> {
  const companions = serverProcess('scale-companion-members', trusted);
  const gateways = serverProcess('scale-gateways', trusted);
  const { members, secretariatUrl } = await companions.call<{ members: Array<{ country: string; url: string }>; secretariatUrl: string }>(
    'members', { countries: ['BO', 'CO'], persons: 1000, seed: SEED, bufferPoolMb: 64, readConnections: 1, secretariat: true, secretariatCountries: ['AR', 'BO', 'CO'] }, 300_000,
  );
  return { companions, gateways, directory: members.map((m) => [m.country, m.url]), secretariatUrl };
}

async function atScale(persons: number, trusted: TrustEnv, headers: Record<string, string>, net: ScaleNetwork): Promise<ScaleRow> {
  const dir = join(work, `scale-${persons}`);
  say(`4/4 store at scale: seeding ${int(persons)} persons with scripts/dist/seed.js (its own process)…`);
  const t0 = Date.now();
  const seedMark = cpuMark(livePids());
  const seedP = new Child({
    name: 'seed',
    script: join(root, 'scripts', 'dist', 'seed.js'),
    args: ['--countries', 'AR', '--scale', String(persons), '--seed', String(SEED), '--data-dir', dir],
    log: join(logs, `seed-${persons}.log`),
    echo: (l) => /seeding AR|records\/s/.test(l),
  });
  children.push(seedP);
  let summary: RegExpExecArray | null = null;
  void seedP.waitForLine(/— ([\d,]+) records in ([\d.]+) s \(([\d,]+) records\/s, ([\d,]+) persons\/s\)/, 3_600_000).then((m) => (summary = m), () => undefined);
  const code = await seedP.exited;
  noteOtherWork(`4. seeding ${int(persons)}`, seedMark);
  const wallSeconds = (Date.now() - t0) / 1000;
  if (code !== 0 || !summary) throw new Error(`seeding ${persons} failed (exit ${code})\n${seedP.tail()}`);
  const m = summary as RegExpExecArray;
  const num = (s: string) => Number(s.replace(/,/g, ''));
  const storePath = join(dir, 'ar', 'member.kuzu');
  const seed = {
    records: num(m[1]), seconds: Number(m[2]), recordsPerSecond: num(m[3]), personsPerSecond: num(m[4]), wallSeconds,
    peakKb: seedP.peak(), storeBytes: duBytes(join(dir, 'ar')),
  };

  say(`    starting a member process (subgraphs/member/dist/main.js) on the ${int(persons)}-person store…`);
  const measureMark = cpuMark(livePids());
  const t1 = Date.now();
  const memberP = new Child({
    name: 'member',
    script: join(root, 'subgraphs', 'member', 'dist', 'main.js'),
    env: { MEMBER_COUNTRY: 'AR', PORT: '0', HOST: '127.0.0.1', KUZU_PATH: storePath, ...trusted },
    log: join(logs, `member-${persons}.log`),
  });
  children.push(memberP);
  const url = (await memberP.waitForLine(/listening on (http:\/\/127\.0\.0\.1:\d+\/graphql)/, 120_000))[1];
  await waitHealthy(url.replace(/graphql$/, 'health'), memberP);
  const memberStartSeconds = (Date.now() - t1) / 1000;

  const last = persons; // the seeded persons 1 … <persons>: makeId('AR', 'P', n)
  const check = await gql(url, BY_ID_QUERY, { id: makeId('AR', 'P', last) }, headers);
  expectClean('by id', check);
  if (!(check.body.data?.person as { id?: string } | null)?.id) throw new Error(`${makeId('AR', 'P', last)} not found at the member`);
  const randomId = (q: string) => () => body(q, { id: makeId('AR', 'P', 1 + Math.floor(Math.random() * last)) });
  const found = (b: string) => b.startsWith('{"data":{"person":{"id":"AR:P:') && !b.includes('"errors"');
  await load({ url, headers, body: randomId(BY_ID_NESTED_QUERY), connections: CONNECTIONS, seconds: 1 });
  const byId1 = await load({ url, headers, body: randomId(BY_ID_QUERY), connections: 1, seconds: SECONDS, verifyBody: found });
  say(`    by id, one client: ${line(byId1)}`);
  const byIdNested1 = await load({ url, headers, body: randomId(BY_ID_NESTED_QUERY), connections: 1, seconds: SECONDS, verifyBody: found });
  say(`    by id with documents and cases, one client: ${line(byIdNested1)}`);
  const byId10 = await load({ url, headers, body: randomId(BY_ID_QUERY), connections: CONNECTIONS, seconds: SECONDS, verifyBody: found });
  say(`    by id, ${CONNECTIONS} connections: ${line(byId10)}`);
  const lists: Array<{ q: string; label: string }> = [
    { q: LIST_QUERY, label: 'name contains "quispe"' },
    { q: LIST_NATIONALITY_QUERY, label: 'nationality VE' },
  ];
  const listResults: LoadResult[] = [];
  const listCounts: number[] = [];
  for (const l of lists) {
    const r = await gql(url, l.q, {}, headers);
    expectClean(l.label, r);
    const n = (r.body.data?.persons as unknown[] | undefined)?.length ?? 0;
    if (!n) throw new Error(`filtered list (${l.label}) found nobody`);
    listCounts.push(n);
    await load({ url, headers, body: body(l.q), connections: 1, seconds: 1 });
    const res = await load({ url, headers, body: body(l.q), connections: 1, seconds: SECONDS, expectBody: r.text });
    listResults.push(res);
    say(`    filtered list (${l.label}, first 20), one client: ${line(res)}`);
  }
  // The same three queries through a gateway over this member and the two small ones.
  const { url: gatewayUrl } = await net.gateways.call<{ url: string }>('gateway', { directory: [['AR', url], ...net.directory], secretariatUrl: net.secretariatUrl, memberTimeoutMs: 30_000 });
  await load({ url: gatewayUrl, headers, body: randomId(BY_ID_QUERY), connections: 1, seconds: 1 });
  const viaGateway: ScaleRow['viaGateway'] = { byId1: await load({ url: gatewayUrl, headers, body: randomId(BY_ID_QUERY), connections: 1, seconds: SECONDS, verifyBody: found }) } as ScaleRow['viaGateway'];
  say(`    through the gateway over AR and two small members: by id, one client: ${line(viaGateway.byId1)}`);
  for (const [i, l] of lists.entries()) {
    const r = await gql(gatewayUrl, l.q, {}, headers);
    expectClean(`${l.label} through the gateway`, r, ['FORBIDDEN']);
    const res = await load({ url: gatewayUrl, headers, body: body(l.q), connections: 1, seconds: SECONDS, expectBody: r.text });
    viaGateway[i ? 'listNationality' : 'listName'] = res;
    say(`    through the gateway: filtered list (${l.label}, first 20), one client: ${line(res)}`);
  }
  const memberPeakKb = await memberP.stop();
  const store = await storeProbe(storePath, persons);
  noteOtherWork(`4. ${int(persons)} persons: member and store`, measureMark);
  say(`    in the store itself: the member's batched lookup by id p50 ${ms(store.byIdBatched.p50, 2)} ms, a primary-key equality p50 ${ms(store.byIdKey.p50, 2)} ms, the name filter p50 ${ms(store.listName.p50, 2)} ms`);
  say(`    seeding ${int(seed.records)} records: ${int(seed.recordsPerSecond)} records/s; peak memory: seed ${mib(seed.peakKb)} MiB, member ${mib(memberPeakKb)} MiB`);
  rmSync(dir, { recursive: true, force: true });
  return {
    persons, seed, memberStartSeconds, byId1, byIdNested1, byId10,
    listName: listResults[0], listNationality: listResults[1], listNamePersons: listCounts[0], listNationalityPersons: listCounts[1],
    memberPeakKb, store, viaGateway,
  };
}

/**
 * The same store file opened in this process once the member has stopped (Kùzu
 * locks it): a lookup by id as the member's repository reads it (\`personsByIds\`,
 * the store's key lookup with the case facts), a bare primary-key equality, and the name
 * filter (\`listPersons\`), each timed 30 times with random ids, to tell the
 * store's share of the figures above.
 */
async function storeProbe(path: string, persons: number): Promise<StoreProbe> {
  const store = new KuzuStore({ path, bufferPoolBytes: 256 * 1024 * 1024, readConnections: 1 });
  try {
    await prepareMemberStore(store); // as the member does at start: the store learns its tables and indexes
    const time = async (n: number, run: () => Promise<unknown>) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await run();
        out.push(performance.now() - t);
      }
      return summarise(out);
    };
    const randomId = () => makeId('AR', 'P', 1 + Math.floor(Math.random() * persons));
    await personsByIds(store, [randomId()]);
    const byIdBatched = await time(30, async () => {
      if ((await personsByIds(store, [randomId()])).length !== 1) throw new Error('store probe: person not found');
    });
    const byIdKey = await time(30, async () => {
      if ((await store.read('MATCH (p:Person) WHERE p.id = $id RETURN p.id AS id', { id: randomId() })).length !== 1) throw new Error('store probe: person not found');
    });
    const listName = await time(10, () => listPersons(store, { name: 'quispe' }, 20));
    return { byIdBatched, byIdKey, listName };
  } finally {
    await store.close();
  }
}

// ---- the authorization bench's headline scenario ----------------------------------------------------

/**
 * scripts/dist/bench/authz.js in its own process, its headline scenario only
 * (own and foreign records mixed: the issue's goal), shorter than its own run;
 * its file goes to the work directory (scripts/bench/results/authz.md is its full run's).
 */
async function authzCost(): Promise<AuthzFigures> {
  say(`authorization cost: scripts/dist/bench/authz.js, mixed lists, ${AUTHZ.requests} requests per network after ${AUTHZ.warmup} (its own process)…`);
  const args = ['--scenarios', '1', '--requests', String(AUTHZ.requests), '--warmup', String(AUTHZ.warmup), '--out', join(work, 'authz.md')];
  const child = new Child({ name: 'authz', script: join(benchDist, 'authz.js'), args, log: join(logs, 'authz.log'), echo: (l) => /ratio/.test(l) });
  children.push(child);
  let headline: RegExpExecArray | null = null;
  let scenario: RegExpExecArray | null = null;
  void child.waitForLine(/^headline ratio ([\d.]+)×/, 600_000).then((m) => (headline = m), () => undefined);
  void child.waitForLine(/: enforced ([\d.]+) ms .*off ([\d.]+) ms/, 600_000).then((m) => (scenario = m), () => undefined);
  const code = await child.exited;
  if (code !== 0 || !headline || !scenario) throw new Error(`authz.js failed (exit ${code})\n${child.tail()}`);
  const [h, sc] = [headline as RegExpExecArray, scenario as RegExpExecArray];
  return { command: `node scripts/dist/bench/authz.js ${args.slice(0, -2).join(' ')}`, ratio: Number(h[1]), enforcedMs: Number(sc[1]), offMs: Number(sc[2]), requests: AUTHZ.requests };
}

// ---- main ----------------------------------------------------------------------------------------

async function main(): Promise<void> {
  busyBefore = await machineBusy(1000);
  say(`Enlace benchmark: ${cpus().length} cores, Node ${process.version}, ${(busyBefore * 100).toFixed(0)}% of the CPU busy before it starts; work files in ${work}`);
  if (busyBefore > 0.2) say('    note: something else is using the machine; the figures will show it');
  // The development issuer bound to the bench's countries, and the gateway's key (members trust it for relayed requests).
  const trust = await ensureDevTrust(join(work, 'keys'), COUNTRIES16);
  const { issuer } = trust;
  const trusted: TrustEnv = { ...trust.env, ...trust.gatewayEnv, ENLACE_GATEWAY_JWKS: trust.gateway.jwksPath };
  const token = await mintToken(issuer, { country: 'AR', roles: ['prosecutor'], expiresIn: '2h' });
  const headers = { authorization: `Bearer ${token}`, 'x-enlace-purpose': 'Benchmark of the gateway', 'x-enlace-case-ref': 'BENCH-1' };

  // The audit log's cost on the overhead query, with and without the log in the same run (audit.md).
  // Within the whole bench, shorter rounds (its twelve rounds would take a minute at 5 s): the ten-minute budget.
  const auditSeconds = flags.only === 'audit' ? SECONDS : Math.min(SECONDS, 3);
  const measureAudit = async () => {
    // The section around the measurement only: its share of other work is known when the results are written.
    const figures = await section('audit log cost', () => auditCost({
      serverProcess: (name) => serverProcess(name, trusted), closeServer, say, headers, query: OVERHEAD_QUERY,
      seconds: auditSeconds, connections: CONNECTIONS, workDir: work, seed: SEED,
    }));
    const args = process.argv.slice(2);
    const out = writeAuditResults(figures, {
      command: `node scripts/dist/bench/run.js${args.length ? ` ${args.join(' ')}` : ''}`, seconds: auditSeconds, connections: CONNECTIONS, otherWork: otherWork['audit log cost'],
    }, resolve(flags.out, '..', 'audit.md')); // beside the bench's results, so that a run elsewhere (--out) leaves the committed ones alone
    say(`wrote ${relative(process.cwd(), out)}`);
  };
  if (flags.only === 'audit') return measureAudit();
  // One section while working on it: its progress lines carry its figures.
  if (flags.only === 'overhead') return void (await section('1. gateway overhead', () => gatewayOverhead(trusted, headers)));
  if (flags.only === 'fanout') return void (await section('2. fan-out', () => fanOut(trusted, headers)));

  const overhead = await section('1. gateway overhead', () => gatewayOverhead(trusted, headers));
  const fanout = await section('2. fan-out', () => fanOut(trusted, headers));
  const trips = await section('3. store round trips', () => roundTrips(trusted, headers));
  await measureAudit();
  const authz = await section('authorization cost', () => authzCost());
  const scale: ScaleRow[] = [];
  const scaleNet = await startScaleNetwork(trusted);
  for (const s of SCALES) {
    const t = Date.now();
    scale.push(await atScale(s, trusted, headers, scaleNet));
    sectionSeconds[`4. ${int(s)} persons`] = (Date.now() - t) / 1000;
  }
  const scalePeaks = { 'scale: BO and CO members (+ secretariat)': await closeServer(scaleNet.companions), [`scale: gateways ×${SCALES.length}`]: await closeServer(scaleNet.gateways) };

  const totalSeconds = (Date.now() - started) / 1000;
  const args = process.argv.slice(2);
  const figures: Figures = {
    meta: {
      command: `node scripts/dist/bench/run.js${args.length ? ` ${args.join(' ')}` : ''}`,
      quick: QUICK, seconds: SECONDS, connections: CONNECTIONS, delayMs: DELAY, fanout: FANOUT, scales: SCALES, totalSeconds, sectionSeconds,
      loadAverage: { start: loadAtStart, end: loadavg()[0] },
      busyBefore,
    },
    otherWork,
    overhead, fanout, roundTrips: trips, authz,
    scale: { queries: [BY_ID_QUERY, BY_ID_NESTED_QUERY, LIST_QUERY, LIST_NATIONALITY_QUERY], rows: scale, peakKb: scalePeaks },
  };
  const out = resolve(flags.out);
  mkdirSync(resolve(out, '..'), { recursive: true });
  writeFileSync(out, report(figures));
  const json = out.replace(/\.md$/, '.json');
  const machine = { generated: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, totalMemoryBytes: totalmem() };
  writeFileSync(json, `${JSON.stringify({ ...machine, ...figures }, null, 2)}\n`);
  say(`done in ${Math.floor(totalSeconds / 60)} min ${Math.round(totalSeconds % 60)} s; wrote ${relative(process.cwd(), out)} and ${relative(process.cwd(), json)}`);
  console.log('');
  console.log(summaryTable(figures));
}

let failed = false;
async function cleanup(): Promise<void> {
  await Promise.all(children.map((c) => c.stop(5000).catch(() => 0)));
  if (!failed) rmSync(work, { recursive: true, force: true });
}

process.on('SIGINT', () => {
  failed = true;
  console.error('\ninterrupted; stopping the processes…');
  void cleanup().then(() => process.exit(130));
});

main().then(
  () => cleanup(),
  async (err: unknown) => {
    failed = true;
    console.error(`benchmark failed: ${(err as Error)?.stack ?? String(err)}\n(the processes' output is in ${logs})`);
    await cleanup();
    process.exit(1);
  },
);
