export { Importer, noCounts, type BatchOutcome, type ImportCounts, type ImporterOptions, type PlannedRecords } from './importer';
export { StoredRecords } from './stored';
export { checkedRow, contentHash, hashRow, mappedModusOperandi, RowRejected, type ImportRow, type Problem } from './rows';
