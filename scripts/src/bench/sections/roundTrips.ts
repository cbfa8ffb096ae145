/**
 * Section 3 of `npm run bench`: store round trips of a nested query at 10 and
 * 1,000 records, directly at a member and through the gateway (the members count
 * their store reads).
 */
import { gql } from '../lib';
import type { RoundTripFigures, RoundTripRow } from '../report';
import { expectClean, type BenchRun, type TrustEnv } from '../benchRun';

const NESTED_QUERY = `query Nested($n: Int!) { persons(first: $n) { id fullName cases { id offences involved { category person { id fullName } } } } }`;

export async function roundTrips(bench: BenchRun, trusted: TrustEnv, headers: Record<string, string>): Promise<RoundTripFigures> {
  const { settings } = bench;
  bench.say('3/4 store round trips: starting two members (AR and CO, 1,000 persons each) and a gateway…');
  const membersP = bench.serverProcess('roundtrip-members', trusted);
  const { members, secretariatUrl } = await membersP.call<{ members: Array<{ country: string; url: string }>; secretariatUrl: string }>(
    'members', { countries: ['AR', 'CO'], persons: 1000, seed: settings.seed, bufferPoolMb: 64, readConnections: 2, secretariat: true, trace: true }, 300_000,
  );
  const gatewayP = bench.serverProcess('roundtrip-gateway', trusted);
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
    // Not counted: a member's first person list since its last write also reads what it relies on of
    // the table's first rows (kept until the next write: repository.ts, firstRowsFacts).
    expectClean(`${c.path}, first ${c.first} (unmeasured)`, await gql(c.url, NESTED_QUERY, { n: c.first }, headers), ['FORBIDDEN']);
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
    bench.say(`    ${c.path}, persons(first: ${c.first}): ${shape.persons} persons, ${shape.cases} cases, ${shape.involvedPersons} involved persons → store round trips ${Object.entries(trips).map(([k, v]) => `${k} ${v.join('/')}`).join(', ')}`);
  }
  const peakKb = { 'round-trip members ×2 (+ secretariat)': await bench.closeServer(membersP), 'round-trip gateway': await bench.closeServer(gatewayP) };
  return { query: NESTED_QUERY, rows, peakKb };
}
