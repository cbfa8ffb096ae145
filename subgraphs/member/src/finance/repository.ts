/**
 * The Cypher of financial flows: accounts (held by a person of the member, or
 * by nobody it knows), transfers between them recorded in a case. Reads take a
 * batch of keys (DataLoaders), writes a batch of rows (seeding and mutations).
 *
 *   (Person)-[:HOLDS_ACCOUNT]->(Account)<-[:DEBITED|CREDITED]-(Transfer)-[:RECORDED_IN]->(Case)
 */
import { normaliseDocumentNumber, writeRows, type Row, type Store, type Transaction } from '@enlace/store';
import type { AccountRecord, TransferRecord } from '../records';
import { accountHoldersDue, pseudonymsDue } from '../pseudonymIndex';

const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));

const ACCOUNT_COLUMNS =
  'a.id AS id, a.seq AS seq, a.country AS country, a.institution AS institution, a.institutionCountry AS institutionCountry, a.identifierType AS identifierType, a.identifier AS identifier';

/** An account's identifier as hit/no-hit compares it: its letters and digits, upper case (IBANs and numbers are written with spaces and dashes). */
export const normaliseAccountIdentifier = (identifier: string): string => normaliseDocumentNumber(identifier);

function toAccount(r: Row): AccountRecord {
  return {
    id: String(r.id), seq: Number(r.seq), country: String(r.country), holderId: str(r.holderId), institution: String(r.institution ?? ''),
    institutionCountry: str(r.institutionCountry), identifierType: String(r.identifierType), identifier: String(r.identifier ?? ''),
  };
}

function toTransfer(r: Row): TransferRecord {
  return {
    id: String(r.id), seq: Number(r.seq), country: String(r.country), caseId: String(r.caseId), fromAccountId: str(r.fromAccountId), toAccountId: str(r.toAccountId),
    amount: String(r.amount), currency: String(r.currency), date: String(r.date), channel: String(r.channel),
  };
}

/** A transfer `t` in its case `c`, with the accounts at either end. */
const TRANSFER_TAIL =
  'OPTIONAL MATCH (t)-[:DEBITED]->(f:Account) OPTIONAL MATCH (t)-[:CREDITED]->(r:Account) ' +
  'RETURN t.id AS id, t.seq AS seq, t.country AS country, c.id AS caseId, f.id AS fromAccountId, r.id AS toAccountId, t.amount AS amount, ' +
  't.currency AS currency, t.date AS date, t.channel AS channel ORDER BY seq';

// ---- reads by key ---------------------------------------------------------

export async function accountsByIds(store: Store, ids: readonly string[]): Promise<AccountRecord[]> {
  const rows = await store.lookup({
    label: 'Account', as: 'a', keys: ids,
    then: `OPTIONAL MATCH (p:Person)-[:HOLDS_ACCOUNT]->(a) RETURN ${ACCOUNT_COLUMNS}, p.id AS holderId`,
  });
  return rows.map(toAccount);
}

export async function accountsByHolderIds(store: Store, personIds: readonly string[]): Promise<AccountRecord[]> {
  const rows = await store.lookup({
    label: 'Person', as: 'p', keys: personIds,
    then: `MATCH (p)-[:HOLDS_ACCOUNT]->(a:Account) RETURN ${ACCOUNT_COLUMNS}, p.id AS holderId ORDER BY seq`,
  });
  return rows.map(toAccount);
}

export async function transfersByIds(store: Store, ids: readonly string[]): Promise<TransferRecord[]> {
  return (await store.lookup({ label: 'Transfer', as: 't', keys: ids, then: `MATCH (t)-[:RECORDED_IN]->(c:\`Case\`) ${TRANSFER_TAIL}` })).map(toTransfer);
}

export async function transfersByCaseIds(store: Store, caseIds: readonly string[]): Promise<TransferRecord[]> {
  return (await store.lookup({ label: 'Case', as: 'c', keys: caseIds, then: `MATCH (t:Transfer)-[:RECORDED_IN]->(c) ${TRANSFER_TAIL}` })).map(toTransfer);
}

/** Which transfers debited or credited each account: (account, transfer) pairs, in the transfers' order. */
export async function transferIdsByAccountIds(store: Store, accountIds: readonly string[]): Promise<Array<{ accountId: string; transferId: string }>> {
  const side = (rel: string) =>
    store.lookup({ label: 'Account', as: 'a', keys: accountIds, then: `MATCH (t:Transfer)-[:${rel}]->(a) RETURN a.id AS accountId, t.id AS transferId, t.seq AS seq` });
  const rows = (await Promise.all([side('DEBITED'), side('CREDITED')])).flat().sort((x, y) => Number(x.seq) - Number(y.seq));
  return rows.map((r) => ({ accountId: String(r.accountId), transferId: String(r.transferId) }));
}

// ---- hit/no-hit -------------------------------------------------------------

// ---- batched writes ---------------------------------------------------------

/** New accounts; their holders' pseudonyms due. */
export async function insertAccounts(tx: Transaction, accounts: readonly AccountRecord[]): Promise<void> {
  await tx.insertNodes('Account', accounts.map((a) => ({
    id: a.id, seq: a.seq, country: a.country, institution: a.institution, institutionCountry: a.institutionCountry,
    identifierType: a.identifierType, identifier: a.identifier, identifierNormalised: normaliseAccountIdentifier(a.identifier),
  })));
  await tx.insertRels('HOLDS_ACCOUNT', accounts.filter((a) => a.holderId).map((a) => ({ from: a.holderId!, to: a.id })));
  await pseudonymsDue(tx, accounts.flatMap((a) => (a.holderId ? [a.holderId] : [])));
}

export async function insertTransfers(tx: Transaction, transfers: readonly TransferRecord[]): Promise<void> {
  await tx.insertNodes('Transfer', transfers.map((t) => ({
    id: t.id, seq: t.seq, country: t.country, amount: t.amount, currency: t.currency, date: t.date, channel: t.channel,
  })));
  await tx.insertRels('RECORDED_IN', transfers.map((t) => ({ from: t.id, to: t.caseId })));
  await tx.insertRels('DEBITED', transfers.filter((t) => t.fromAccountId).map((t) => ({ from: t.id, to: t.fromAccountId! })));
  await tx.insertRels('CREDITED', transfers.filter((t) => t.toAccountId).map((t) => ({ from: t.id, to: t.toAccountId! })));
}

// ---- an import's changes ----------------------------------------------------

type Runner = Pick<Transaction, 'run'>;

/** Rewrites accounts' data (not their id, number or holder); their holders' pseudonyms due. */
export async function updateAccounts(tx: Runner, accounts: readonly AccountRecord[]): Promise<void> {
  const rows = accounts.map((a) => ({
    id: a.id, institution: a.institution, institutionCountry: a.institutionCountry, identifierType: a.identifierType,
    identifier: a.identifier, identifierNormalised: normaliseAccountIdentifier(a.identifier),
  }));
  const set = (r: string) => `SET a.institution = ${r}institution, a.institutionCountry = ${r}institutionCountry, a.identifierType = ${r}identifierType, ` +
    `a.identifier = ${r}identifier, a.identifierNormalised = ${r}identifierNormalised`;
  await writeRows(tx, rows, `MATCH (a:Account) WHERE a.id = $id ${set('$')}`, `UNWIND $rows AS r MATCH (a:Account {id: r.id}) ${set('r.')}`);
  await accountHoldersDue(tx, accounts.map((a) => a.id));
}

/** The holders of these accounts, by account id (an account has one at most). */
export async function holdersOf(tx: Runner, accountIds: readonly string[]): Promise<Map<string, string>> {
  if (!accountIds.length) return new Map();
  const rows = await tx.run('UNWIND $ids AS id MATCH (p:Person)-[:HOLDS_ACCOUNT]->(a:Account {id: id}) RETURN a.id AS accountId, p.id AS personId', { ids: [...accountIds] });
  return new Map(rows.map((r) => [String(r.accountId), String(r.personId)]));
}

/** Each account held by the person given, and by no one else; the former and the new holders' pseudonyms due. */
export async function replaceHolders(tx: Transaction, links: ReadonlyArray<{ accountId: string; personId: string }>): Promise<void> {
  await accountHoldersDue(tx, links.map((l) => l.accountId));
  await writeRows(tx, links.map((l) => ({ id: l.accountId })), 'MATCH (:Person)-[h:HOLDS_ACCOUNT]->(a:Account) WHERE a.id = $id DELETE h',
    'UNWIND $rows AS r MATCH (:Person)-[h:HOLDS_ACCOUNT]->(a:Account {id: r.id}) DELETE h');
  await tx.insertRels('HOLDS_ACCOUNT', links.map((l) => ({ from: l.personId, to: l.accountId })));
  await pseudonymsDue(tx, links.map((l) => l.personId));
}

/** Rewrites transfers: their data, their case and the accounts at either end. */
export async function updateTransfers(tx: Transaction, transfers: readonly TransferRecord[]): Promise<void> {
  if (!transfers.length) return;
  const rows = transfers.map((t) => ({ id: t.id, amount: t.amount, currency: t.currency, date: t.date, channel: t.channel }));
  const set = (r: string) => `SET t.amount = ${r}amount, t.currency = ${r}currency, t.date = ${r}date, t.channel = ${r}channel`;
  await writeRows(tx, rows, `MATCH (t:Transfer) WHERE t.id = $id ${set('$')}`, `UNWIND $rows AS r MATCH (t:Transfer {id: r.id}) ${set('r.')}`);
  for (const rel of ['RECORDED_IN', 'DEBITED', 'CREDITED']) {
    await writeRows(tx, rows.map(({ id }) => ({ id })), `MATCH (t:Transfer)-[l:${rel}]->() WHERE t.id = $id DELETE l`,
      `UNWIND $rows AS r MATCH (t:Transfer {id: r.id})-[l:${rel}]->() DELETE l`);
  }
  await tx.insertRels('RECORDED_IN', transfers.map((t) => ({ from: t.id, to: t.caseId })));
  await tx.insertRels('DEBITED', transfers.filter((t) => t.fromAccountId).map((t) => ({ from: t.id, to: t.fromAccountId! })));
  await tx.insertRels('CREDITED', transfers.filter((t) => t.toAccountId).map((t) => ({ from: t.id, to: t.toAccountId! })));
}
