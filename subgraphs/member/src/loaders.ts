/**
 * Per-request DataLoaders: every lookup of a request is batched into one store
 * round trip per kind and level, never one per record.
 */
import DataLoader from 'dataloader';
import type { Store } from '@enlace/store';
import * as repo from './repository';
import * as finance from './finance/repository';
import type { AccountRecord, TransferRecord } from './records';
import type { CaseRecord, CaseRouteRecord, DocumentRecord, InvolvementRecord, RouteObservationRecord, StoredPerson } from './records';

/** Loads records by key, in key order (null where missing). */
function byKey<T, K extends keyof T>(fetch: (keys: readonly string[]) => Promise<T[]>, key: K) {
  return new DataLoader<string, T | null>(async (keys) => {
    const found = new Map((await fetch(keys)).map((r) => [String(r[key]), r] as const));
    return keys.map((k) => found.get(k) ?? null);
  });
}

/** Loads lists grouped by a key, in key order (empty where none). */
function groupedBy<T, K extends keyof T>(fetch: (keys: readonly string[]) => Promise<T[]>, key: K) {
  return new DataLoader<string, T[]>(async (keys) => {
    const groups = new Map<string, T[]>();
    for (const r of await fetch(keys)) {
      const k = String(r[key]);
      (groups.get(k) ?? groups.set(k, []).get(k)!).push(r);
    }
    return keys.map((k) => groups.get(k) ?? []);
  });
}

export function createLoaders(store: Store, persons: repo.PersonReadOptions = repo.READ_ALL) {
  return {
    person: byKey<StoredPerson, 'id'>((ids) => repo.personsByIds(store, ids, persons), 'id'),
    case: byKey<CaseRecord, 'id'>((ids) => repo.casesByIds(store, ids), 'id'),
    documentsByPerson: groupedBy<DocumentRecord, 'personId'>((ids) => repo.documentsByPersonIds(store, ids), 'personId'),
    involvementsByPerson: groupedBy<InvolvementRecord, 'personId'>((ids) => repo.involvementsByPersonIds(store, ids), 'personId'),
    involvementsByCase: groupedBy<InvolvementRecord, 'caseId'>((ids) => repo.involvementsByCaseIds(store, ids), 'caseId'),
    observationsByCase: groupedBy<RouteObservationRecord & { caseId: string }, 'caseId'>((ids) => repo.observationsByCaseIds(store, ids), 'caseId'),
    caseLinksByObservation: groupedBy<CaseRouteRecord, 'observationId'>((ids) => repo.caseIdsByObservationIds(store, ids), 'observationId'),
    observationsByRoute: groupedBy<RouteObservationRecord, 'routeCode'>((codes) => repo.observationsByRouteCodes(store, codes), 'routeCode'),
    account: byKey<AccountRecord, 'id'>((ids) => finance.accountsByIds(store, ids), 'id'),
    accountsByHolder: groupedBy<AccountRecord & { holderId: string }, 'holderId'>((ids) => finance.accountsByHolderIds(store, ids) as Promise<Array<AccountRecord & { holderId: string }>>, 'holderId'),
    transfer: byKey<TransferRecord, 'id'>((ids) => finance.transfersByIds(store, ids), 'id'),
    transfersByCase: groupedBy<TransferRecord, 'caseId'>((ids) => finance.transfersByCaseIds(store, ids), 'caseId'),
    transferLinksByAccount: groupedBy<{ accountId: string; transferId: string }, 'accountId'>((ids) => finance.transferIdsByAccountIds(store, ids), 'accountId'),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
