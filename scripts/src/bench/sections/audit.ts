/**
 * The audit log's cost in `npm run bench` (audit.ts measures it): the overhead
 * query with and without the log in the same run, written to audit.md beside the
 * bench's results.
 */
import { relative, resolve } from 'node:path';
import { auditCost, writeAuditResults } from '../audit';
import { OVERHEAD_QUERY } from '../lib';
import type { BenchRun, TrustEnv } from '../benchRun';

export interface AuditSectionOptions {
  /** Seconds per round: shorter within the whole bench (its twelve rounds would take a minute at 5 s). */
  seconds: number;
  /** The command line, as the results give it. */
  command: string;
  /** The bench's results file: audit.md goes beside it. */
  out: string;
}

export async function measureAudit(bench: BenchRun, trusted: TrustEnv, headers: Record<string, string>, options: AuditSectionOptions): Promise<void> {
  const { settings } = bench;
  // The section around the measurement only: its share of other work is known when the results are written.
  const figures = await bench.section('audit log cost', () => auditCost({
    serverProcess: (name) => bench.serverProcess(name, trusted), closeServer: bench.closeServer, say: bench.say, headers, query: OVERHEAD_QUERY,
    seconds: options.seconds, connections: settings.connections, workDir: bench.work, seed: settings.seed,
  }));
  const out = writeAuditResults(figures, {
    command: options.command, seconds: options.seconds, connections: settings.connections, otherWork: bench.otherWork['audit log cost'],
  }, resolve(options.out, '..', 'audit.md')); // beside the bench's results, so that a run elsewhere (--out) leaves the committed ones alone
  bench.say(`wrote ${relative(process.cwd(), out)}`);
}
