/**
 * What the cooperation grant check adds to a read (issue 8): a foreign
 * prosecutor reads one person of AR by id through the gateway, against three
 * otherwise identical networks on loopback sharing one secretariat (seeded,
 * with the demo grant to CO's prosecutor on AR's adult victim):
 * - "no check": AR's member is not connected to the secretariat (no grant can hold);
 * - "cached": AR's member as in production, keeping the answer "no grants" 5 s per caller
 *   (a caller who holds grants is asked about on every request: revocation is immediate);
 * - "every request": AR's member asking the secretariat on every request (cache 0).
 * Two callers: the grantee with the grant's case reference (its identity read under
 * the grant), and a foreign prosecutor holding no grant (what every ordinary foreign
 * read pays). Requests are sequential and interleaved. Prints the figures and
 * writes scripts/bench/results/grants.md.
 *
 *   node scripts/dist/bench/grants.js [--requests 300] [--warmup 30]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createHopSigner, createServiceIdentity, createTokenVerifier, makeId, SECRETARIAT_AUDIENCE, signingKey, signingKeyFromFile } from '@enlace/platform';
import { KuzuStore } from '@enlace/store';
import { startGateway, type RunningGateway } from '@enlace/gateway';
import { startMember, type RunningMember } from '@enlace/member';
import { seedSecretariat, startSecretariat } from '@enlace/secretariat';
import { ensureDevTrust, mintToken } from '../devIssuer';
import { parseFlags } from '../flags';
import { ANCHORS, DEMO_GRANT, generateSecretariat } from '../seed/generate';
import { seedMember } from '../seed/load';
import { summarise } from './lib';

const flags = parseFlags(process.argv.slice(2), {
  requests: { default: '300', pattern: /^[1-9]\d*$/, hint: 'measured requests per network and caller' },
  warmup: { default: '30', pattern: /^\d+$/, hint: 'unmeasured requests first' },
  out: { default: resolve(__dirname, '..', '..', 'bench', 'results', 'grants.md'), pattern: /^.+$/, hint: 'the results file' },
});
const COUNTRIES = ['AR', 'CO', 'PE'];
const SEED = 42;
const PERSONS = 200;
const VICTIM = makeId('AR', 'P', ANCHORS.victimAdultSeq);
const QUERY = 'query Grants($id: ID!) { person(id: $id) { id fullName familyNames nationalities } }';

interface Network {
  label: string;
  gateway: RunningGateway;
  member: RunningMember;
}


const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`;

async function once(n: Network, headers: Record<string, string>): Promise<{ ms: number; fullName: unknown }> {
  const started = performance.now();
  const res = await fetch(n.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: QUERY, variables: { id: VICTIM } }) });
  const body = (await res.json()) as { data?: { person?: { fullName?: unknown } | null } };
  const ms = performance.now() - started;
  if (!body.data?.person) throw new Error(`${n.label}: no person in the answer: ${JSON.stringify(body).slice(0, 300)}`);
  return { ms, fullName: body.data.person.fullName ?? null };
}

async function main(): Promise<void> {
  const keys = mkdtempSync(join(tmpdir(), 'enlace-bench-keys-'));
  const trust = await ensureDevTrust(keys, COUNTRIES);
  const verifier = createTokenVerifier(trust.trustedIssuers, { members: trust.members, partners: trust.partners, gatewayJwks: trust.gateway.jwksPath });
  const secretariatStore = new KuzuStore({ path: ':memory:', bufferPoolBytes: 64 * 1024 * 1024 });
  await seedSecretariat(secretariatStore, generateSecretariat(COUNTRIES, SEED));
  const secretariat = await startSecretariat({
    store: secretariatStore,
    verifier: createTokenVerifier(trust.trustedIssuers, { members: trust.members, partners: trust.partners, serviceAudience: SECRETARIAT_AUDIENCE }),
  });
  const arService = trust.services.get('AR')!;
  const service = createServiceIdentity('AR', arService.issuer, await signingKeyFromFile(arService.privatePath, 'service key'));
  const hop = createHopSigner(await signingKey(trust.gateway.privateJwk));

  const start = async (label: string, connected: boolean, grantCacheSeconds?: number): Promise<Network> => {
    const store = new KuzuStore({ path: ':memory:', bufferPoolBytes: 128 * 1024 * 1024 });
    await seedMember(store, 'AR', { persons: PERSONS, seed: SEED });
    const member = await startMember({
      // Three members of one country: none sends audit heads (the secretariat would see three chains for AR).
      country: 'AR', store, verifier, service, grantCacheSeconds, audit: { headSender: null },
      ...(connected ? { secretariatUrl: secretariat.url } : {}),
    });
    const gateway = await startGateway({ directory: new Map([['AR', member.url]]), secretariatUrl: secretariat.url, verifier, hop, memberTimeoutMs: 30_000 });
    return { label, gateway, member };
  };
  console.log(`three networks (AR × ${PERSONS} persons each), one secretariat…`);
  const networks = [await start('no check', false), await start('cached (5 s)', true), await start('every request', true, 0)];

  const grantee = await mintToken(trust.issuer, { country: 'CO', roles: ['prosecutor'], expiresIn: '1h' });
  // Not the seeded prosecutor@pe, who holds a grant from AR (for another case) and so is asked about on every request.
  const other = await mintToken(trust.issuer, { country: 'PE', roles: ['prosecutor'], subject: 'fiscal.bench@pe', expiresIn: '1h' });
  const callers = [
    { name: 'the grantee (CO), reading under the grant', headers: { authorization: `Bearer ${grantee}`, 'x-enlace-purpose': DEMO_GRANT.purpose, 'x-enlace-case-ref': DEMO_GRANT.caseRef } },
    { name: 'a foreign prosecutor holding no grant from AR (PE)', headers: { authorization: `Bearer ${other}`, 'x-enlace-purpose': DEMO_GRANT.purpose, 'x-enlace-case-ref': 'PE-BENCH-1' } },
  ];
  const rows: string[] = [];
  const added: string[] = [];
  try {
    for (const caller of callers) {
      const ms = new Map<string, number[]>(networks.map((n) => [n.label, []]));
      const names = new Map<string, unknown>();
      for (let i = 0; i < Number(flags.warmup); i++) for (const n of networks) await once(n, caller.headers);
      for (let i = 0; i < Number(flags.requests); i++) {
        for (let k = 0; k < networks.length; k++) {
          const n = networks[(i + k) % networks.length];
          const r = await once(n, caller.headers);
          ms.get(n.label)!.push(r.ms);
          names.set(n.label, r.fullName);
        }
      }
      const figures = new Map(networks.map((n) => [n.label, summarise(ms.get(n.label)!)] as const));
      const base = figures.get('no check')!.p50;
      for (const n of networks) {
        const f = figures.get(n.label)!;
        rows.push(`| ${caller.name} | ${n.label} | ${names.get(n.label) === null ? 'withheld' : 'read'} | ${f.p50.toFixed(2)} | ${f.p90.toFixed(2)} | ${(f.p50 - base).toFixed(2)} |`);
      }
      const line = `${caller.name}: no check ${base.toFixed(2)} ms, cached ${signed(figures.get('cached (5 s)')!.p50 - base)} ms, every request ${signed(figures.get('every request')!.p50 - base)} ms (medians)`;
      console.log(line);
      added.push(`- ${line}`);
    }
  } finally {
    for (const n of networks) {
      await n.gateway.close();
      await n.member.close();
    }
    await secretariat.close();
    rmSync(keys, { recursive: true, force: true });
  }

  const report = `# What the cooperation grant check adds to a read

Generated by \`node scripts/dist/bench/grants.js --requests ${flags.requests} --warmup ${flags.warmup}\` on ${new Date().toISOString().slice(0, 10)}
(Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}; gateway, member and secretariat in one process, loopback).

One person of AR by id through the gateway (\`${QUERY}\`), ${flags.requests} sequential requests per network and caller
after ${flags.warmup} warm-up requests, interleaved between three networks that differ only in AR's member:
**no check** (not connected to the secretariat: no grant can hold), **cached** (as in production: the answer "no grants"
kept 5 s per caller, \`MEMBER_GRANT_CACHE_SECONDS\`; a caller who holds grants is asked about on every request, so that
a revocation takes effect at once), **every request** (the secretariat asked on every request, cache 0).

| Caller | AR's member | fullName | Median, ms | p90, ms | Added to the median, ms |
|---|---|---|---|---|---|
${rows.join('\n')}

${added.join('\n')}

The check is one small GraphQL request from the owner to the secretariat (its service token signed per call,
the grants of one caller read by an equality on the store), made at the same time as the JIT question and
before the request runs; with the cache, one such request every 5 s for a caller without grants, and one per request for
a grantee. Medians of a shared machine:
expect ±10% between runs.
`;
  mkdirSync(resolve(flags.out, '..'), { recursive: true });
  writeFileSync(flags.out, report);
  console.log(`wrote ${flags.out}`);
}

main().catch((err: unknown) => {
  console.error(`benchmark failed: ${(err as Error)?.stack ?? String(err)}`);
  process.exit(1);
});
