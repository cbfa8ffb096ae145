export { Importer, noCounts, type BatchOutcome, type ImportCounts, type ImporterOptions, type PlannedRecords } from './importer';
export { StoredRecords } from './stored';
export { detachedProblem } from './ledger';
export { checkedRow, contentHash, hashRow, mappedModusOperandi, RowRejected, type ImportRow, type Problem } from './rows';
export { accountKey, importParts, TRANSFER_DIRECTIONS, type ImportParts, type ImportTransfer, type TransferDirection } from './rowParts';
export type { Tally } from './keyed';
export type { PlannedAccount, PlannedTransfer } from './finance';
export type { PlannedObservation } from './routes';
