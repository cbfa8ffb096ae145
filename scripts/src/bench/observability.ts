/**
 * What metrics and logs cost (issue 10): the bench's overhead query through
 * Enlace's gateway to one member (AR, 200 persons), with two networks side by
 * side, each process its own: one with neither (ENLACE_LOG_LEVEL=silent, no
 * ENLACE_METRICS), one as an operated network runs (a JSON line per request at
 * info, ENLACE_METRICS set, /metrics scraped meanwhile). The servers read the
 * production settings; nothing here is a switch of their own. Alternating rounds
 * after a warm-up; writes scripts/bench/results/observability.md.
 *
 *   node scripts/dist/bench/observability.js [--seconds 5] [--rounds 6] [--connections 10]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ensureDevTrust, mintToken } from '../devIssuer';
import { parseFlags } from '../flags';
import { benchDist, Child, combine, faults, gql, int, load, ms, OVERHEAD_QUERY, root, type LoadResult } from './lib';

const flags = parseFlags(process.argv.slice(2), {
  seconds: { default: '5', pattern: /^[1-9]\d*$/, hint: 'seconds per round and network' },
  rounds: { default: '6', pattern: /^[1-9]\d*$/, hint: 'rounds per network, in alternating order' },
  connections: { default: '10', pattern: /^[1-9]\d*$/, hint: 'concurrent connections' },
});
const SECONDS = Number(flags.seconds);
const ROUNDS = Number(flags.rounds);
const CONNECTIONS = Number(flags.connections);
const METRICS_TOKEN = 'bench-metrics-token-0123456789abcdef';
const CONFIGS = {
  off: { label: 'no metrics, no logs (ENLACE_LOG_LEVEL=silent)', env: { ENLACE_LOG_LEVEL: 'silent' } },
  on: { label: `metrics and a log line per request (ENLACE_METRICS, ENLACE_LOG_LEVEL=info)`, env: { ENLACE_LOG_LEVEL: 'info', ENLACE_METRICS: `token:${METRICS_TOKEN}` } },
} as const;
type Key = keyof typeof CONFIGS;

const work = mkdtempSync(join(tmpdir(), 'enlace-bench-obs-'));
const children: Child[] = [];
const say = (line: string) => console.log(line);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

async function main(): Promise<void> {
  const trust = await ensureDevTrust(join(work, 'keys'), ['AR']);
  const trusted = { ...trust.env, ...trust.gatewayEnv, ENLACE_GATEWAY_JWKS: trust.gateway.jwksPath };
  const token = await mintToken(trust.issuer, { country: 'AR', roles: ['prosecutor'], expiresIn: '2h' });
  const headers = { authorization: `Bearer ${token}`, 'x-enlace-purpose': 'Benchmark of the gateway', 'x-enlace-case-ref': 'BENCH-1' };
  mkdirSync(join(work, 'logs'));
  const spawnServer = (name: string, env: Record<string, string>) => {
    const child = new Child({ name, script: join(benchDist, 'serve.js'), env: { ...trusted, ...env }, log: join(work, 'logs', `${name}.log`), ipc: true });
    children.push(child);
    return child;
  };

  say(`observability cost: two networks (member AR with 200 persons and the secretariat in one process, the gateway in another), ${ROUNDS} rounds of ${SECONDS} s, ${CONNECTIONS} connections`);
  const networks = await Promise.all((Object.keys(CONFIGS) as Key[]).map(async (key) => {
    const members = spawnServer(`${key}-members`, CONFIGS[key].env);
    const gateway = spawnServer(`${key}-gateway`, CONFIGS[key].env);
    const started = await members.call<{ members: Array<{ url: string }>; secretariatUrl: string }>('members', {
      countries: ['AR'], persons: 200, seed: 42, bufferPoolMb: 64, readConnections: 2, secretariat: true,
    });
    const { url } = await gateway.call<{ url: string }>('gateway', { directory: [['AR', started.members[0].url]], secretariatUrl: started.secretariatUrl });
    return { key, url, memberUrl: started.members[0].url, members, gateway };
  }));

  const body = JSON.stringify({ query: OVERHEAD_QUERY, variables: {} });
  const expected = new Map<Key, string>();
  for (const n of networks) {
    const r = await gql(n.url, OVERHEAD_QUERY, {}, headers);
    if (r.status !== 200 || r.body.errors) throw new Error(`${n.key}: ${r.text.slice(0, 300)}`);
    expected.set(n.key, r.text);
  }
  if (expected.get('off') !== expected.get('on')) throw new Error('the two networks answered differently');
  for (const n of networks) await load({ url: n.url, headers, body, connections: CONNECTIONS, seconds: 2 });

  // A Prometheus scraping every second, as it would (its default is 15 s: this is the harsher case).
  const on = networks.find((n) => n.key === 'on')!;
  const scrapeUrls = [on.url, on.memberUrl].map((u) => new URL('/metrics', u).toString());
  const scraper = setInterval(() => {
    for (const u of scrapeUrls) void fetch(u, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }).then((r) => r.text(), () => undefined);
  }, 1000);

  const runs = new Map<Key, LoadResult[]>(networks.map((n) => [n.key, []]));
  const cpu = new Map<Key, number>(networks.map((n) => [n.key, 0]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const n of round % 2 ? [...networks].reverse() : networks) {
      const before = await Promise.all([n.members.call<number>('cpu'), n.gateway.call<number>('cpu')]);
      const result = await load({ url: n.url, headers, body, connections: CONNECTIONS, seconds: SECONDS, expectBody: expected.get(n.key) });
      const after = await Promise.all([n.members.call<number>('cpu'), n.gateway.call<number>('cpu')]);
      cpu.set(n.key, cpu.get(n.key)! + after[0] - before[0] + after[1] - before[1]);
      runs.get(n.key)!.push(result);
      say(`    round ${round + 1}/${ROUNDS}, ${n.key}: ${int(result.rps)} req/s, p50 ${ms(result.latency.p50)} ms, p99 ${ms(result.latency.p99)} ms${faults(result) ? `; ${faults(result)}` : ''}`);
    }
  }
  clearInterval(scraper);
  const scraped = await (await fetch(scrapeUrls[0], { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  if (!/enlace_member_request_duration_seconds_count\{member="AR"\} [1-9]/.test(scraped)) throw new Error('the gateway\'s /metrics shows no member requests');

  const rows = (Object.keys(CONFIGS) as Key[]).map((key) => {
    const results = runs.get(key)!;
    const result = combine(results);
    return { key, label: CONFIGS[key].label, result, roundRps: results.map((r) => r.rps), cpuMs: cpu.get(key)! / result.requests };
  });
  const [off, withBoth] = rows;
  const roundCosts = off.roundRps.map((rps, i) => 1 - withBoth.roundRps[i] / rps);
  const sorted = [...roundCosts].sort((a, b) => a - b);
  const median = (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2;
  const throughputCost = 1 - withBoth.result.rps / off.result.rps;
  const cpuCost = withBoth.cpuMs / off.cpuMs - 1;
  for (const r of rows) say(`    ${r.label}: ${int(r.result.rps)} req/s, p50 ${ms(r.result.latency.p50)} ms; CPU (gateway + member) ${ms(r.cpuMs, 3)} ms per request`);
  say(`    metrics and logs cost ${pct(throughputCost)} of throughput over all rounds, ${pct(median)} in the median round, ${pct(cpuCost)} CPU per request`);

  const command = `node scripts/dist/bench/observability.js${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}`;
  const md = join(root, 'scripts', 'bench', 'results', 'observability.md');
  writeFileSync(md, `# The cost of metrics and logs

Generated by \`${command}\` on ${new Date().toISOString().slice(0, 10)}; ${SECONDS} s per round, ${CONNECTIONS} connections, ${ROUNDS} rounds per network in alternating order after a 2 s warm-up.

The bench's overhead query through Enlace's gateway to one member (AR, 200 persons); two networks, each with the member (and the
secretariat) in one process and the gateway in another. With metrics, /metrics of the gateway and of the member is scraped every second.

\`\`\`graphql
${OVERHEAD_QUERY}
\`\`\`

| network | req/s | p50 ms | p99 ms | CPU per request (gateway + member) | rounds (req/s) |
| --- | ---: | ---: | ---: | ---: | --- |
${rows.map((r) => `| ${r.label} | ${int(r.result.rps)} | ${ms(r.result.latency.p50)} | ${ms(r.result.latency.p99)} | ${ms(r.cpuMs, 3)} ms | ${r.roundRps.map(int).join(', ')} |`).join('\n')}

**Metrics and logs cost ${pct(throughputCost)} of throughput** over all rounds (${int(withBoth.result.rps)} vs ${int(off.result.rps)} req/s);
round by round: ${roundCosts.map(pct).join(', ')}, median ${pct(median)}. CPU per request: ${pct(cpuCost)}.
`);
  say(`wrote ${relative(process.cwd(), md)}`);
}

main()
  .catch((err: unknown) => {
    console.error(`observability bench failed: ${(err as Error)?.stack ?? String(err)}`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await Promise.all(children.map((c) => c.call('close', {}, 30_000).catch(() => undefined).then(() => c.stop())));
    rmSync(work, { recursive: true, force: true });
  });
