/** The benchmark's figures, and how they are written: the results file (Markdown) and the console table. */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { faults, int, memStatus, mib, minutesAndSeconds, ms, perProcessMs, root, type LoadResult, type Summary } from './lib';
import { checkRoundTripMarkdown, type CheckRoundTripFigures } from './sections/checkRoundTrip';
import { indexCostMarkdown, type IndexCostFigures } from './sections/indexCost';

export interface Meta {
  command: string;
  /** The machine's 1-minute load average when the run started and when it ended (other work on it shows here). */
  loadAverage: { start: number; end: number };
  /** Share of the machine's CPU busy in the second before the run started (work that is not the benchmark's). */
  busyBefore: number;
  seconds: number;
  connections: number;
  delayMs: number;
  fanout: number[];
  scales: number[];
  /** Issue 22: pseudonymised checks of each kind, rows imported with and without the pseudonym index. */
  checks?: number;
  indexRows?: number;
  totalSeconds: number;
  /** `--quick`: small scales, short durations. */
  quick: boolean;
  /** Wall time per section, s. */
  sectionSeconds: Record<string, number>;
}

export interface OverheadRow {
  key: 'member' | 'enlace' | 'stock' | 'standalone' | 'hive';
  label: string;
  /** Both rounds together. */
  result: LoadResult;
  /** Each round on its own. */
  roundResults: LoadResult[];
  roundGatewayCpuMs: number[];
  /** CPU time per request, ms: of the gateway's process (null when direct) and of the member's process. */
  gatewayCpuMs: number | null;
  memberCpuMs: number;
  /** Resident set (VmRSS, KiB) of the process serving the path after its rounds: the gateway's, or the member's when direct. */
  rssKb: number;
}

export interface OverheadFigures {
  query: string;
  persons: number;
  rounds: number;
  warmupSeconds: number;
  rows: OverheadRow[];
  peakKb: Record<string, number>;
}

export interface FanOutRow {
  members: number;
  records: number;
  result: LoadResult;
  /** Per gateway request: first to last member request arriving at the proxies. */
  spread: Summary;
  /** Per gateway request: first member request arriving to the last member answer sent (delay + member work). */
  critical: Summary;
  /** Mean client latency minus the mean critical path: the gateway, loopback and the client. */
  outsideMean: number;
  /** Gateway requests whose member requests the proxies saw, all of them. */
  matched: number;
}

export interface FanOutSeries {
  key: string;
  label: string;
  query: string;
  /** Over cheap members (each member's first answer replayed after the delay) rather than real ones. */
  cheap: boolean;
  direct: LoadResult;
  /** One member behind its delaying proxy, or its cheap member. */
  proxied: LoadResult;
  rows: FanOutRow[];
}

export interface FanOutFigures {
  delayMs: number;
  seconds: number;
  membersPerProcess: number;
  series: FanOutSeries[];
  /** A gateway of its own over the most (cheap) members at the throughput connections: its memory under load. */
  underLoad: { members: number; result: LoadResult; gatewayCpuMs: number; rssKb: number; peakKb: number };
  peakKb: Record<string, number>;
}

/** The authorization bench's headline scenario (mixed lists), run within this one. */
export interface AuthzFigures {
  command: string;
  ratio: number;
  enforcedMs: number;
  offMs: number;
  requests: number;
}

export interface RoundTripRow {
  path: string;
  first: number;
  persons: number;
  cases: number;
  involvedPersons: number;
  denials: number;
  /** Store round trips per request, per member (three requests each). */
  trips: Record<string, number[]>;
  /** The reads of the last of them, per member (Cypher up to RETURN), in order. */
  reads: Record<string, string[]>;
}

export interface RoundTripFigures {
  query: string;
  rows: RoundTripRow[];
  peakKb: Record<string, number>;
}

export interface ScaleRow {
  persons: number;
  seed: { records: number; seconds: number; recordsPerSecond: number; personsPerSecond: number; wallSeconds: number; peakKb: number; storeBytes: number };
  memberStartSeconds: number;
  byId1: LoadResult;
  byIdNested1: LoadResult;
  byId10: LoadResult;
  listName: LoadResult;
  listNationality: LoadResult;
  listNamePersons: number;
  listNationalityPersons: number;
  memberPeakKb: number;
  store: StoreProbe;
  /** The same queries through a gateway over this member and two small ones. */
  viaGateway: {
    byId1: LoadResult; listName: LoadResult; listNationality: LoadResult;
    /** Per list, each process's CPU time (user + system) per request over its measured run, ms. */
    cpuPerRequest: Record<'listName' | 'listNationality', Record<string, number>>;
  };
}

/** Timings in the store itself (in-process, no GraphQL), ms. */
export interface StoreProbe {
  byIdBatched: Summary;
  byIdKey: Summary;
  listName: Summary;
}

export interface ScaleFigures {
  queries: string[];
  rows: ScaleRow[];
  peakKb: Record<string, number>;
}

export interface Figures {
  meta: Meta;
  /** Per section, the share of the CPU that processes other than the benchmark's took. */
  otherWork: Record<string, number>;
  overhead: OverheadFigures;
  fanout: FanOutFigures;
  roundTrips: RoundTripFigures;
  authz: AuthzFigures;
  scale: ScaleFigures;
  /** Issue 22 (sections/checkRoundTrip.ts, sections/indexCost.ts); absent from results written before them. */
  pseudonymCheck?: CheckRoundTripFigures;
  pseudonymIndex?: IndexCostFigures;
}

/** A goal of issue 9 with its figure; met is null when this run did not measure it. */
export interface Goal {
  goal: string;
  figure: string;
  met: boolean | null;
}

const pct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}%`;
const verdict = (ok: boolean) => (ok ? '**met**' : '**not met**');
const lat = (r: LoadResult) => `${ms(r.latency.p50)} | ${ms(r.latency.p99)}`;
const slash = (r: LoadResult) => `${ms(r.latency.p50)} / ${ms(r.latency.p99)}`;
const tripTotal = (r: RoundTripRow) => Object.values(r.trips).reduce((s, v) => s + v[0], 0);
const stable = (v: number[]) => v.every((x) => x === v[0]);

function autocannonVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a JSON file outside the TypeScript program
    return (require('autocannon/package.json') as { version: string }).version;
  } catch {
    return '?';
  }
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return '?';
  }
}

/** The verdicts on the issue's goals, shared by the file and the console. */
export function goals(f: Figures) {
  const o = Object.fromEntries(f.overhead.rows.map((r) => [r.key, r])) as Record<OverheadRow['key'], OverheadRow>;
  const bestStock = Math.max(o.stock.result.rps, o.standalone.result.rps);
  const persons = f.fanout.series.find((s) => s.key === 'persons') ?? f.fanout.series[0];
  const cheap = f.fanout.series.find((s) => s.cheap);
  const cheapWidest = cheap?.rows[cheap.rows.length - 1];
  const single = persons.rows.find((r) => r.members === 1);
  const widest = persons.rows[persons.rows.length - 1];
  const direct = f.roundTrips.rows.filter((r) => r.path.startsWith('member'));
  const viaGateway = f.roundTrips.rows.filter((r) => r.path.startsWith('gateway'));
  return {
    o,
    gatewayRatio: o.enlace.result.rps / o.member.result.rps,
    vsStock: o.enlace.result.rps / o.stock.result.rps - 1,
    vsStandalone: o.enlace.result.rps / o.standalone.result.rps - 1,
    cpuVsStock: o.enlace.gatewayCpuMs! / o.stock.gatewayCpuMs! - 1,
    // Against the stock gateway on the same HTTP layer: throughput within 10% and the gateway's CPU per request within 10%.
    stockMet: o.enlace.result.rps >= 0.9 * o.stock.result.rps && o.enlace.gatewayCpuMs! <= 1.1 * o.stock.gatewayCpuMs!,
    rpsMet: o.enlace.result.rps >= 0.9 * o.stock.result.rps,
    cpuMet: o.enlace.gatewayCpuMs! <= 1.1 * o.stock.gatewayCpuMs!,
    bestStock,
    fanGap: single ? widest.result.latency.p50 - single.result.latency.p50 : NaN,
    fanWidest: widest,
    fanSingle: single,
    fanMet: single ? widest.result.latency.p50 - single.result.latency.p50 <= 5 : false,
    dispatchMax: Math.max(...f.fanout.series.flatMap((s) => s.rows.map((r) => r.spread.p50))),
    sameDirect: direct.length === 2 && tripTotal(direct[0]) === tripTotal(direct[1]),
    sameGateway: viaGateway.length === 2 && tripTotal(viaGateway[0]) === tripTotal(viaGateway[1]),
    direct,
    viaGateway,
    cheapWidest,
    list: issueGoals(f, o, cheapWidest, direct, viaGateway),
  };
}

/** Issue 9's goals, each with this run's figure and verdict: the one place they are judged (file and console). */
function issueGoals(f: Figures, o: Record<OverheadRow['key'], OverheadRow>, cheapWidest: FanOutRow | undefined, direct: RoundTripRow[], viaGateway: RoundTripRow[]): Goal[] {
  const rows = [...f.scale.rows].sort((a, b) => a.persons - b.persons);
  const at = (n: number) => rows.find((r) => r.persons === n);
  const big = at(1_000_000);
  const small = at(100_000);
  const largest = rows[rows.length - 1];
  const scaleNote = (r: ScaleRow | undefined) => (r ? '' : `(1,000,000 not measured in this run; at ${int(largest?.persons ?? NaN)}: `);
  const out: Goal[] = [];
  {
    const r = big ?? largest;
    const p50 = r?.byId1.latency.p50 ?? NaN;
    const base = big ? small : rows[0] !== r ? rows[0] : undefined;
    const ratio = base ? p50 / base.byId1.latency.p50 : NaN;
    out.push({
      goal: 'By id at the member, 1,000,000 persons: p50 ≤ 3 ms (1 connection), ≤ 1.5× its figure at 100,000',
      figure: `${scaleNote(big)}p50 ${ms(p50, 2)} ms${base ? `, ${ratio.toFixed(2)}× the ${ms(base.byId1.latency.p50, 2)} ms at ${int(base.persons)}` : ''}${big ? '' : ')'}`,
      met: big ? p50 <= 3 && (!base || ratio <= 1.5) : null,
    });
  }
  {
    const r = big ?? largest;
    const member = r?.listName.latency.p50 ?? NaN;
    const gw = r?.viaGateway.listName.latency.p50 ?? NaN;
    out.push({
      goal: 'Name search at 1,000,000 persons: p50 ≤ 15 ms at the member; through the gateway over three members ≤ member + 5 ms',
      figure: `${scaleNote(big)}member p50 ${ms(member, 2)} ms, through the gateway ${ms(gw, 2)} ms (+${ms(gw - member, 2)} ms)${big ? '' : ')'}`,
      met: big ? member <= 15 && gw <= member + 5 : null,
    });
  }
  {
    const cpu = o.enlace.gatewayCpuMs! / o.stock.gatewayCpuMs!;
    out.push({
      goal: 'Gateway CPU per request ≤ 1.0× the stock @apollo/gateway; requests/s ≥ the stock gateway and ≥ Hive Gateway',
      figure: `CPU ${ms(o.enlace.gatewayCpuMs ?? NaN, 2)} against ${ms(o.stock.gatewayCpuMs ?? NaN, 2)} ms (${cpu.toFixed(2)}×; Hive ${ms(o.hive.gatewayCpuMs ?? NaN, 2)} ms); ${int(o.enlace.result.rps)} requests/s against ${int(o.stock.result.rps)} (stock) and ${int(o.hive.result.rps)} (Hive)`,
      met: cpu <= 1 && o.enlace.result.rps >= o.stock.result.rps && o.enlace.result.rps >= o.hive.result.rps,
    });
  }
  out.push({
    goal: `Fan-out with cheap members: 16 members at ${f.meta.delayMs} ms each, p50 ≤ 25 ms`,
    figure: cheapWidest ? `${cheapWidest.members} members: p50 ${ms(cheapWidest.result.latency.p50)} ms, p99 ${ms(cheapWidest.result.latency.p99)} ms` : 'not measured',
    met: cheapWidest?.members === 16 ? cheapWidest.result.latency.p50 <= 25 : null,
  });
  out.push({
    goal: 'Authorization cost (the authz bench, mixed lists): ≤ 1.2× unguarded',
    figure: `${f.authz.ratio.toFixed(2)}× (median ${ms(f.authz.enforcedMs)} against ${ms(f.authz.offMs)} ms, ${f.authz.requests} requests each)`,
    met: f.authz.ratio <= 1.2,
  });
  out.push({
    goal: 'Store round trips of the nested query: equal at 10 and 1,000 records, at the member and through the gateway',
    figure: `member ${direct.map(tripTotal).join(' and ')}; gateway over two members ${viaGateway.map(tripTotal).join(' and ')}`,
    met: direct.length === 2 && viaGateway.length === 2 && tripTotal(direct[0]) === tripTotal(direct[1]) && tripTotal(viaGateway[0]) === tripTotal(viaGateway[1]),
  });
  return out;
}

const verdictOf = (g: Goal) => (g.met === null ? 'not measured' : g.met ? 'met' : 'not met');

export function report(f: Figures): string {
  const m = f.meta;
  const g = goals(f);
  const { o } = g;
  const cpu = cpus();
  const millionMeasured = f.scale.rows.some((s) => s.persons >= 1_000_000);
  const overheadRow = (r: OverheadRow, note: string) =>
    `| ${r.label} | ${int(r.result.rps)} | ${lat(r.result)} | ${ms(r.result.latency.mean)} | ${r.gatewayCpuMs === null ? '–' : ms(r.gatewayCpuMs, 2)} | ${ms(r.memberCpuMs, 2)} | ${mib(r.rssKb)}${r.gatewayCpuMs === null ? ' (member)' : ''} | ${int(r.result.requests)} | ${faults(r.result) || 'none'} | ${note} |`;
  const peaks: Record<string, number> = { ...f.overhead.peakKb, ...f.fanout.peakKb, ...f.roundTrips.peakKb, ...f.pseudonymCheck?.peakKb, ...f.pseudonymIndex?.peakKb, ...f.scale.peakKb };
  for (const s of f.scale.rows) {
    peaks[`seed.js, ${int(s.persons)} persons`] = s.seed.peakKb;
    peaks[`member main.js, ${int(s.persons)} persons`] = s.memberPeakKb;
  }
  const maxMembers = Math.max(...m.fanout);
  const kind = (s: FanOutSeries) => (s.cheap ? 'cheap member' : 'delayed member');
  const fanTable = (s: FanOutSeries) => `| Path | Records in the answer | p50, ms | p99, ms | Mean, ms | Member requests sent within, ms (p50 / max) | Slowest member answered after, ms (p50) | Rest: gateway, loopback, client, ms (means) | Requests | Faults |
|---|---|---|---|---|---|---|---|---|---|
| Member AR directly, no delay | – | ${lat(s.direct)} | ${ms(s.direct.latency.mean)} | – | – | – | ${int(s.direct.requests)} | ${faults(s.direct) || 'none'} |
| ${s.cheap ? `Member AR's cheap member (${m.delayMs} ms, replayed answer)` : `Member AR behind its ${m.delayMs} ms proxy`} | – | ${lat(s.proxied)} | ${ms(s.proxied.latency.mean)} | – | – | – | ${int(s.proxied.requests)} | ${faults(s.proxied) || 'none'} |
${s.rows.map((r) => `| Gateway over ${r.members} ${kind(s)}${r.members > 1 ? 's' : ''} | ${r.records} | ${lat(r.result)} | ${ms(r.result.latency.mean)} | ${ms(r.spread.p50, 2)} / ${ms(r.spread.max, 2)} | ${ms(r.critical.p50)} | ${ms(r.outsideMean)} | ${int(r.result.requests)} | ${faults(r.result) || 'none'}${r.matched < r.result.requests ? ` (proxies matched ${r.matched})` : ''} |`).join('\n')}`;
  const routes = f.fanout.series.find((s) => s.key === 'routes');
  const routesGap = routes ? routes.rows[routes.rows.length - 1].result.latency.p50 - (routes.rows.find((r) => r.members === 1)?.result.latency.p50 ?? NaN) : NaN;

  return `# Enlace benchmark

Generated by \`npm run bench\` (\`${m.command}\`) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC,
commit ${commit()}, Node ${process.version}, ${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length} cores,
${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM; ${(m.busyBefore * 100).toFixed(0)}% of the CPU busy in the second before the run started. The run took **${minutesAndSeconds(m.totalSeconds)}** after the build
(the budget is ten minutes; per section: ${Object.entries(m.sectionSeconds).map(([k, v]) => `${k} ${Math.round(v)} s`).join(', ')}).${m.quick ? ' **A `--quick` run: small stores, short measurements; the goals at 1,000,000 persons are not judged.**' : ''}${millionMeasured ? '' : ' **The million-person store was left out of this run** (`--scales` without 1000000).'}
Flags: \`--quick\` (\`--scales 10000 --seconds 2 --fanout 1,4,16\` and a short authorization run), \`--scales ${m.scales.join(',')}\` (persons per member for section 4; \`--scales 100000\` leaves out the million),
\`--seconds ${m.seconds}\`, \`--connections ${m.connections}\`, \`--delay ${m.delayMs}\`, \`--fanout ${m.fanout.join(',')}\`, \`--out <file.md>\`.

Everything runs on loopback (127.0.0.1) on this one machine: the load generator (autocannon ${autocannonVersion()}, in the
benchmark's own process), the gateways and the members, each role in processes of its own, all sharing
the ${cpu.length} cores. Throughput is therefore the machine's, not one process's: a gateway and the member it
calls compete for the same cores. Every measured answer was checked: a deterministic query must return
exactly the answer verified before timing, the others must pass a check; failed, non-2xx or different
answers are counted as faults. Latencies are per request (autocannon's own timings, not its integer
histogram); p50 and p99 are nearest-rank.

Other work on the machine (the share of all cores' time taken by processes that are not the benchmark's,
per section: /proc/stat against the benchmark's own processes): ${Object.entries(f.otherWork).map(([k, v]) => `${k} ${(v * 100).toFixed(0)}%`).join(', ')}.${Object.values(f.otherWork).some((v) => v > 0.1) ? ' **Sections above 10% were disturbed by other work; their figures are worse than this code alone would give.**' : ''}

## Goals (issue 9)

| Goal | This run | Verdict |
|---|---|---|
${g.list.map((x) => `| ${x.goal} | ${x.figure} | **${verdictOf(x)}** |`).join('\n')}

Earlier goals (issue 4), for the record: Enlace's gateway ${pct(g.vsStock)} requests/s and ${pct(g.cpuVsStock)} CPU per request against the stock
gateway on the same HTTP layer (within 10%: ${g.stockMet ? 'met' : 'not met'}); fan-out over ${g.fanWidest.members} real members ${ms(g.fanGap)} ms above one (within 5 ms: ${g.fanMet ? 'met' : 'not met'}).

## 1. Gateway overhead: Enlace's gateway, a stock @apollo/gateway and Hive Gateway

One member (AR, ${200} persons, in-memory Kùzu), an AR prosecutor's token (own data: nothing withheld),
${m.connections} connections, ${f.overhead.rounds} rounds of ${m.seconds} s per path (the second round in reverse order) after a ${f.overhead.warmupSeconds} s warm-up each (a gateway's first requests cost more CPU: compilation, caches).
The stock gateway is a plain \`ApolloGateway\` with \`RemoteGraphQLDataSource\`, on a supergraph composed on
the fly (\`composeServices\`, \`members\` → the member's URL); it forwards the caller's token, purpose and
case reference (the member requires them) and does nothing else: no token check, no query limits, no
member data source. It is served twice: on the same node:http layer as Enlace's processes
(\`serveApollo\`), and by Apollo's own \`startStandaloneServer\`. CPU per request is the process's user +
system time over the run divided by the requests answered. Hive Gateway (\`@graphql-hive/gateway\`'s
\`createGatewayRuntime\` on node:http) serves the committed \`schema/supergraph.graphql\` with the member's
and the secretariat's URLs put in, and forwards the same three headers (\`propagateHeaders\`), logging off.
RSS is the serving process's resident set (VmRSS) right after its measured rounds.

\`\`\`graphql
${f.overhead.query}
\`\`\`

| Path | Requests/s | p50, ms | p99, ms | Mean, ms | Gateway CPU per request, ms | Member CPU per request, ms | RSS, MiB | Requests | Faults | |
|---|---|---|---|---|---|---|---|---|---|---|
${overheadRow(o.member, 'baseline')}
${overheadRow(o.enlace, `${g.gatewayRatio.toFixed(2)}× the member's requests/s; p50 ${ms(o.enlace.result.latency.p50 / o.member.result.latency.p50, 2)}×, p99 ${ms(o.enlace.result.latency.p99 / o.member.result.latency.p99, 2)}×`)}
${overheadRow(o.stock, `Enlace: ${pct(g.vsStock)} requests/s, ${pct(o.enlace.result.latency.p50 / o.stock.result.latency.p50 - 1)} p50`)}
${overheadRow(o.standalone, `Enlace: ${pct(g.vsStandalone)} requests/s, ${pct(o.enlace.result.latency.p50 / o.standalone.result.latency.p50 - 1)} p50`)}
${overheadRow(o.hive, `Enlace: ${pct(o.enlace.result.rps / o.hive.result.rps - 1)} requests/s, ${pct(o.enlace.gatewayCpuMs! / o.hive.gatewayCpuMs! - 1)} CPU per request, ${pct(o.enlace.result.latency.p50 / o.hive.result.latency.p50 - 1)} p50`)}

- **Gateway overhead**: through Enlace's gateway the query runs at **${g.gatewayRatio.toFixed(2)}×** the member's own throughput
  (p50 ${ms(o.enlace.result.latency.p50)} ms against ${ms(o.member.result.latency.p50)} ms). A gateway hop is a second HTTP exchange, a second
  parse, validation and serialisation, and query planning — ${ms(o.enlace.gatewayCpuMs ?? NaN, 2)} ms of CPU per request here, taken
  from the same ${cpu.length} cores that the member (${ms(o.member.memberCpuMs, 2)} ms per request) and the load generator need.
- **Against the stock gateway**: ${pct(g.vsStock)} requests/s and ${pct(g.cpuVsStock)} gateway CPU per request (same HTTP layer; per round
  ${o.enlace.roundGatewayCpuMs.map((c, i) => `${ms(c, 2)} against ${ms(o.stock.roundGatewayCpuMs[i], 2)} ms`).join(', then ')});
  ${pct(g.vsStandalone)} requests/s against the standalone server. What Enlace's gateway does on top: it verifies the
  caller's ES256 token itself (once a minute per token: a verified token is kept; the member verifies it too, in
  every setup), checks query depth, size and cost, writes a log line per request (info level, buffered), and sends
  member requests through its member data source (directory routing, the ownership check of every returned id,
  over a keep-alive undici pool per member) instead of \`RemoteGraphQLDataSource\`. Goal (within 10%,
  judged on both requests/s and the gateway's CPU per request against the stock gateway on the same HTTP
  layer): ${g.stockMet ? verdict(true) : g.rpsMet ? '**met on requests/s, not on CPU per request**' : g.cpuMet ? '**met on CPU per request, not on requests/s**' : verdict(false)}. Requests/s on a shared 2-core machine move by several percent from one round to
  the next (see bench.json); CPU per request is the steadier figure.

## 2. Fan-out over delayed members, real and cheap

${maxMembers} real members, each with its own country code in the gateway's directory (50 persons each,
in-memory Kùzu, ${f.fanout.membersPerProcess} members per process), each behind its own small HTTP proxy that holds every request
for **${m.delayMs} ms** before forwarding it unchanged (the stand-in for a member's network and database latency).
One gateway per member count, an AR prosecutor's token. One request at a time (one connection,
${f.fanout.seconds} s per row after a 1 s warm-up): this section measures latency, not throughput. Each request carries a
unique case reference, which the gateway forwards to every member, so the proxies' timings of the member
requests are matched to the request they belong to: "sent within" is the time between the first and the
last member request of one gateway request reaching the proxies (serial fan-out would put ${m.delayMs} ms or
more between them); "slowest member answered after" runs from the first arrival to the last answer
leaving a proxy (the delay plus the members' own work); "rest" is the client's latency minus that.
The occasional larger "sent within" (the max) is scheduling, not serial dispatch: the proxies share their processes with the members, ${Math.ceil(maxMembers / f.fanout.membersPerProcess)} processes on ${cpu.length} cores.

Then the same over **cheap members**: a second small server per member that answers each request body with
the member's first answer to it, after the same ${m.delayMs} ms, without the member (the gateway talks to it as to a
member; its hop header is accepted and ignored). The ${maxMembers} cheap members run in one process of their own,
which does nothing else: they stand for members on machines of their own. (Until 2026-12-07 they ran inside the
members' ${Math.ceil(maxMembers / f.fanout.membersPerProcess)} processes, whose wake-ups on each fan-out took the ${cpu.length} cores from the gateway:
16 members p50 26.0 ms, 1.63 ms between the first and last member request arriving.) With the members' own
work gone, what grows with the member count is the gateway's.

${f.fanout.series.map((s) => `### ${s.label}\n\n\`\`\`graphql\n${s.query}\n\`\`\`\n\n${fanTable(s)}`).join('\n\n')}

**Under load, over ${f.fanout.underLoad.members} cheap members** (a gateway process of its own, ${m.connections} connections, ${m.seconds} s): ${int(f.fanout.underLoad.result.rps)} requests/s,
p50 ${ms(f.fanout.underLoad.result.latency.p50)} ms, p99 ${ms(f.fanout.underLoad.result.latency.p99)} ms, gateway CPU ${ms(f.fanout.underLoad.gatewayCpuMs, 2)} ms per request; the gateway's resident set
**${mib(f.fanout.underLoad.rssKb)} MiB** after the run (peak ${mib(f.fanout.underLoad.peakKb)} MiB)${faults(f.fanout.underLoad.result) ? `; faults: ${faults(f.fanout.underLoad.result)}` : ''}.

- **Parallel, not serial**: serial fan-out would take at least members × ${m.delayMs} ms (${m.fanout.map((n) => n * m.delayMs).join(', ')} ms). The
  gateway sends all member requests at once — they reach the proxies within ${ms(g.dispatchMax, 2)} ms of each other
  (p50, worst row) — so the ${m.delayMs} ms waits overlap.
- **Goal: over ${g.fanWidest.members} members within 5 ms of a single member** — ${verdict(g.fanMet)}: the persons query's p50 is ${ms(g.fanWidest.result.latency.p50)} ms
  against ${ms(g.fanSingle?.result.latency.p50 ?? NaN)} ms, ${ms(g.fanGap)} ms more${Number.isFinite(routesGap) ? `; with the cheapest member work (routes) ${ms(routesGap)} ms more` : ''}.${g.fanMet ? '' : ` The growth is in
  the column "slowest member answered after", i.e. on the members' side, not in the gateway's dispatch
  nor in "rest": when the ${m.delayMs} ms delays end together, the ${g.fanWidest.members} members' work (verifying the token, the
  sharing protocol — for a foreign caller, facts about each person before answering —, the store reads,
  serialising) runs on this machine's ${cpu.length} cores, one member after another, where real members each
  have their own machine. Over cheap members, where that work is gone, 16 members take p50 ${ms(g.cheapWidest?.result.latency.p50 ?? NaN)} ms.`}
- What the gateway itself adds ("rest": planning, merging, checking every id's owner, and loopback and
  the client) is ${restRange(f.fanout.series)} ms across all rows: it does not grow with the member count the way a
  serial fan-out would.

## 3. Store round trips per query

Two members (AR and CO, 1,000 persons each, in-memory Kùzu), an AR prosecutor's token. Each member's
store counts its round trips (\`RunningMember.store.stats.queries\`); each request was sent once unmeasured (a
member's first person list after a write also reads what its page relies on of the table's first rows, the
lowest seq after them and whether they are stored in seq order, then keeps both until the next write) and then three times,
${f.roundTrips.rows.every((r) => Object.values(r.trips).every(stable)) ? 'always with the same count' : 'counts shown per request where they differed'}. A member answers at most 500 persons per list, so 1,000 records
at the root are 500 from each member, through the gateway, where CO's records are foreign to the AR
caller (minors left out; withheld fields null, with a FORBIDDEN error each: "denials").

\`\`\`graphql
${f.roundTrips.query}
\`\`\`

| Path | persons(first:) | Persons | Their cases | Those cases' persons | Denials | Store round trips per request |
|---|---|---|---|---|---|---|
${f.roundTrips.rows.map((r) => `| ${r.path} | ${r.first} | ${int(r.persons)} | ${int(r.cases)} | ${int(r.involvedPersons)} | ${int(r.denials)} | ${Object.entries(r.trips).map(([k, v]) => `${k} ${stable(v) ? v[0] : v.join('/')}`).join(', ')} (total ${tripTotal(r)}) |`).join('\n')}

- **Goal: the same count at 10 and 1,000 records** — ${g.sameDirect && g.sameGateway ? verdict(true) : g.sameDirect ? '**met at a member, not through the gateway**' : verdict(false)}: directly at a member ${g.direct.map(tripTotal).join(' and ')}, through the
  gateway over two members ${g.viaGateway.map(tripTotal).join(' and ')}. The per-request DataLoaders batch every level of the query
  (persons, their involvements, the cases, the cases' involvements, those persons): no read is made
  per record.${[...extraReads(g.direct), ...extraReads(g.viaGateway)].map((x) => `\n- Where the counts differ (${x.path}, member ${x.country}: ${x.small} reads for persons(first: ${x.firstSmall}), ${x.large} for persons(first: ${x.firstLarge})), the reads that the larger request made in addition were:\n${grouped(x.extra).map(([e, n]) => `  \`\` ${e} \`\`${n > 1 ? ` ×${n}` : ''}`).join('\n')}\n  Key lookups run as one equality per key (\`WHERE x.id = $lookupKey\`) within one store round trip, so these reads grow with the records while the round trips counted above do not. All reads, in order: bench.json, roundTrips.rows[].reads.`).join('')}

## 4. The embedded store (Kùzu) at scale

Seeded by \`node scripts/dist/seed.js --countries AR --scale N\` in its own process (batches of 5,000 persons,
one transaction each), then served by a member process, \`node subgraphs/member/dist/main.js\`, on that store
file (its defaults: 256 MiB buffer pool, 4 read connections), with an AR prosecutor's token. By id: a random
person each request (\`AR:P:1\` … \`AR:P:N\`); filtered lists: the first 20 matches of a name part and of a
nationality. ${m.seconds} s per figure, one client unless stated. "Records"
are the nodes and relationships written (persons, documents, cases, route observations; HOLDS, INVOLVED, USED).${millionMeasured ? '' : `

**1,000,000 persons per member was not measured in this run.** Seeding a million takes about ten times the
100,000 row's seeding time; run \`node scripts/dist/bench/run.js --scales 100000,1000000\` for it.`}

\`\`\`graphql
${f.scale.queries.join('\n')}
\`\`\`

Through the member (GraphQL over HTTP, the sharing protocol applied):

| Persons per member | Records seeded | Seeding, s | Records/s | Store on disk, MiB | Member ready, s | By id p50 / p99, ms | By id with documents and cases, p50 / p99, ms | By id at ${m.connections} connections: req/s (p50 / p99, ms) | Name filter p50 / p99, ms | Nationality filter p50 / p99, ms | Peak memory, seed / member, MiB |
|---|---|---|---|---|---|---|---|---|---|---|---|
${f.scale.rows.map((s) => `| ${int(s.persons)} | ${int(s.seed.records)} | ${ms(s.seed.seconds)} | ${int(s.seed.recordsPerSecond)} | ${(s.seed.storeBytes / 2 ** 20).toFixed(0)} | ${ms(s.memberStartSeconds)} | ${slash(s.byId1)} | ${slash(s.byIdNested1)} | ${int(s.byId10.rps)} (${slash(s.byId10)}) | ${slash(s.listName)} | ${slash(s.listNationality)} | ${mib(s.seed.peakKb)} / ${mib(s.memberPeakKb)} |`).join('\n')}

Through a gateway over this member and two small ones (BO and CO, 1,000 persons each, in-memory, each in a
process of its own, the secretariat beside BO: three members, as the goal puts it, without seeding three large
stores on one machine). By id goes to AR alone; the lists go to all three and are merged, so a list waits for the
last of the three to answer, and the three members and the gateway share the ${cpu.length} cores (for the caller, BO's and
CO's records are foreign: each checks the gateway's assertion and applies the protocol's conditions).
Each list is measured after an unmeasured run of it (${m.seconds} s through the gateway, 1 s at the member, whose process
has served since it started): BO and CO sit idle between the scales, and a process's first thousand or so
requests cost it up to twice the CPU of later ones while V8 compiles what they run.

| Persons per member | By id p50 / p99, ms (member → gateway) | Name filter p50 / p99, ms (member → gateway) | Nationality filter p50 / p99, ms (member → gateway) | Faults |
|---|---|---|---|---|
${f.scale.rows.map((s) => `| ${int(s.persons)} | ${slash(s.byId1)} → ${slash(s.viaGateway.byId1)} | ${slash(s.listName)} → ${slash(s.viaGateway.listName)} | ${slash(s.listNationality)} → ${slash(s.viaGateway.listNationality)} | ${[s.viaGateway.byId1, s.viaGateway.listName, s.viaGateway.listNationality].map((r) => faults(r)).filter(Boolean).join('; ') || 'none'} |`).join('\n')}

CPU per name search through the gateway (each process's user + system time over the measured run, per request):
${f.scale.rows.map((s) => `- ${int(s.persons)}: ${perProcessMs(s.viaGateway.cpuPerRequest.listName)}.`).join('\n')}

In the store itself (the same file opened in the benchmark's process after the member stopped; no
GraphQL, no HTTP; 30 random ids, 10 name searches):

| Persons per member | By id as the repository reads it (\`personsByIds\`: the store's key lookup, with the person's case facts), p50 / p99, ms | By id as a primary-key equality (\`WHERE p.id = $id\`), p50 / p99, ms | Name filter (\`listPersons\`, first 20), p50 / p99, ms |
|---|---|---|---|
${f.scale.rows.map((s) => `| ${int(s.persons)} | ${ms(s.store.byIdBatched.p50, 2)} / ${ms(s.store.byIdBatched.p99, 2)} | ${ms(s.store.byIdKey.p50, 2)} / ${ms(s.store.byIdKey.p99, 2)} | ${ms(s.store.listName.p50, 2)} / ${ms(s.store.listName.p99, 2)} |`).join('\n')}
${f.scale.rows.some((s) => s.store.byIdBatched.p50 > 5 * s.store.byIdKey.p50) ? `
- **By id costs more than one key equality.** The repository's read (${f.scale.rows.map((s) => `${ms(s.store.byIdBatched.p50, 2)} ms against ${ms(s.store.byIdKey.p50, 2)} ms at ${int(s.persons)}`).join(', ')})
  also reads the facts of the person's cases, a traversal from the person that Kùzu answers with a scan
  of the far table (scripts/bench/results/keyLookups.md).` : ''}
- **The name filter in the store** (\`listPersons\`, first 20): ${f.scale.rows.map((s) => `${ms(s.store.listName.p50, 2)} ms at ${int(s.persons)}`).join(', ')} (p50);
  a figure that grows with the store is a scan.

${f.scale.rows.map((s) => `- ${int(s.persons)}: ${int(s.seed.personsPerSecond)} persons/s (${ms(s.seed.wallSeconds)} s of wall time with the process's start); the name filter found ${s.listNamePersons}, the nationality filter ${s.listNationalityPersons}; faults: ${[s.byId1, s.byIdNested1, s.byId10, s.listName, s.listNationality].map((r) => faults(r)).filter(Boolean).join('; ') || 'none'}.`).join('\n')}

## Authorization cost

\`${f.authz.command}\` (its headline scenario, own and foreign records mixed, through the gateway over AR and
CO, 1,000 persons per answer; ${f.authz.requests} sequential requests per network, interleaved): enforced median ${ms(f.authz.enforcedMs)} ms against
${ms(f.authz.offMs)} ms unguarded, **${f.authz.ratio.toFixed(2)}×**. All four scenarios: \`node scripts/dist/bench/authz.js\` → authz.md.

${f.pseudonymCheck ? checkRoundTripMarkdown(f.pseudonymCheck, `node scripts/dist/bench/run.js --only checks --checks ${f.pseudonymCheck.checks}`) : ''}
${f.pseudonymIndex ? indexCostMarkdown(f.pseudonymIndex, `node scripts/dist/bench/run.js --only index --index-rows ${f.pseudonymIndex.rows}`) : ''}
## Peak memory of each process (VmHWM)

| Process | Peak resident set, MiB |
|---|---|
${Object.entries(peaks).map(([k, v]) => `| ${k} | ${mib(v)} |`).join('\n')}
| the load generator (autocannon) and benchmark driver | ${mib(memStatus('self')?.hwmKb)} |

Raw figures: [bench.json](bench.json).
`;
}

/** Reads of one shape together, with their count (a key lookup runs as one equality per key: many reads, one round trip). */
function grouped(reads: string[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const r of reads) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts];
}

function restRange(series: FanOutSeries[]): string {
  const rest = series.flatMap((s) => s.rows.map((r) => r.outsideMean));
  return `${ms(Math.min(...rest))}–${ms(Math.max(...rest))}`;
}

/** For a pair of rows (few and many records), per member whose count differs: the reads the larger request made beyond the smaller's. */
function extraReads(pair: RoundTripRow[]) {
  if (pair.length !== 2) return [];
  const [a, b] = pair;
  return Object.keys({ ...a.reads, ...b.reads })
    .filter((country) => (a.reads[country]?.length ?? 0) !== (b.reads[country]?.length ?? 0))
    .map((country) => {
      const [few, many] = (a.reads[country]?.length ?? 0) <= (b.reads[country]?.length ?? 0) ? [a, b] : [b, a];
      const left = [...(few.reads[country] ?? [])];
      const extra = (many.reads[country] ?? []).filter((r) => {
        const i = left.indexOf(r);
        if (i < 0) return true;
        left.splice(i, 1);
        return false;
      });
      return { path: a.path, country, small: few.reads[country]?.length ?? 0, large: many.reads[country]?.length ?? 0, firstSmall: few.first, firstLarge: many.first, extra };
    });
}

export function summaryTable(f: Figures): string {
  const g = goals(f);
  const { o } = g;
  const rows: string[][] = [['Measurement', 'Figure']];
  const rl = (r: LoadResult) => `${int(r.rps)} req/s, p50 ${ms(r.latency.p50)} ms, p99 ${ms(r.latency.p99)} ms`;
  rows.push(['member directly', rl(o.member.result)]);
  rows.push(['Enlace gateway → member', `${rl(o.enlace.result)} (${g.gatewayRatio.toFixed(2)}× the member)`]);
  rows.push(['stock @apollo/gateway (node:http)', `${rl(o.stock.result)} (Enlace ${pct(g.vsStock)})`]);
  rows.push(['stock @apollo/gateway (standalone)', `${rl(o.standalone.result)} (Enlace ${pct(g.vsStandalone)})`]);
  rows.push(['Hive Gateway', `${rl(o.hive.result)} (Enlace ${pct(o.enlace.result.rps / o.hive.result.rps - 1)})`]);
  rows.push(['gateway CPU per request / RSS', (['enlace', 'stock', 'hive'] as const).map((k) => `${k} ${ms(o[k].gatewayCpuMs ?? NaN, 2)} ms / ${mib(o[k].rssKb)} MiB`).join(', ')]);
  for (const s of f.fanout.series) {
    rows.push([`fan-out ${s.key}: one ${s.cheap ? 'cheap member' : 'member'} + ${f.meta.delayMs} ms`, `p50 ${ms(s.proxied.latency.p50)} ms (direct ${ms(s.direct.latency.p50)} ms)`]);
    for (const r of s.rows) rows.push([`fan-out ${s.key}: gateway over ${r.members}`, `p50 ${ms(r.result.latency.p50)} ms, p99 ${ms(r.result.latency.p99)} ms; sent within ${ms(r.spread.p50, 2)} ms; slowest member ${ms(r.critical.p50)} ms`]);
  }
  const u = f.fanout.underLoad;
  rows.push([`gateway over ${u.members} cheap members, ${f.meta.connections} conns`, `${rl(u.result)}; RSS ${mib(u.rssKb)} MiB (peak ${mib(u.peakKb)} MiB)`]);
  for (const r of f.roundTrips.rows) rows.push([`round trips: ${r.path}, first ${r.first}`, `${r.persons} persons → ${Object.entries(r.trips).map(([k, v]) => `${k} ${v.join('/')}`).join(', ')}`]);
  for (const s of f.scale.rows) {
    rows.push([`${int(s.persons)} persons: seeding`, `${int(s.seed.recordsPerSecond)} records/s (${int(s.seed.records)} in ${ms(s.seed.seconds)} s), peak ${mib(s.seed.peakKb)} MiB`]);
    rows.push([`${int(s.persons)} persons: by id`, `p50 ${ms(s.byId1.latency.p50)} ms (nested ${ms(s.byIdNested1.latency.p50)} ms); ${int(s.byId10.rps)} req/s at ${f.meta.connections} conns`]);
    rows.push([`${int(s.persons)} persons: filtered lists`, `name p50 ${ms(s.listName.latency.p50)} ms, nationality p50 ${ms(s.listNationality.latency.p50)} ms; member peak ${mib(s.memberPeakKb)} MiB`]);
    rows.push([`${int(s.persons)} persons: through the gateway`, `by id p50 ${ms(s.viaGateway.byId1.latency.p50)} ms, name p50 ${ms(s.viaGateway.listName.latency.p50)} ms, nationality p50 ${ms(s.viaGateway.listNationality.latency.p50)} ms`]);
  }
  rows.push(['authorization, mixed lists', `${f.authz.ratio.toFixed(2)}× unguarded`]);
  for (const s of f.pseudonymCheck?.series ?? []) {
    rows.push([`pseudonymised ${s.key} check over ${f.pseudonymCheck!.members}`, `p50 ${ms(s.parts.whole.p50)} ms, p99 ${ms(s.parts.whole.p99)} ms (evaluation ${ms(s.parts.evaluate.p50)} ms, hits ${ms(s.parts.hits.p50)} ms)`]);
  }
  const ix = f.pseudonymIndex;
  if (ix) {
    const rate = (r: { rows: number; importMs: number }) => int(r.rows / (r.importMs / 1000));
    rows.push([`import of ${int(ix.rows)} rows, without / with index`, `${rate(ix.without.first)} / ${rate(ix.with.first)} rows/s; indexed (settled) ${int(ix.with.first.persons / (ix.with.first.settledMs / 1000))} persons/s`]);
  }
  for (const [i, x] of g.list.entries()) rows.push([`goal ${i + 1}: ${verdictOf(x)}`, `${x.goal} — ${x.figure}`]);
  const w = Math.max(...rows.map((r) => r[0].length));
  return rows.map((r, i) => `${r[0].padEnd(w)}  ${r[1]}${i === 0 ? `\n${'-'.repeat(w)}  ${'-'.repeat(50)}` : ''}`).join('\n');
}
