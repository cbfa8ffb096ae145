/**
 * The cost of the audit log (issue 7's goal: at most 10% of throughput on the
 * overhead query). Two member processes, the same seeded AR data, the same
 * query directly at the member (where the log's cost is largest relative to the
 * work): one logging to a file as `npm start` does (group commit, synced per
 * batch), one not logging at all. Alternating rounds, after a warm-up; the
 * written log is then verified, so the figures are of a log that holds every
 * request. Each round also times by-id reads one at a time (one connection):
 * the latency a single caller sees, which is what waiting for the entry to be
 * on disk before answering costs (issue 18). Writes
 * scripts/bench/results/audit.md and audit.json.
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeId, verifyChain, fileLines } from '@enlace/platform';
import { combine, faults, int, ms, root, type Child, type LoadResult } from './lib';
import { load } from './lib';

export interface AuditCostDeps {
  serverProcess: (name: string) => Child;
  closeServer: (child: Child) => Promise<number>;
  say: (line: string) => void;
  headers: Record<string, string>;
  query: string;
  seconds: number;
  connections: number;
  workDir: string;
  seed: number;
}

/** A by-id read of one of the seeded persons, asked one at a time. */
export const AUDIT_BY_ID_QUERY = 'query ById($id: ID!) { person(id: $id) { id fullName dateOfBirth nationalities } }';
const PERSONS = 200;

export interface AuditCostFigures {
  query: string;
  rounds: number;
  rows: Array<{ key: 'off' | 'on'; label: string; result: LoadResult; roundRps: number[]; memberCpuMs: number; byId: LoadResult }>;
  /** 1 − throughput with the log / without it, over all rounds. */
  throughputCost: number;
  /** The same per round (each round measures both back to back), and their median: less disturbed by drifting load. */
  roundCosts: number[];
  medianRoundCost: number;
  /** 1 − member CPU per request without the log / with it (negative: the log costs CPU). */
  cpuCost: number;
  log: { entries: number; bytes: number; intact: boolean };
}

export async function auditCost(d: AuditCostDeps): Promise<AuditCostFigures> {
  d.say('audit log cost: two members (AR, 200 persons), one logging to a file, one not, each its own process…');
  const logPath = join(d.workDir, 'audit-bench', 'ar-audit.log');
  const processes = { off: d.serverProcess('audit-member-off'), on: d.serverProcess('audit-member-on') };
  const start = (p: Child, audit: unknown) =>
    p.call<{ members: Array<{ url: string }> }>('members', { countries: ['AR'], persons: PERSONS, seed: d.seed, bufferPoolMb: 64, readConnections: 2, audit });
  const [off, on] = await Promise.all([start(processes.off, 'off'), start(processes.on, { path: logPath })]);
  const targets = [
    { key: 'off' as const, label: 'without the audit log', url: off.members[0].url, process: processes.off },
    { key: 'on' as const, label: 'with the audit log (file, each batch synced to disk)', url: on.members[0].url, process: processes.on },
  ];
  const body = JSON.stringify({ query: d.query, variables: {} });
  const expected = new Map<string, string>();
  for (const t of targets) {
    const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', ...d.headers }, body });
    const text = await res.text();
    if (!res.ok || JSON.parse(text).errors) throw new Error(`audit bench: ${t.label} answered ${text.slice(0, 300)}`);
    expected.set(t.key, text);
  }
  if (expected.get('off') !== expected.get('on')) throw new Error('audit bench: the two members answered differently');
  for (const t of targets) await load({ url: t.url, headers: d.headers, body, connections: d.connections, seconds: 3 });
  const byIdBody = () => JSON.stringify({ query: AUDIT_BY_ID_QUERY, variables: { id: makeId('AR', 'P', 1 + Math.floor(Math.random() * PERSONS)) } });
  const found = (text: string) => text.startsWith('{"data":{"person":{"id":"AR:P:');

  const ROUNDS = 6;
  const runs = new Map(targets.map((t) => [t.key, { results: [] as LoadResult[], cpu: 0, byId: [] as LoadResult[] }]));
  for (let round = 0; round < ROUNDS; round++) {
    // off, on, on, off, …: neither always first.
    for (const t of round % 2 ? [...targets].reverse() : targets) {
      const cpu0 = await t.process.call<number>('cpu');
      const result = await load({ url: t.url, headers: d.headers, body, connections: d.connections, seconds: d.seconds, expectBody: expected.get(t.key) });
      const run = runs.get(t.key)!;
      run.cpu += (await t.process.call<number>('cpu')) - cpu0;
      run.results.push(result);
      const byId = await load({ url: t.url, headers: d.headers, body: byIdBody, connections: 1, seconds: d.seconds, verifyBody: found });
      run.byId.push(byId);
      d.say(`    round ${round + 1}/${ROUNDS}, ${t.label}: ${int(result.rps)} req/s, p50 ${ms(result.latency.p50)} ms, p99 ${ms(result.latency.p99)} ms${faults(result) ? `; ${faults(result)}` : ''}; `
        + `by id, one at a time: p50 ${ms(byId.latency.p50, 2)} ms, p99 ${ms(byId.latency.p99, 2)} ms${faults(byId) ? `; ${faults(byId)}` : ''}`);
    }
  }
  await d.closeServer(processes.off);
  await d.closeServer(processes.on); // writes the rest of the log
  const rows = targets.map((t) => {
    const run = runs.get(t.key)!;
    const result = combine(run.results);
    return { key: t.key, label: t.label, result, roundRps: run.results.map((r) => r.rps), memberCpuMs: run.cpu / result.requests, byId: combine(run.byId) };
  });
  const verified = await verifyChain(fileLines(logPath));
  const throughputCost = 1 - rows[1].result.rps / rows[0].result.rps;
  const roundCosts = rows[0].roundRps.map((offRps, i) => 1 - rows[1].roundRps[i] / offRps);
  const sorted = [...roundCosts].sort((a, b) => a - b);
  const medianRoundCost = (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2;
  const figures: AuditCostFigures = {
    query: d.query, rounds: ROUNDS, rows, throughputCost, roundCosts, medianRoundCost, cpuCost: rows[1].memberCpuMs / rows[0].memberCpuMs - 1,
    log: { entries: verified.checked, bytes: statSync(logPath).size, intact: verified.ok },
  };
  for (const r of rows) {
    d.say(`    ${r.label}, all rounds: ${int(r.result.rps)} req/s, p50 ${ms(r.result.latency.p50)} ms; member CPU ${ms(r.memberCpuMs, 3)} ms per request; `
      + `by id, one at a time: p50 ${ms(r.byId.latency.p50, 2)} ms, p90 ${ms(r.byId.latency.p90, 2)} ms, p99 ${ms(r.byId.latency.p99, 2)} ms`);
  }
  d.say(`    the audit log costs ${pct(throughputCost)} of throughput over all rounds, ${pct(medianRoundCost)} in the median round, ${pct(figures.cpuCost)} more member CPU per request (goal: at most 10%); ${int(figures.log.entries)} entries, ${int(figures.log.bytes / Math.max(1, figures.log.entries))} bytes each, chain ${verified.ok ? 'intact' : 'BROKEN'}`);
  return figures;
}

export function auditReport(f: AuditCostFigures, meta: { command: string; seconds: number; connections: number; otherWork: number }): string {
  const [off, on] = f.rows;
  return `# The cost of the audit log

Generated by \`${meta.command}\` on ${new Date().toISOString().slice(0, 10)}; ${meta.seconds} s per round, ${meta.connections} connections, ${f.rounds} rounds per target in alternating order after a 3 s warm-up.
Other work on the machine took ${(meta.otherWork * 100).toFixed(0)}% of the CPU during the measurement.

The overhead query of the bench, directly at one member (AR, 200 persons), each member its own process:

\`\`\`graphql
${f.query}
\`\`\`

| member | req/s | p50 ms | p99 ms | member CPU per request | rounds (req/s) |
| --- | ---: | ---: | ---: | ---: | --- |
${f.rows.map((r) => `| ${r.label} | ${int(r.result.rps)} | ${ms(r.result.latency.p50)} | ${ms(r.result.latency.p99)} | ${ms(r.memberCpuMs, 3)} ms | ${r.roundRps.map((x) => int(x)).join(', ')} |`).join('\n')}

**The audit log costs ${pct(f.throughputCost)} of throughput** over all rounds (${int(on.result.rps)} vs ${int(off.result.rps)} req/s; goal: at most 10%);
round by round (both measured back to back): ${f.roundCosts.map(pct).join(', ')}, median ${pct(f.medianRoundCost)}.
Member CPU per request: ${ms(on.memberCpuMs, 3)} ms with the log, ${ms(off.memberCpuMs, 3)} ms without (${pct(f.cpuCost)}); on a shared machine this is the steadier figure.
By-id reads one at a time (one connection, a random seeded person each), the latency a single caller sees:

\`\`\`graphql
${AUDIT_BY_ID_QUERY}
\`\`\`

| member | p50 ms | p90 ms | p99 ms | req/s |
| --- | ---: | ---: | ---: | ---: |
${f.rows.map((r) => `| ${r.label} | ${ms(r.byId.latency.p50, 2)} | ${ms(r.byId.latency.p90, 2)} | ${ms(r.byId.latency.p99, 2)} | ${int(r.byId.rps)} |`).join('\n')}

The log written meanwhile: ${int(f.log.entries)} entries, ${int(f.log.bytes)} bytes (${int(f.log.bytes / Math.max(1, f.log.entries))} per entry), hash chain ${f.log.intact ? 'verified intact' : 'BROKEN'}.

Directly at the member is the strictest place to measure: through the gateway, each request costs more elsewhere and the log's share is smaller.
`;
}

export function writeAuditResults(f: AuditCostFigures, meta: { command: string; seconds: number; connections: number; otherWork: number }, md = join(root, 'scripts', 'bench', 'results', 'audit.md')): string {
  writeFileSync(md, auditReport(f, meta));
  const { rows, ...rest } = f;
  writeFileSync(md.replace(/\.md$/, '.json'), `${JSON.stringify({ generated: new Date().toISOString(), ...meta, ...rest, rows: rows.map(({ result: { samples: _s, ...result }, byId: { samples: _b, ...byId }, ...r }) => ({ ...r, result, byId })) }, null, 2)}\n`);
  return md;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
