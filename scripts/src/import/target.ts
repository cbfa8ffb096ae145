/**
 * Where an import's batches go: the member's store opened by the command itself
 * (the member is stopped, or the store is Neo4j), or the running member's operator
 * path (remote.ts). Either way the same engine writes them (@enlace/member's
 * Importer), so counts, warnings and the dry run's records are the same.
 */
import type { Store } from '@enlace/store';
import { hashRow, Importer, prepareMemberStore, type ImportCounts, type PlannedRecords, type Problem } from '@enlace/member';
import type { ImportRow } from './rows';

export interface ImportTarget {
  /** Told each valid row as it is read: work that overlaps the writing of the batch before. */
  prepareRow?(row: ImportRow): void;
  /** Writes one batch (a dry run plans it); resolves once it is written, with the warnings it added. */
  batch(rows: ImportRow[]): Promise<Problem[]>;
  /** The run's totals, once every batch is done. */
  finish(): Promise<ImportCounts>;
}

export interface TargetOptions {
  country: string;
  dryRun: boolean;
  /** Told each batch's planned records (a dry run shows the first ones). */
  onPlan: (plan: PlannedRecords) => void;
  onWarning?: (message: string) => void;
}

/** The store itself, opened by the command. */
export async function storeTarget(store: Store, options: TargetOptions): Promise<ImportTarget> {
  // A dry run changes nothing, not even the schema: a table the store lacks reads as empty (dryRunStore.ts).
  if (!options.dryRun) await prepareMemberStore(store, options.onWarning);
  const importer = new Importer(store, options.country, { dryRun: options.dryRun, onPlan: options.onPlan });
  return {
    // Each row's hashes, computed as it is read rather than in its batch's transaction.
    prepareRow: hashRow,
    batch: async (rows) => (await importer.batch(rows)).warnings,
    finish: async () => importer.counts,
  };
}
