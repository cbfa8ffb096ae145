/**
 * Issue 22's cost of keeping the pseudonym index at import: the import bench's synthetic export
 * (importExport.ts) imported into a running member AR on a store file, once with `pseudonyms: null`
 * (no index) and once with the member's blinded client (Node's blinding, OpenSSL) against a real
 * secretariat evaluator in its own process; each import then again unchanged. Measured: the
 * import's rows/s, the time until the index is settled (every person findable by hit/no-hit), the
 * member's CPU and the evaluator's (the secretariat process's CPU over the run). Each member in a
 * fresh process of its own (indexImport.ts, serve.ts's `indexImport`).
 */
import { join } from 'node:path';
import type { DevTrust } from '../../devIssuer';
import { fmt } from '../../seed/progress';
import type { IndexImportRun } from '../indexImport';
import { ms } from '../lib';
import type { BenchRun, TrustEnv } from '../benchRun';

export interface IndexCostFigures {
  rows: number;
  without: { first: IndexImportRun; again: IndexImportRun };
  with: { first: IndexImportRun; again: IndexImportRun };
  /** The secretariat process's CPU over the member's run with the index (both imports), ms. */
  evaluatorCpuMs: number;
  peakKb: Record<string, number>;
}

type Runs = { first: IndexImportRun; again: IndexImportRun };

const perSecond = (n: number, msTaken: number) => n / (msTaken / 1000);
const clientCpu = (r: IndexImportRun) => r.client.blindCpuMs + r.client.unblindCpuMs;
const signed = (x: number) => `${x < 0 ? '−' : '+'}${Math.abs(x).toFixed(0)}%`;

export async function indexCost(bench: BenchRun, trusted: TrustEnv, trust: DevTrust, rows: number): Promise<IndexCostFigures> {
  bench.say(`pseudonym index at import: ${fmt(rows)} rows into member AR (a store file), without the index and with it (the member's blinded client, the secretariat's evaluator in its own process), each then again unchanged…`);
  const secretariatP = bench.serverProcess('index-secretariat', trusted);
  const { secretariatUrl } = await secretariatP.call<{ secretariatUrl: string }>('members', {
    countries: [], secretariat: true, secretariatCountries: ['AR'], seed: bench.settings.seed, prfKeyFile: trust.secretariatEnv.ENLACE_PRF_KEY_FILE,
  });
  const memberEnv = { ...trusted, ...trust.memberEnv('AR') };
  const importer = async (index: boolean): Promise<{ runs: Runs; peakKb: number }> => {
    const p = bench.serverProcess(`index-import-${index ? 'with' : 'without'}`, memberEnv);
    const runs = await p.call<Runs>('indexImport', { rows, dir: join(bench.work, `index-import-${index ? 'with' : 'without'}`), index, secretariatUrl }, 60 * 60_000);
    return { runs, peakKb: await bench.closeServer(p) };
  };
  const without = await importer(false);
  say(bench, 'without the index', without.runs, false);
  const cpu0 = await secretariatP.call<number>('cpu');
  const withIndex = await importer(true);
  const evaluatorCpuMs = (await secretariatP.call<number>('cpu')) - cpu0;
  say(bench, 'with the index', withIndex.runs, true);
  const elements = withIndex.runs.first.client.elements + withIndex.runs.again.client.elements;
  bench.say(`    the evaluator's CPU: ${ms(evaluatorCpuMs / Math.max(1, elements), 3)} ms per element (${fmt(elements)} elements); the member's blinding + unblinding ${ms(clientCpu(withIndex.runs.first) / Math.max(1, withIndex.runs.first.client.elements), 3)} ms of CPU per element`);
  const peakKb = {
    'index cost: secretariat (evaluator)': await bench.closeServer(secretariatP),
    'index cost: member AR importing, without the index': without.peakKb,
    'index cost: member AR importing, with the index': withIndex.peakKb,
  };
  return { rows, without: without.runs, with: withIndex.runs, evaluatorCpuMs, peakKb };
}

function say(bench: BenchRun, what: string, runs: Runs, index: boolean): void {
  for (const [when, r] of [['first import', runs.first], ['again, unchanged', runs.again]] as const) {
    const indexed = r.client.elements ? ` (${fmt(Math.round(perSecond(r.persons, r.settledMs)))} persons/s)` : '';
    bench.say(`    ${what}, ${when}: ${fmt(Math.round(perSecond(r.rows, r.importMs)))} rows/s (${ms(r.importMs / 1000, 1)} s, CPU ${ms(r.importCpuMs / 1000, 1)} s)` +
      (index ? `; settled after ${ms(r.settledMs / 1000, 1)} s${indexed}, CPU ${ms(r.settledCpuMs / 1000, 1)} s; ${fmt(r.client.elements)} elements in ${r.client.calls} calls, ${fmt(r.entries)} entries` : ''));
  }
}

/** The section's part of the results file. */
export function indexCostMarkdown(f: IndexCostFigures, command: string): string {
  const rowOf = (label: string, r: IndexImportRun, index: boolean) => {
    const c = r.client;
    const indexed = index && c.elements > 0;
    return `| ${label} | ${fmt(r.persons)} | ${ms(r.importMs / 1000, 1)} | ${fmt(Math.round(perSecond(r.rows, r.importMs)))} | ${ms(r.importCpuMs / 1000, 1)} | ` +
      `${index ? ms(r.settledMs / 1000, 1) : '–'} | ${indexed ? fmt(Math.round(perSecond(r.persons, r.settledMs))) : '–'} | ${ms(r.settledCpuMs / 1000, 1)} | ` +
      `${index ? `${fmt(c.elements)} in ${c.calls}` : '–'} | ${indexed ? ms(clientCpu(r) / c.elements, 3) : '–'} | ${fmt(r.entries)} |`;
  };
  const w = f.with;
  const o = f.without;
  const elements = w.first.client.elements + w.again.client.elements;
  const memberExtraMs = w.first.settledCpuMs - o.first.settledCpuMs;
  const clientMs = clientCpu(w.first);
  const tailMs = w.first.settledMs - w.first.importMs;
  const evaluatorPerElement = f.evaluatorCpuMs / Math.max(1, elements);
  return `## Pseudonym index at import (issue 22)

The import bench's synthetic export (${fmt(f.rows)} rows, the layout of \`scripts/import-examples/causas-ar.csv\`, \`mapeo-ar.json\`,
batches of 50,000 rows) imported into a running member AR on a store file through the member's store (the path
its operator's imports take: each batch marks its persons due and wakes the indexer), once with \`pseudonyms: null\`
and once with the member's blinded client: **Node's blinding (OpenSSL) against the secretariat's real evaluator**
in its own process (over HTTP on loopback, the member's service identity, the evaluator's audit log on file, synced
to disk), the indexer's batches of 200 persons; each import then again, every row unchanged. "Settled": from the import's
start until \`pseudonymIndex.settled()\` (every person findable by hit/no-hit). CPU: the member process's, Node's
thread and Kùzu's. Command: \`${command}\`.

| Member AR | Persons | Import, s | Rows/s | Import CPU, s | Settled after, s | Persons/s indexed (to settled) | CPU to settled, s | Elements evaluated, in calls | Member's blinding + unblinding, CPU ms per element | Index entries |
|---|---|---|---|---|---|---|---|---|---|---|
${rowOf('without the index, first import', o.first, false)}
${rowOf('with the index, first import', w.first, true)}
${rowOf('without the index, again (unchanged)', o.again, false)}
${rowOf('with the index, again (unchanged)', w.again, true)}

- **The import itself**: ${fmt(Math.round(perSecond(w.first.rows, w.first.importMs)))} rows/s with the index against
  ${fmt(Math.round(perSecond(o.first.rows, o.first.importMs)))} without (its time ${signed((w.first.importMs / o.first.importMs - 1) * 100)}; the indexer runs in the member's process once
  its writes pause, and gives way to them); the index is settled ${ms(tailMs / 1000, 1)} s after the import ends (${fmt(Math.round(perSecond(w.first.persons, tailMs)))} persons/s over that tail;
  the member's calls to the evaluator took ${ms(w.first.client.callMs / 1000, 1)} s of wall time, blinding and unblinding included).
- **The member's share**: ${ms(memberExtraMs / 1000, 1)} s of CPU more than without the index for ${fmt(w.first.persons)} persons
  (${ms(memberExtraMs / Math.max(1, w.first.persons), 2)} ms per person, ${fmt(w.first.client.elements)} elements: ${ms(w.first.client.elements / Math.max(1, w.first.persons), 1)} per person), of which
  blinding and unblinding ${ms(clientMs / 1000, 1)} s (${ms(clientMs / Math.max(1, w.first.client.elements), 3)} ms per element).
- **The evaluator's share** (the secretariat process's CPU over both imports with the index: HTTP, tokens, audit
  entries and one scalar multiplication per element): ${ms(f.evaluatorCpuMs / 1000, 1)} s, **${ms(evaluatorPerElement, 3)} ms per element**, against the
  member's ${ms(memberExtraMs / Math.max(1, w.first.client.elements), 3)} ms per element: the evaluator pays ${ms((evaluatorPerElement / Math.max(1e-9, memberExtraMs / Math.max(1, w.first.client.elements))) * 100, 0)}% of what the member pays.
- **Again, unchanged**: ${w.again.client.elements ? `${fmt(w.again.client.elements)} elements evaluated again: an unchanged row still marks its person due` : 'nothing evaluated again: unchanged persons stay indexed'}.
`;
}
