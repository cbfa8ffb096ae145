/** What the Importer gives each step of a batch's plan beyond persons and cases (finance.ts, routes.ts). */
import type { Transaction } from '@enlace/store';
import type { ReferenceLookup } from './keyed';
import type { ImportRow, Problem } from './rows';

export interface StepContext {
  tx: Pick<Transaction, 'run'>;
  /** The batch's rows. */
  rows: readonly ImportRow[];
  /** The ids of a row's person and case, as the batch's plan settled them. */
  records(row: ImportRow): { personId: string; caseId: string };
  /** The store's national references among keys this run has not settled. */
  references: ReferenceLookup;
  /** False in a dry run: no local numbers are reserved. */
  allocate: boolean;
  warn(problem: Problem): void;
}
