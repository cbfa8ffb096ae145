/**
 * Section 2 of `npm run bench`: fan-out. A root query over 1…16 real members,
 * each behind a proxy that delays it by a fixed latency, then over cheap members
 * (the members' answers replayed after the same delay: the gateway's own cost),
 * and a gateway's memory under load over 16 of them.
 */
import { faults, gql, int, load, mib, ms, summarise } from '../lib';
import type { Hop } from '../proxy';
import type { FanOutFigures, FanOutSeries } from '../report';
import { body, COUNTRIES16, expectClean, line, type BenchRun, type TrustEnv } from '../benchRun';

/** Members per server process in the fan-out. */
const PER_PROCESS = 4;

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

export async function fanOut(bench: BenchRun, trusted: TrustEnv, headers: Record<string, string>): Promise<FanOutFigures> {
  const { settings } = bench;
  const most = Math.max(...settings.fanout);
  const countries = COUNTRIES16.slice(0, most);
  bench.say(`2/4 fan-out: starting ${most} real members (50 persons each, in-memory), each behind a ${settings.delay} ms delaying proxy, in ${Math.ceil(most / PER_PROCESS)} processes; a ${settings.delay} ms cheap member for each (replaying its answers), all in one more process; and the gateways…`);
  // Kùzu reserves 8 TiB of address space per database, so a process holds at most a few: four members each.
  const groups: string[][] = [];
  for (let i = 0; i < countries.length; i += PER_PROCESS) groups.push(countries.slice(i, i + PER_PROCESS));
  const memberPs = groups.map((_, i) => bench.serverProcess(`fanout-members-${i + 1}`, trusted));
  const replies = await Promise.all(
    groups.map((g, i) =>
      memberPs[i].call<{ members: Array<{ country: string; url: string; proxyUrl: string }>; secretariatUrl?: string }>(
        'members',
        { countries: g, persons: 50, seed: settings.seed, bufferPoolMb: 32, readConnections: 1, delayMs: settings.delay, secretariat: i === 0, secretariatCountries: countries },
        300_000,
      ),
    ),
  );
  const cheapP = bench.serverProcess('fanout-cheap-members', trusted);
  const cheapUrls = new Map(
    (await cheapP.call<Array<{ country: string; cheapUrl: string }>>('cheapMembers', { members: replies.flatMap((r) => r.members), delayMs: settings.delay }))
      .map((c) => [c.country, c.cheapUrl] as const),
  );
  const members = replies.flatMap((r) => r.members).map((m) => ({ ...m, cheapUrl: cheapUrls.get(m.country)! }));
  const secretariatUrl = replies[0].secretariatUrl!;
  const gatewaysP = bench.serverProcess('fanout-gateways', trusted);
  const mergeHops = async () => {
    const merged: Record<string, Hop[]> = {};
    for (const part of await Promise.all([...memberPs, cheapP].map((p) => p.call<Record<string, Hop[]>>('hops')))) {
      for (const [ref, h] of Object.entries(part)) (merged[ref] ??= []).push(...h);
    }
    return merged;
  };
  const seconds = Math.max(settings.quick ? 1 : 3, settings.seconds - 2);
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
      bench.say(`    ${s.key}: member AR directly ${line(s.direct)}; ${k.cheap ? 'its cheap member' : `behind its ${settings.delay} ms proxy`} p50 ${ms(s.proxied.latency.p50)} ms, p99 ${ms(s.proxied.latency.p99)} ms`);
    }
    for (const n of settings.fanout) {
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
        bench.say(`    ${q.key}, gateway over ${String(n).padStart(2)} ${k.what}: p50 ${ms(result.latency.p50)} ms, p99 ${ms(result.latency.p99)} ms (${int(result.requests)} requests${faults(result) ? `; ${faults(result)}` : ''}); member requests sent within ${ms(spread.p50, 2)} ms, slowest member answered after ${ms(critical.p50)} ms (p50s)`);
      }
    }
  }
  // The gateway's memory under load over the most members: a gateway process of its own (so that its resident set is this gateway's),
  // over the cheap members, at the throughput connections.
  const loadP = bench.serverProcess('fanout-gateway-under-load', trusted);
  const { url: loadUrl } = await loadP.call<{ url: string }>('gateway', { directory: members.map((m) => [m.country, m.cheapUrl]), secretariatUrl, memberTimeoutMs: 10_000 });
  const expected = await gql(loadUrl, FANOUT_QUERIES[0].query, {}, headers);
  expectClean(`gateway under load over ${most} cheap members`, expected);
  await load({ url: loadUrl, headers, body: body(FANOUT_QUERIES[0].query), connections: settings.connections, seconds: 1 });
  const cpu0 = await loadP.call<number>('cpu');
  const underLoadResult = await load({ url: loadUrl, headers, body: body(FANOUT_QUERIES[0].query), connections: settings.connections, seconds: settings.seconds, expectBody: expected.text });
  const cpu1 = await loadP.call<number>('cpu');
  const rssUnderLoad = (await loadP.call<{ rssKb: number } | null>('status'))?.rssKb ?? NaN;
  const underLoad = { members: most, result: underLoadResult, gatewayCpuMs: (cpu1 - cpu0) / underLoadResult.requests, rssKb: rssUnderLoad, peakKb: await bench.closeServer(loadP) };
  bench.say(`    gateway over ${most} cheap members at ${settings.connections} connections: ${line(underLoadResult)}; gateway CPU ${ms(underLoad.gatewayCpuMs, 2)} ms per request, RSS ${mib(underLoad.rssKb)} MiB (peak ${mib(underLoad.peakKb)} MiB)`);
  const peakKb: Record<string, number> = {};
  for (const [i, p] of memberPs.entries()) peakKb[`fan-out members ${groups[i].join(', ')} (+ their proxies${i === 0 ? ', secretariat' : ''})`] = await bench.closeServer(p);
  peakKb[`fan-out cheap members ×${most}`] = await bench.closeServer(cheapP);
  peakKb[`fan-out gateways ×${settings.fanout.length * kinds.length}`] = await bench.closeServer(gatewaysP);
  peakKb[`fan-out gateway over ${most} cheap members, under load`] = underLoad.peakKb;
  return { delayMs: settings.delay, seconds, membersPerProcess: PER_PROCESS, series, underLoad, peakKb };
}
