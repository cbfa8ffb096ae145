/**
 * Section 4 of `npm run bench`: the embedded store at scale. Seeding
 * (scripts/dist/seed.js) and a member process (subgraphs/member/dist/main.js) on
 * 100,000 and 1,000,000 persons, by id and filtered lists at the member and
 * through a gateway, and the same store probed in this process.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { makeId } from '@enlace/platform';
import { KuzuStore } from '@enlace/store';
import { listPersons, personsByIds, prepareMemberStore } from '@enlace/member';
import { Child, cpuMark, gql, int, load, mib, ms, perProcessMs, processTicks, root, summarise, USER_HZ, waitHealthy, type LoadResult } from '../lib';
import type { ScaleRow, StoreProbe } from '../report';
import { body, expectClean, line, type BenchRun, type TrustEnv } from '../benchRun';

const BY_ID_QUERY = `query ById($id: ID!) { person(id: $id) { id fullName dateOfBirth nationalities } }`;
const BY_ID_NESTED_QUERY = `query ByIdNested($id: ID!) { person(id: $id) { id fullName dateOfBirth nationalities documents { type number } cases { id offences status } } }`;
const LIST_QUERY = `query ByName { persons(filter: { name: "quispe" }, first: 20) { id fullName nationalities } }`;
const LIST_NATIONALITY_QUERY = `query ByNationality { persons(filter: { nationality: "VE" }, first: 20) { id fullName nationalities } }`;
/** The queries of this section, as the results list them. */
export const SCALE_QUERIES = [BY_ID_QUERY, BY_ID_NESTED_QUERY, LIST_QUERY, LIST_NATIONALITY_QUERY];

function duBytes(path: string): number {
  try {
    return Number(execFileSync('du', ['-sb', path], { encoding: 'utf8' }).split('\t')[0]);
  } catch {
    return NaN;
  }
}

/**
 * The gateway path of section 4: a gateway over the member at scale (AR) and
 * two small in-memory members (BO and CO, 1,000 persons each; the secretariat
 * beside BO) — three members, as the goal puts it, without seeding
 * three large stores on one machine. A list waits for the last of the three to
 * answer, and all of them share the machine's cores with the gateway (for an AR
 * caller, BO's and CO's records are foreign: they cost those members more than
 * AR's own search costs AR). Each small member has a process of its own, as in
 * production: in one process, BO's and CO's answers took turns on its event loop.
 */
export interface ScaleNetwork {
  companions: Record<'BO' | 'CO', Child>;
  gateways: Child;
  directory: Array<[string, string]>;
  secretariatUrl: string;
}

export async function startScaleNetwork(bench: BenchRun, trusted: TrustEnv): Promise<ScaleNetwork> {
  const { settings } = bench;
  const companions = { BO: bench.serverProcess('scale-member-BO', trusted), CO: bench.serverProcess('scale-member-CO', trusted) };
  const gateways = bench.serverProcess('scale-gateways', trusted);
  type Started = { members: Array<{ country: string; url: string }>; secretariatUrl?: string };
  const common = { persons: 1000, seed: settings.seed, bufferPoolMb: 64, /* the store's own read connections, as in production */ secretariatCountries: ['AR', 'BO', 'CO'] };
  const [bo, co] = await Promise.all([
    companions.BO.call<Started>('members', { ...common, countries: ['BO'], secretariat: true }, 300_000),
    companions.CO.call<Started>('members', { ...common, countries: ['CO'] }, 300_000),
  ]);
  const directory = [...bo.members, ...co.members].map((m): [string, string] => [m.country, m.url]);
  return { companions, gateways, directory, secretariatUrl: bo.secretariatUrl! };
}

export async function atScale(bench: BenchRun, persons: number, trusted: TrustEnv, headers: Record<string, string>, net: ScaleNetwork): Promise<ScaleRow> {
  const { settings } = bench;
  const dir = join(bench.work, `scale-${persons}`);
  bench.say(`4/4 store at scale: seeding ${int(persons)} persons with scripts/dist/seed.js (its own process)…`);
  const t0 = Date.now();
  const seedMark = cpuMark(bench.livePids());
  const seedP = new Child({
    name: 'seed',
    script: join(root, 'scripts', 'dist', 'seed.js'),
    args: ['--countries', 'AR', '--scale', String(persons), '--seed', String(settings.seed), '--data-dir', dir],
    log: join(bench.logs, `seed-${persons}.log`),
    echo: (l) => /seeding AR|records\/s/.test(l),
  });
  bench.adopt(seedP);
  let summary: RegExpExecArray | null = null;
  void seedP.waitForLine(/— ([\d,]+) records in ([\d.]+) s \(([\d,]+) records\/s, ([\d,]+) persons\/s\)/, 3_600_000).then((m) => (summary = m), () => undefined);
  const code = await seedP.exited;
  bench.noteOtherWork(`4. seeding ${int(persons)}`, seedMark);
  const wallSeconds = (Date.now() - t0) / 1000;
  if (code !== 0 || !summary) throw new Error(`seeding ${persons} failed (exit ${code})\n${seedP.tail()}`);
  const m = summary as RegExpExecArray;
  const num = (s: string) => Number(s.replace(/,/g, ''));
  const storePath = join(dir, 'ar', 'member.kuzu');
  const seed = {
    records: num(m[1]), seconds: Number(m[2]), recordsPerSecond: num(m[3]), personsPerSecond: num(m[4]), wallSeconds,
    peakKb: seedP.peak(), storeBytes: duBytes(join(dir, 'ar')),
  };

  bench.say(`    starting a member process (subgraphs/member/dist/main.js) on the ${int(persons)}-person store…`);
  const measureMark = cpuMark(bench.livePids());
  const t1 = Date.now();
  const memberP = new Child({
    name: 'member',
    script: join(root, 'subgraphs', 'member', 'dist', 'main.js'),
    env: { MEMBER_COUNTRY: 'AR', PORT: '0', HOST: '127.0.0.1', KUZU_PATH: storePath, ...trusted },
    log: join(bench.logs, `member-${persons}.log`),
  });
  bench.adopt(memberP);
  const url = (await memberP.waitForLine(/listening on (http:\/\/127\.0\.0\.1:\d+\/graphql)/, 120_000))[1];
  await waitHealthy(url.replace(/graphql$/, 'health'), memberP);
  const memberStartSeconds = (Date.now() - t1) / 1000;

  const last = persons; // the seeded persons 1 … <persons>: makeId('AR', 'P', n)
  const check = await gql(url, BY_ID_QUERY, { id: makeId('AR', 'P', last) }, headers);
  expectClean('by id', check);
  if (!(check.body.data?.person as { id?: string } | null)?.id) throw new Error(`${makeId('AR', 'P', last)} not found at the member`);
  const randomId = (q: string) => () => body(q, { id: makeId('AR', 'P', 1 + Math.floor(Math.random() * last)) });
  const found = (b: string) => b.startsWith('{"data":{"person":{"id":"AR:P:') && !b.includes('"errors"');
  await load({ url, headers, body: randomId(BY_ID_NESTED_QUERY), connections: settings.connections, seconds: 1 });
  const byId1 = await load({ url, headers, body: randomId(BY_ID_QUERY), connections: 1, seconds: settings.seconds, verifyBody: found });
  bench.say(`    by id, one client: ${line(byId1)}`);
  const byIdNested1 = await load({ url, headers, body: randomId(BY_ID_NESTED_QUERY), connections: 1, seconds: settings.seconds, verifyBody: found });
  bench.say(`    by id with documents and cases, one client: ${line(byIdNested1)}`);
  const byId10 = await load({ url, headers, body: randomId(BY_ID_QUERY), connections: settings.connections, seconds: settings.seconds, verifyBody: found });
  bench.say(`    by id, ${settings.connections} connections: ${line(byId10)}`);
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
    const res = await load({ url, headers, body: body(l.q), connections: 1, seconds: settings.seconds, expectBody: r.text });
    listResults.push(res);
    bench.say(`    filtered list (${l.label}, first 20), one client: ${line(res)}`);
  }
  // The same three queries through a gateway over this member and the two small ones.
  const { url: gatewayUrl } = await net.gateways.call<{ url: string }>('gateway', { directory: [['AR', url], ...net.directory], secretariatUrl: net.secretariatUrl, memberTimeoutMs: 30_000 });
  await load({ url: gatewayUrl, headers, body: randomId(BY_ID_QUERY), connections: 1, seconds: 1 });
  const viaGateway: ScaleRow['viaGateway'] = { byId1: await load({ url: gatewayUrl, headers, body: randomId(BY_ID_QUERY), connections: 1, seconds: settings.seconds, verifyBody: found }) } as ScaleRow['viaGateway'];
  bench.say(`    through the gateway over AR and two small members: by id, one client: ${line(viaGateway.byId1)}`);
  const cpuPerRequest = {} as ScaleRow['viaGateway']['cpuPerRequest'];
  for (const [i, l] of lists.entries()) {
    const r = await gql(gatewayUrl, l.q, {}, headers);
    expectClean(`${l.label} through the gateway`, r, ['FORBIDDEN']);
    // Warmed like the member's own path, which has served since it started: BO and CO have sat idle
    // since the last scale, and a process's first thousand requests or so cost it up to twice the CPU
    // of later ones (V8 compiles its hot functions as they run).
    await load({ url: gatewayUrl, headers, body: body(l.q), connections: 1, seconds: settings.seconds });
    const cpu = cpuOf({ gateway: net.gateways, 'member AR': memberP, 'member BO': net.companions.BO, 'member CO': net.companions.CO });
    const res = await load({ url: gatewayUrl, headers, body: body(l.q), connections: 1, seconds: settings.seconds, expectBody: r.text });
    const key = i ? 'listNationality' : 'listName';
    viaGateway[key] = res;
    cpuPerRequest[key] = cpu(res.requests);
    bench.say(`    through the gateway: filtered list (${l.label}, first 20), one client: ${line(res)}; CPU per request: ${perProcessMs(cpuPerRequest[key])}`);
  }
  viaGateway.cpuPerRequest = cpuPerRequest;
  const memberPeakKb = await memberP.stop();
  const store = await storeProbe(storePath, persons);
  bench.noteOtherWork(`4. ${int(persons)} persons: member and store`, measureMark);
  bench.say(`    in the store itself: the member's batched lookup by id p50 ${ms(store.byIdBatched.p50, 2)} ms, a primary-key equality p50 ${ms(store.byIdKey.p50, 2)} ms, the name filter p50 ${ms(store.listName.p50, 2)} ms`);
  bench.say(`    seeding ${int(seed.records)} records: ${int(seed.recordsPerSecond)} records/s; peak memory: seed ${mib(seed.peakKb)} MiB, member ${mib(memberPeakKb)} MiB`);
  rmSync(dir, { recursive: true, force: true });
  return {
    persons, seed, memberStartSeconds, byId1, byIdNested1, byId10,
    listName: listResults[0], listNationality: listResults[1], listNamePersons: listCounts[0], listNationalityPersons: listCounts[1],
    memberPeakKb, store, viaGateway,
  };
}

/**
 * Each process's CPU time per request from now on (user + system, from /proc: ticks of 1/USER_HZ s,
 * so a few hundred requests make a figure), to tell where a request's work is done.
 */
function cpuOf(processes: Record<string, Child>): (requests: number) => Record<string, number> {
  const ticks = () => Object.values(processes).map((c) => (c.process.pid ? processTicks(c.process.pid) : NaN));
  const before = ticks();
  return (requests) => {
    const after = ticks();
    return Object.fromEntries(Object.keys(processes).map((name, i) => [name, ((after[i] - before[i]) * (1000 / USER_HZ)) / Math.max(1, requests)]));
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
