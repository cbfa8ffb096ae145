/**
 * What the sharing protocol costs: the same query over 1,000 persons with 15
 * fields, through the gateway, against two identical networks on loopback:
 * one whose members enforce the protocol, one whose members were started
 * without it (`enforceProtocol: false`, a start option for this benchmark that
 * no configuration reads). Requests are sequential and interleaved between the
 * two networks, so drift affects both alike. Prints the ratio and writes
 * scripts/bench/results/authz.md.
 *
 *   node scripts/dist/bench/authz.js [--persons 500] [--requests 30] [--warmup 5]
 *
 * The goal (issue 3) is at most 1.3 times the unguarded cost.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createTokenVerifier, KuzuStore, type Role } from '@enlace/common';
import { startGateway, type RunningGateway } from '@enlace/gateway';
import { startMember, type RunningMember } from '@enlace/member';
import { seedSecretariat, startSecretariat, type RunningSecretariat } from '@enlace/secretariat';
import { ensureDevIssuer, mintToken, type DevIssuer } from '../devIssuer';
import { parseFlags } from '../flags';
import { generateSecretariat } from '../seed/generate';
import { seedMember } from '../seed/load';

const flags = parseFlags(process.argv.slice(2), {
  persons: { default: '500', pattern: /^[1-9]\d*$/, hint: 'persons per member (two members; each answers at most 500)' },
  requests: { default: '30', pattern: /^[1-9]\d*$/, hint: 'measured requests per network and scenario' },
  warmup: { default: '5', pattern: /^\d+$/, hint: 'unmeasured requests first' },
  out: { default: resolve(__dirname, '..', '..', 'bench', 'results', 'authz.md'), pattern: /^.+$/, hint: 'the results file' },
});
const PERSONS = Number(flags.persons);
const PER_MEMBER = Math.min(PERSONS, 500);
const COUNTRIES = ['AR', 'CO'];
const SEED = 42;

/** 15 fields per person: 11 of Person, and 2 lists with one field each. */
const QUERY = `query Bench($n: Int!) { persons(first: $n) {
  id country givenNames familyNames fullName aliases sex dateOfBirth ageBand minor nationalities
  documents { number } involvements { category }
} }`;
const FIELDS = 15;

interface Network {
  label: string;
  gateway: RunningGateway;
  members: RunningMember[];
  secretariat: RunningSecretariat;
}

async function startBenchNetwork(label: string, issuer: DevIssuer, enforceProtocol: boolean): Promise<Network> {
  const verifier = createTokenVerifier([issuer.trusted]);
  const secretariatStore = new KuzuStore({ path: ':memory:', bufferPoolBytes: 64 * 1024 * 1024 });
  await seedSecretariat(secretariatStore, generateSecretariat(COUNTRIES, SEED));
  const secretariat = await startSecretariat({ store: secretariatStore, verifier });
  const members: RunningMember[] = [];
  for (const country of COUNTRIES) {
    const store = new KuzuStore({ path: ':memory:', bufferPoolBytes: 256 * 1024 * 1024 });
    await seedMember(store, country, { persons: PERSONS, seed: SEED });
    members.push(await startMember({ country, store, verifier, secretariatUrl: secretariat.url, enforceProtocol }));
  }
  const gateway = await startGateway({
    directory: new Map(members.map((m) => [m.country, m.url] as const)),
    secretariatUrl: secretariat.url,
    verifier,
    memberTimeoutMs: 30_000,
  });
  return { label, gateway, members, secretariat };
}

async function closeNetwork(n: Network): Promise<void> {
  await n.gateway.close();
  for (const m of n.members) await m.close();
  await n.secretariat.close();
}

interface Run {
  ms: number[];
  persons: number;
  errors: number;
  bytes: number;
  storeQueries: number;
}

async function once(n: Network, headers: Record<string, string>): Promise<{ ms: number; persons: number; errors: number; bytes: number }> {
  const started = performance.now();
  const res = await fetch(n.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: QUERY, variables: { n: PER_MEMBER } }) });
  const text = await res.text();
  const ms = performance.now() - started;
  const body = JSON.parse(text) as { data?: { persons?: unknown[] }; errors?: Array<{ extensions?: { code?: string } }> };
  if (!body.data?.persons) throw new Error(`${n.label}: no persons in the answer: ${text.slice(0, 300)}`);
  const unexpected = (body.errors ?? []).filter((e) => e.extensions?.code !== 'FORBIDDEN');
  if (unexpected.length) throw new Error(`${n.label}: unexpected errors: ${JSON.stringify(unexpected.slice(0, 3))}`);
  return { ms, persons: body.data.persons.length, errors: body.errors?.length ?? 0, bytes: text.length };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function measure(networks: Network[], headers: Record<string, string>): Promise<Map<string, Run>> {
  const runs = new Map<string, Run>(networks.map((n) => [n.label, { ms: [], persons: 0, errors: 0, bytes: 0, storeQueries: 0 }]));
  for (let i = 0; i < Number(flags.warmup); i++) for (const n of networks) await once(n, headers);
  for (let i = 0; i < Number(flags.requests); i++) {
    // Alternate which network goes first, so neither always runs on a warmer machine.
    for (const n of i % 2 ? [...networks].reverse() : networks) {
      const before = n.members.reduce((s, m) => s + m.store.stats.queries, 0);
      const r = await once(n, headers);
      const run = runs.get(n.label)!;
      run.ms.push(r.ms);
      run.persons = r.persons;
      run.errors = r.errors;
      run.bytes = r.bytes;
      run.storeQueries = n.members.reduce((s, m) => s + m.store.stats.queries, 0) - before;
    }
  }
  return runs;
}

interface Scenario {
  name: string;
  caller: { country: string; roles: Role[] };
  note: string;
}

const SCENARIOS: Scenario[] = [
  { name: 'Argentine prosecutor, own and foreign records', caller: { country: 'AR', roles: ['prosecutor'] }, note: `${PER_MEMBER} own persons (all granted) and ${PER_MEMBER} Colombian persons (minors filtered out, victims' and witnesses' identities denied)` },
  { name: 'Peruvian prosecutor, foreign records only', caller: { country: 'PE', roles: ['prosecutor'] }, note: 'every person foreign: filtering and denials on all of them' },
  { name: 'Argentine analyst, own and foreign records', caller: { country: 'AR', roles: ['analyst'] }, note: 'identities denied more widely' },
];

async function main(): Promise<void> {
  const keys = mkdtempSync(join(tmpdir(), 'enlace-bench-keys-'));
  const issuer = await ensureDevIssuer(keys);
  console.log(`seeding two networks of ${COUNTRIES.length} members × ${PERSONS} persons…`);
  const enforced = await startBenchNetwork('enforced', issuer, true);
  const off = await startBenchNetwork('off', issuer, false);
  const rows: string[] = [];
  const summary: Array<{ scenario: string; ratio: number }> = [];
  try {
    for (const s of SCENARIOS) {
      const token = await mintToken(issuer, { ...s.caller, expiresIn: '1h' });
      const headers = { authorization: `Bearer ${token}`, 'x-enlace-purpose': 'Benchmark of the sharing protocol', 'x-enlace-case-ref': 'BENCH-1' };
      const runs = await measure([enforced, off], headers);
      const e = runs.get('enforced')!;
      const o = runs.get('off')!;
      const ratio = median(e.ms) / median(o.ms);
      summary.push({ scenario: s.name, ratio });
      console.log(`${s.name}: enforced median ${median(e.ms).toFixed(1)} ms (${e.persons} persons, ${e.errors} denials), off median ${median(o.ms).toFixed(1)} ms (${o.persons} persons): ratio ${ratio.toFixed(2)}`);
      rows.push(
        `| ${s.name} | ${e.persons} / ${o.persons} | ${e.errors} | ${median(e.ms).toFixed(1)} | ${median(o.ms).toFixed(1)} | ${percentile(e.ms, 90).toFixed(1)} / ${percentile(o.ms, 90).toFixed(1)} | ${mean(e.ms).toFixed(1)} / ${mean(o.ms).toFixed(1)} | ${e.storeQueries} / ${o.storeQueries} | **${ratio.toFixed(2)}×** |`,
      );
    }
  } finally {
    await closeNetwork(enforced);
    await closeNetwork(off);
    rmSync(keys, { recursive: true, force: true });
  }

  const headline = summary[0];
  const worst = Math.max(...summary.map((s) => s.ratio));
  const report = `# Cost of the sharing protocol (authorization)

Generated by \`node scripts/dist/bench/authz.js --persons ${PERSONS} --requests ${flags.requests} --warmup ${flags.warmup}\` on ${new Date().toISOString().slice(0, 10)}
(Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}).

The same query, ${FIELDS} fields of each of ${PER_MEMBER * COUNTRIES.length} persons (\`persons(first: ${PER_MEMBER})\` answered by ${COUNTRIES.join(' and ')},
${PER_MEMBER} persons each), sent through the gateway to two identical networks on loopback: one whose members
enforce the protocol (graphql-shield rules built from schema/protocol/v1.json, list filtering,
searches limited to what the caller may read), one whose members were started with
\`enforceProtocol: false\` (a start option for benchmarks, read by no configuration).
${flags.requests} sequential requests per network and scenario after ${flags.warmup} warm-up requests, interleaved.

\`\`\`graphql
${QUERY}
\`\`\`

| Scenario | Persons (enforced / off) | Denials | Median enforced, ms | Median off, ms | p90, ms (enforced / off) | Mean, ms (enforced / off) | Store queries per request (enforced / off) | Ratio (medians) |
|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

${SCENARIOS.map((s) => `- *${s.name}*: ${s.note}.`).join('\n')}

**Headline: ${headline.ratio.toFixed(2)}× the unguarded cost** (${headline.scenario.toLowerCase()}); the highest of the scenarios is ${worst.toFixed(2)}×. Goal: at most 1.3×.

Where the cost goes, and what keeps it low: every field of the schema has a rule (deny by default),
but rules that grant everyone are graphql-shield's constant \`allow\`; the other rules are first
narrowed to the caller once per request (most become a constant grant or denial), and what still
depends on the record is decided once per rule and record and memoised, with the facts (a person's
categories, the handling codes of their cases) read through the request's DataLoaders: two batched
store queries per member for a whole list. The enforced answer for foreign callers is also larger:
one FORBIDDEN error per withheld field.
`;
  mkdirSync(resolve(flags.out, '..'), { recursive: true });
  writeFileSync(flags.out, report);
  console.log(`\nheadline ratio ${headline.ratio.toFixed(2)}× (goal ≤ 1.3×); wrote ${flags.out}`);
}

main().catch((err: unknown) => {
  console.error(`benchmark failed: ${(err as Error)?.stack ?? String(err)}`);
  process.exit(1);
});
