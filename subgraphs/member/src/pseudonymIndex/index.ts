export { accountHoldersDue, personIdsByPseudonyms, pseudonymsDue } from './repository';
export { PseudonymIndexer, type IndexerOptions, type PseudonymIndexStatus } from './indexer';
