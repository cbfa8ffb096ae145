/**
 * `npm run bench`: the performance benchmark (issues 4 and 9). Starts what it
 * needs on loopback (each server role in its own process), measures with
 * autocannon, prints a table and writes scripts/bench/results/bench.md with the
 * raw figures beside it (bench.json). Never part of the tests.
 *
 *   node scripts/dist/bench/run.js [--quick] [--scales 100000,1000000] [--seconds 5] [--connections 10]
 *                                  [--delay 20] [--fanout 1,2,4,8,16] [--checks 100] [--index-rows 5000]
 *                                  [--only all|audit|overhead|fanout|checks|index|scale] [--out scripts/bench/results/bench.md]
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
 *  then pseudonymised hit/no-hit (issue 22): one check's round trip over 16 members,
 *  each part timed (sections/checkRoundTrip.ts), and the pseudonym index's cost at
 *  import, with and without it (sections/indexCost.ts);
 *  4. the embedded store at scale: seeding (scripts/dist/seed.js) and a member
 *     process (subgraphs/member/dist/main.js) on 100,000 and 1,000,000 persons,
 *     by id and filtered lists at the member and through a gateway.
 * About eight minutes on 2 cores; `--quick` about three. The results open with
 * issue 9's goals, each with its figure, met or not. Each section also reports
 * how much of the CPU other work on the machine took, since a shared machine's
 * figures are not this code's alone.
 *
 * Here: the flags, the order of the sections and the results file. Each section
 * is a module of its own (sections/), sharing the run's processes, work directory
 * and progress log (benchRun.ts); report.ts writes the results.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { ensureDevTrust, mintToken } from '../devIssuer';
import { parseFlags } from '../flags';
import { int, minutesAndSeconds, root, type LoadResult } from './lib';
import { report, summaryTable, type Figures, type ScaleRow } from './report';
import { BenchRun, COUNTRIES16, type BenchSettings, type TrustEnv } from './benchRun';
import { gatewayOverhead } from './sections/overhead';
import { fanOut } from './sections/fanOut';
import { roundTrips } from './sections/roundTrips';
import { measureAudit } from './sections/audit';
import { authzCost } from './sections/authz';
import { atScale, SCALE_QUERIES, startScaleNetwork } from './sections/scale';
import { checkRoundTrip, checkRoundTripMarkdown } from './sections/checkRoundTrip';
import { indexCost, indexCostMarkdown } from './sections/indexCost';

const QUICK_HINT = 'a short run: --scales 10000 --seconds 2 --fanout 1,4,16 --checks 40 --index-rows 2000 and a short authorization run (about three minutes)';
const flags = parseFlags(process.argv.slice(2), {
  quick: { default: 'no', hint: QUICK_HINT },
  scales: { default: '', pattern: /^[1-9]\d*(,[1-9]\d*)*$/, hint: 'persons per member for the store at scale, comma-separated (default 100000,1000000; e.g. 100000 leaves out the million)' },
  seconds: { default: '', pattern: /^[1-9]\d*$/, hint: 'seconds per throughput measurement (default 5)' },
  connections: { default: '10', pattern: /^[1-9]\d*$/, hint: 'concurrent connections for throughput measurements' },
  delay: { default: '20', pattern: /^\d+$/, hint: 'the delayed members\' latency in ms' },
  fanout: { default: '', pattern: /^([1-9]|1[0-6])(,([1-9]|1[0-6]))*$/, hint: 'member counts for the fan-out, 1 to 16 (default 1,2,4,8,16)' },
  checks: { default: '', pattern: /^[1-9]\d*$/, hint: 'pseudonymised checks of each kind (document, name) over 16 members, one at a time (default 100; more for a steadier p99)' },
  'index-rows': { default: '', pattern: /^[1-9]\d*$/, hint: 'rows of the export imported with and without the pseudonym index (default 5000)' },
  out: { default: join(root, 'scripts', 'bench', 'results', 'bench.md'), pattern: /^.+\.md$/, hint: 'the results file (.md; the .json goes beside it)' },
  only: {
    default: 'all', pattern: /^(all|audit|overhead|fanout|checks|index|scale)$/,
    hint: 'all; audit: only the cost of the audit log (about a minute; scripts/bench/results/audit.md); overhead, fanout, checks (pseudonymised hit/no-hit over 16 members), index (the pseudonym index at import) or scale (section 4 at --scales): only that section, its figures printed, no results written',
  },
});
/** `--quick` changes only the defaults: a flag given explicitly wins. */
const QUICK = flags.quick === 'yes';
const settings: BenchSettings = {
  quick: QUICK,
  seconds: Number(flags.seconds || (QUICK ? 2 : 5)),
  connections: Number(flags.connections),
  delay: Number(flags.delay),
  fanout: (flags.fanout || (QUICK ? '1,4,16' : '1,2,4,8,16')).split(',').map(Number),
  scales: (flags.scales || (QUICK ? '10000' : '100000,1000000')).split(',').map(Number),
  authz: QUICK ? { requests: 6, warmup: 1 } : { requests: 40, warmup: 5 },
  seed: 42,
};
/** Issue 22's sections: checks of each kind over 16 members, and the rows imported with and without the pseudonym index. */
const CHECKS = Number(flags.checks || (QUICK ? 40 : 100));
const INDEX_ROWS = Number(flags['index-rows'] || (QUICK ? 2000 : 5000));
const bench = new BenchRun(settings);
const { say, section } = bench;

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

async function main(): Promise<void> {
  busyBefore = await machineBusy(1000);
  say(`Enlace benchmark: ${cpus().length} cores, Node ${process.version}, ${(busyBefore * 100).toFixed(0)}% of the CPU busy before it starts; work files in ${bench.work}`);
  if (busyBefore > 0.2) say('    note: something else is using the machine; the figures will show it');
  // The development issuer bound to the bench's countries, and the gateway's key (members trust it for relayed requests).
  const trust = await ensureDevTrust(join(bench.work, 'keys'), COUNTRIES16);
  const { issuer } = trust;
  const trusted: TrustEnv = { ...trust.env, ...trust.gatewayEnv, ENLACE_GATEWAY_JWKS: trust.gateway.jwksPath };
  const token = await mintToken(issuer, { country: 'AR', roles: ['prosecutor'], expiresIn: '2h' });
  const headers = { authorization: `Bearer ${token}`, 'x-enlace-purpose': 'Benchmark of the gateway', 'x-enlace-case-ref': 'BENCH-1' };

  const args = process.argv.slice(2);
  const command = `node scripts/dist/bench/run.js${args.length ? ` ${args.join(' ')}` : ''}`;
  // The audit log's cost on the overhead query, with and without the log in the same run (audit.md).
  // Within the whole bench, shorter rounds (its twelve rounds would take a minute at 5 s): the ten-minute budget.
  const auditSeconds = flags.only === 'audit' ? settings.seconds : Math.min(settings.seconds, 3);
  const audit = () => measureAudit(bench, trusted, headers, { seconds: auditSeconds, command, out: flags.out });
  if (flags.only === 'audit') return audit();
  // One section while working on it: its progress lines carry its figures.
  if (flags.only === 'overhead') return void (await section('1. gateway overhead', () => gatewayOverhead(bench, trusted, headers)));
  if (flags.only === 'fanout') return void (await section('2. fan-out', () => fanOut(bench, trusted, headers)));
  const checks = () => section('pseudonymised check', () => checkRoundTrip(bench, trusted, trust, headers, CHECKS));
  const index = () => section('pseudonym index at import', () => indexCost(bench, trusted, trust, INDEX_ROWS));
  if (flags.only === 'checks') return void console.log(`\n${checkRoundTripMarkdown(await checks(), command)}`);
  if (flags.only === 'index') return void console.log(`\n${indexCostMarkdown(await index(), command)}`);
  if (flags.only === 'scale') return scaleOnly(trusted, headers);

  const overhead = await section('1. gateway overhead', () => gatewayOverhead(bench, trusted, headers));
  const fanout = await section('2. fan-out', () => fanOut(bench, trusted, headers));
  const trips = await section('3. store round trips', () => roundTrips(bench, trusted, headers));
  await audit();
  const authz = await section('authorization cost', () => authzCost(bench));
  const pseudonymCheck = await checks();
  const pseudonymIndex = await index();
  const scale: ScaleRow[] = [];
  const scaleNet = await startScaleNetwork(bench, trusted);
  for (const s of settings.scales) {
    const t = Date.now();
    scale.push(await atScale(bench, s, trusted, headers, scaleNet));
    bench.sectionSeconds[`4. ${int(s)} persons`] = (Date.now() - t) / 1000;
  }
  const scalePeaks = {
    'scale: member BO (+ secretariat)': await bench.closeServer(scaleNet.companions.BO),
    'scale: member CO': await bench.closeServer(scaleNet.companions.CO),
    [`scale: gateways ×${settings.scales.length}`]: await bench.closeServer(scaleNet.gateways),
  };

  const totalSeconds = (Date.now() - bench.started) / 1000;
  const figures: Figures = {
    meta: {
      command,
      quick: QUICK, seconds: settings.seconds, connections: settings.connections, delayMs: settings.delay, fanout: settings.fanout, scales: settings.scales, checks: CHECKS, indexRows: INDEX_ROWS,
      totalSeconds, sectionSeconds: bench.sectionSeconds,
      loadAverage: { start: loadAtStart, end: loadavg()[0] },
      busyBefore,
    },
    otherWork: bench.otherWork,
    overhead, fanout, roundTrips: trips, authz, pseudonymCheck, pseudonymIndex,
    scale: { queries: SCALE_QUERIES, rows: scale, peakKb: scalePeaks },
  };
  const out = resolve(flags.out);
  mkdirSync(resolve(out, '..'), { recursive: true });
  writeFileSync(out, report(figures));
  const json = out.replace(/\.md$/, '.json');
  const machine = { generated: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, totalMemoryBytes: totalmem() };
  writeFileSync(json, `${JSON.stringify({ ...machine, ...figures }, null, 2)}\n`);
  say(`done in ${minutesAndSeconds(totalSeconds)}; wrote ${relative(process.cwd(), out)} and ${relative(process.cwd(), json)}`);
  console.log('');
  console.log(summaryTable(figures));
}

/** Section 4 alone (`--only scale`, e.g. with `--scales 100000`): its figures in the progress lines, then member against gateway. */
async function scaleOnly(trusted: TrustEnv, headers: Record<string, string>): Promise<void> {
  const net = await startScaleNetwork(bench, trusted);
  try {
    for (const s of settings.scales) {
      const row = await atScale(bench, s, trusted, headers, net);
      const p50 = (r: LoadResult) => r.latency.p50.toFixed(2);
      say(`${int(s)} persons, p50 member → gateway: by id ${p50(row.byId1)} → ${p50(row.viaGateway.byId1)} ms; name ${p50(row.listName)} → ${p50(row.viaGateway.listName)} ms `
        + `(+${(row.viaGateway.listName.latency.p50 - row.listName.latency.p50).toFixed(2)}); nationality ${p50(row.listNationality)} → ${p50(row.viaGateway.listNationality)} ms`);
    }
  } finally {
    await bench.closeServer(net.companions.BO);
    await bench.closeServer(net.companions.CO);
    await bench.closeServer(net.gateways);
  }
}

let failed = false;
const cleanup = () => bench.cleanup(failed);

process.on('SIGINT', () => {
  failed = true;
  console.error('\ninterrupted; stopping the processes…');
  void cleanup().then(() => process.exit(130));
});

main().then(
  () => cleanup(),
  async (err: unknown) => {
    failed = true;
    console.error(`benchmark failed: ${(err as Error)?.stack ?? String(err)}\n(the processes' output is in ${bench.logs})`);
    await cleanup();
    process.exit(1);
  },
);
