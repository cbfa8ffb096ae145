/**
 * Section 1 of `npm run bench`: the gateway's overhead. One query directly at a
 * member, through Enlace's gateway, a stock @apollo/gateway (twice: node:http and
 * its standalone server) and Hive Gateway, side by side (requests/s, latency, CPU
 * per request, RSS), each server in its own process.
 */
import { combine, gql, load, ms, OVERHEAD_QUERY, type Child, type LoadResult } from '../lib';
import type { OverheadFigures, OverheadRow } from '../report';
import { body, expectClean, line, type BenchRun, type TrustEnv } from '../benchRun';

export async function gatewayOverhead(bench: BenchRun, trusted: TrustEnv, headers: Record<string, string>): Promise<OverheadFigures> {
  const { settings } = bench;
  bench.say('1/4 gateway overhead: starting a member (AR, 200 persons), Enlace\'s gateway, two stock @apollo/gateway servers and Hive Gateway, each its own process…');
  const membersP = bench.serverProcess('overhead-member', trusted);
  const { members, secretariatUrl } = await membersP.call<{ members: Array<{ url: string }>; secretariatUrl: string }>('members', {
    countries: ['AR'], persons: 200, seed: settings.seed, bufferPoolMb: 64, readConnections: 2, secretariat: true,
  });
  const memberUrl = members[0].url;
  const gatewayP = bench.serverProcess('overhead-gateway', trusted);
  const stockP = bench.serverProcess('overhead-stock', trusted);
  const standaloneP = bench.serverProcess('overhead-stock-standalone', trusted);
  const hiveP = bench.serverProcess('overhead-hive', trusted);
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
  const WARMUP = settings.quick ? 1 : 2;
  for (const t of targets) await load({ url: t.url, headers, body: body(OVERHEAD_QUERY), connections: settings.connections, seconds: WARMUP });
  // Two rounds, the second in reverse order, so that no target always runs first or last.
  const runs = new Map<string, { results: LoadResult[]; gatewayCpu: number; memberCpu: number; roundGatewayCpuMs: number[] }>(
    targets.map((t) => [t.key, { results: [], gatewayCpu: 0, memberCpu: 0, roundGatewayCpuMs: [] }]),
  );
  const ROUNDS = 2;
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of round % 2 ? [...targets].reverse() : targets) {
      const cpu0 = await Promise.all([membersP.call<number>('cpu'), t.process?.call<number>('cpu') ?? 0]);
      const result = await load({ url: t.url, headers, body: body(OVERHEAD_QUERY), connections: settings.connections, seconds: settings.seconds, expectBody: expected.get(t.key) });
      const cpu1 = await Promise.all([membersP.call<number>('cpu'), t.process?.call<number>('cpu') ?? 0]);
      const run = runs.get(t.key)!;
      run.results.push(result);
      run.memberCpu += cpu1[0] - cpu0[0];
      run.gatewayCpu += cpu1[1] - cpu0[1];
      if (t.process) run.roundGatewayCpuMs.push((cpu1[1] - cpu0[1]) / result.requests);
      bench.say(`    round ${round + 1}/${ROUNDS}, ${t.label}: ${line(result)}${t.process ? `; gateway CPU ${ms((cpu1[1] - cpu0[1]) / result.requests, 2)} ms per request` : ''}`);
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
  for (const r of rows) bench.say(`    ${r.label}, both rounds: ${line(r.result)}; CPU per request: ${r.gatewayCpuMs !== null ? `gateway ${ms(r.gatewayCpuMs, 2)} ms, ` : ''}member ${ms(r.memberCpuMs, 2)} ms`);
  const peakKb = {
    'overhead member (+ secretariat)': await bench.closeServer(membersP),
    'Enlace gateway': await bench.closeServer(gatewayP),
    'stock gateway (node:http)': await bench.closeServer(stockP),
    'stock gateway (standalone)': await bench.closeServer(standaloneP),
    'Hive Gateway': await bench.closeServer(hiveP),
  };
  return { query: OVERHEAD_QUERY, persons, rounds: ROUNDS, warmupSeconds: WARMUP, rows, peakKb };
}
