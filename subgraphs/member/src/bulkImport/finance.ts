/**
 * An import's accounts and transfers, one step of each batch (the Importer runs it after
 * persons and cases, in the same transaction):
 *
 * - an account is matched on its identifier's type and its letters and digits (accountKey):
 *   the same account on many rows, as a person's own or as the other end of a transfer, is one
 *   record. Its holder is the person of the first row giving it as that person's own; a holder
 *   is added or replaced, never removed, by an import (as involvements are);
 * - a transfer is matched on the export's transfer reference when the mapping names one (then
 *   a corrected amount updates it), else on what it is: its case, date, amount, currency and the
 *   accounts at both ends. It belongs to the row's case, and goes from the row's person's account
 *   to the counterparty's (or the other way, `direction` RECEIVED); an end without an account is
 *   cash or unknown.
 *
 * Its hash covers the ids of its case and accounts too, so a transfer whose case or account was
 * erased and imported again is rewritten with its new ends.
 */
import type { Transaction } from '@enlace/store';
import type { AccountFields } from '../finance/inputs';
import { holdersOf, insertAccounts, insertTransfers, normaliseAccountIdentifier, replaceHolders, updateAccounts, updateTransfers } from '../finance/repository';
import type { AccountRecord, TransferRecord } from '../records';
import { insertNationalReferences, setNationalReferenceHashes } from '../upkeep/repository';
import { hashedKey, KeyedRecords, type Decided, type Named, type Tally } from './keyed';
import { accountKey, type ImportTransfer } from './rowParts';
import { contentHash, type ImportRow } from './rows';
import type { StepContext } from './step';

/** An account a dry run shows: as it would be stored, with its holder's national reference. */
export interface PlannedAccount {
  status: 'new' | 'update';
  account: Omit<AccountRecord, 'id' | 'seq' | 'country' | 'holderId'>;
  holder: string | null;
}

/** A transfer a dry run shows: its case by file number, its ends by their accounts' identifiers. */
export interface PlannedTransfer {
  status: 'new' | 'update';
  transfer: Pick<TransferRecord, 'amount' | 'currency' | 'date' | 'channel'>;
  caseRef: string;
  from: string | null;
  to: string | null;
}

interface TransferData {
  record: Omit<TransferRecord, 'id' | 'seq'>;
  preview: Omit<PlannedTransfer, 'status'>;
}

interface Holder {
  personId: string;
  personRef: string;
  line: number;
}

export interface FinancePlan {
  accounts: Map<string, Decided<AccountFields>>;
  /** Each account's first holder in this batch, for accounts this run had no holder for. */
  holders: Map<string, Holder>;
  newAccounts: AccountRecord[];
  updatedAccounts: AccountRecord[];
  /** Holders given to accounts this batch does not insert (added, or replacing the one the store had). */
  holderLinks: Array<{ key: string; accountId: string; personId: string }>;
  transfers: Map<string, Decided<TransferData>>;
  newTransfers: TransferRecord[];
  updatedTransfers: TransferRecord[];
}

const noPlan = (): FinancePlan => ({
  accounts: new Map(), holders: new Map(), newAccounts: [], updatedAccounts: [], holderLinks: [], transfers: new Map(), newTransfers: [], updatedTransfers: [],
});

const accountLabel = (a: AccountFields) => `account ${a.identifierType} ${a.identifier}`;
/** An account's content as compared: its identifier's letters and digits (`0070 0999` and `00700999` are written alike). */
const accountHash = (a: AccountFields) => contentHash({ ...a, identifier: normaliseAccountIdentifier(a.identifier) });

/** An amount as a key compares it: 1500, 1500.0 and 1500.00 are one amount. */
const amountKey = (amount: string) => (amount.includes('.') ? amount.replace(/\.?0+$/, '') : amount);

function transferKey(caseRef: string, t: ImportTransfer, fromKey: string | null, toKey: string | null): string {
  return t.reference
    ? hashedKey('T:', ['reference', caseRef, t.reference])
    : hashedKey('T:', ['content', caseRef, t.date, amountKey(t.amount), t.currency, fromKey ?? '', toKey ?? '']);
}

const transferLabel = (caseRef: string, t: ImportTransfer) =>
  t.reference ? `transfer ${t.reference} of case ${caseRef}` : `transfer of ${t.amount} ${t.currency} on ${t.date} in case ${caseRef}`;

export class FinanceImport {
  private readonly accounts: KeyedRecords;
  private readonly transfers: KeyedRecords;
  /** Each account's holder as this run gave it. */
  private readonly holders = new Map<string, Holder>();

  constructor(private readonly country: string, tallies: { accounts: Tally; transfers: Tally }) {
    this.accounts = new KeyedRecords(country, 'A', tallies.accounts);
    this.transfers = new KeyedRecords(country, 'T', tallies.transfers);
  }

  async plan(ctx: StepContext): Promise<FinancePlan> {
    const rows = ctx.rows.filter((r) => r.account || r.transfer);
    if (!rows.length) return noPlan();
    const plan = noPlan();

    const named: Array<Named<AccountFields>> = [];
    for (const row of rows) {
      for (const a of [row.account, row.transfer?.counterparty]) {
        if (a) named.push({ key: accountKey(a), hash: accountHash(a), line: row.line, label: accountLabel(a), data: a });
      }
    }
    plan.accounts = await this.accounts.decide(named, ctx.references, ctx.tx, ctx.allocate, ctx.warn);
    await this.planHolders(ctx, rows, plan);
    for (const d of plan.accounts.values()) {
      if (d.status === 'unchanged') continue;
      const record: AccountRecord = { id: d.id, seq: d.seq, country: this.country, holderId: plan.holders.get(d.key)?.personId ?? null, ...d.data };
      (d.status === 'new' ? plan.newAccounts : plan.updatedAccounts).push(record);
    }

    const namedTransfers: Array<Named<TransferData>> = [];
    for (const row of rows) {
      if (row.transfer) namedTransfers.push(this.namedTransfer(ctx, row, row.transfer, plan));
    }
    plan.transfers = await this.transfers.decide(namedTransfers, ctx.references, ctx.tx, ctx.allocate, ctx.warn);
    for (const d of plan.transfers.values()) {
      if (d.status !== 'unchanged') (d.status === 'new' ? plan.newTransfers : plan.updatedTransfers).push({ id: d.id, seq: d.seq, ...d.data.record });
    }
    return plan;
  }

  /** Holders: the first row giving an account as its person's; the store's holder read only for accounts that predate the run. */
  private async planHolders(ctx: StepContext, rows: readonly ImportRow[], plan: FinancePlan): Promise<void> {
    for (const row of rows) {
      if (!row.account) continue;
      const key = accountKey(row.account);
      const earlier = this.holders.get(key) ?? plan.holders.get(key);
      if (earlier) {
        if (earlier.personRef !== row.personRef) {
          ctx.warn({ line: row.line, column: null, reason: `${accountLabel(row.account)} is held by ${earlier.personRef} on line ${earlier.line}, which was kept` });
        }
        continue;
      }
      plan.holders.set(key, { personId: ctx.records(row).personId, personRef: row.personRef, line: row.line });
    }
    const idOf = (key: string) => this.accounts.idOf(key, plan.accounts)!;
    const inserted = (key: string) => plan.accounts.get(key)?.status === 'new';
    const older = [...plan.holders.keys()].filter((k) => !inserted(k) && !this.accounts.createdInRun(k));
    const stored = await holdersOf(ctx.tx, older.map(idOf));
    for (const [key, holder] of plan.holders) {
      if (inserted(key) || stored.get(idOf(key)) === holder.personId) continue;
      plan.holderLinks.push({ key, accountId: idOf(key), personId: holder.personId });
    }
  }

  private namedTransfer(ctx: StepContext, row: ImportRow, t: ImportTransfer, plan: FinancePlan): Named<TransferData> {
    const own = row.account ?? null;
    const [from, to] = t.direction === 'SENT' ? [own, t.counterparty] : [t.counterparty, own];
    const [fromKey, toKey] = [from && accountKey(from), to && accountKey(to)];
    const [fromAccountId, toAccountId] = [fromKey && this.accounts.idOf(fromKey, plan.accounts)!, toKey && this.accounts.idOf(toKey, plan.accounts)!];
    const { caseId } = ctx.records(row);
    const fields = { amount: t.amount, currency: t.currency, date: t.date, channel: t.channel };
    return {
      key: transferKey(row.caseRef, t, fromKey, toKey),
      hash: contentHash({ ...fields, caseId, fromAccountId, toAccountId }),
      line: row.line,
      label: transferLabel(row.caseRef, t),
      data: {
        record: { country: this.country, caseId, fromAccountId, toAccountId, ...fields },
        preview: { transfer: fields, caseRef: row.caseRef, from: from && `${from.identifierType} ${from.identifier}`, to: to && `${to.identifierType} ${to.identifier}` },
      },
    };
  }

  /** Order matters: holders and transfers match accounts (and persons, cases) written before them. */
  async write(tx: Transaction, plan: FinancePlan): Promise<void> {
    await insertAccounts(tx, plan.newAccounts);
    await updateAccounts(tx, plan.updatedAccounts);
    if (plan.holderLinks.length) await replaceHolders(tx, plan.holderLinks);
    await insertTransfers(tx, plan.newTransfers);
    await updateTransfers(tx, plan.updatedTransfers);
    for (const decided of [plan.accounts.values(), plan.transfers.values()]) {
      const references = KeyedRecords.references(decided);
      await insertNationalReferences(tx, references.created);
      await setNationalReferenceHashes(tx, references.changed);
    }
  }

  /** Remembers and counts a batch's plan, once its transaction committed. */
  settle(plan: FinancePlan): void {
    this.accounts.settle(plan.accounts.values());
    for (const [key, holder] of plan.holders) this.holders.set(key, holder);
    // An account otherwise unchanged that got a holder was changed after all.
    for (const link of plan.holderLinks) this.accounts.promote(link.key);
    this.transfers.settle(plan.transfers.values());
  }
}

/** The ids a plan writes (what the batch's audit entry names): accounts with their holders, transfers with their cases. */
export function financeWritten(plan: FinancePlan): string[] {
  const ids: string[] = [];
  for (const a of [...plan.newAccounts, ...plan.updatedAccounts]) ids.push(a.id, ...(a.holderId ? [a.holderId] : []));
  for (const l of plan.holderLinks) ids.push(l.accountId, l.personId);
  for (const t of [...plan.newTransfers, ...plan.updatedTransfers]) ids.push(t.id, t.caseId);
  return ids;
}

/** What a dry run shows of a plan. */
export function plannedFinance(plan: FinancePlan): { accounts: PlannedAccount[]; transfers: PlannedTransfer[] } {
  const status = (d: Decided<unknown>) => (d.status === 'new' ? 'new' as const : 'update' as const);
  const changed = <T>(decided: Map<string, Decided<T>>) => [...decided.values()].filter((d) => d.status !== 'unchanged');
  return {
    accounts: changed(plan.accounts).map((d) => ({ status: status(d), account: d.data, holder: plan.holders.get(d.key)?.personRef ?? null })),
    transfers: changed(plan.transfers).map((d) => ({ status: status(d), ...d.data.preview })),
  };
}
