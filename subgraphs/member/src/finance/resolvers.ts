/**
 * Financial flows: accounts a person holds, transfers recorded in a case.
 * Reads go through the guarded data layer after the field rules of
 * Person.accounts (finance.accounts) and Case.transfers (finance.transfers)
 * have decided on the person or the case; what hangs off them (an account's
 * holder, its other transfers, a transfer's case) is checked again there.
 * Writes are the owner's (write.own-member), validated, one transaction each.
 */
import { badInput, isSeq, newId, readListPage, type ListPage } from '@enlace/platform';
import type { MemberContext } from '../context';
import * as repo from '../repository';
import type { AccountRecord, TransferRecord } from '../records';
import { ownId, requireOwnWriter } from '../writeAccess';
import { accountFields, transferEnds, transferFields } from './inputs';
import * as finance from './repository';
import type { CaseTransfersPageArgs, MutationRecordAccountArgs, MutationRecordTransferArgs, Resolvers } from '../generated/resolvers';

/** A page of a case's transfers, as Case.transfersPage gives it (the parent of TransferPage's fields). */
export type TransferPageValue = ListPage<TransferRecord>;

const optionalOwnId = (ctx: MemberContext, field: string, id: unknown): string | null =>
  id === null || id === undefined ? null : ownId(ctx, field, id);

async function recordAccount(_: unknown, { input }: MutationRecordAccountArgs, ctx: MemberContext): Promise<AccountRecord> {
  requireOwnWriter(ctx);
  const holderId = optionalOwnId(ctx, 'input.holderId', input.holderId);
  const fields = accountFields(input);
  const account = await ctx.store.write(async (tx) => {
    if (holderId && !(await repo.existingIds(tx, 'Person', [holderId])).has(holderId)) throw badInput('input.holderId', `no person ${holderId}`);
    const seq = await repo.reserveSeq(tx, 'A', 1);
    const record: AccountRecord = { id: newId(ctx.country, 'A'), seq, country: ctx.country, holderId, ...fields };
    await finance.insertAccounts(tx, [record]);
    return record;
  });
  ctx.audit.wrote(holderId ? [account.id, holderId] : [account.id]);
  return account;
}

async function recordTransfer(_: unknown, { input }: MutationRecordTransferArgs, ctx: MemberContext): Promise<TransferRecord> {
  requireOwnWriter(ctx);
  const caseId = ownId(ctx, 'input.caseId', input.caseId);
  const fromAccountId = optionalOwnId(ctx, 'input.fromAccountId', input.fromAccountId);
  const toAccountId = optionalOwnId(ctx, 'input.toAccountId', input.toAccountId);
  transferEnds(fromAccountId, toAccountId, { from: 'input.fromAccountId', to: 'input.toAccountId' });
  const fields = transferFields(input);
  const transfer = await ctx.store.write(async (tx) => {
    if (!(await repo.existingIds(tx, 'Case', [caseId])).has(caseId)) throw badInput('input.caseId', `no case ${caseId}`);
    const accounts = await repo.existingIds(tx, 'Account', [fromAccountId, toAccountId].filter((id): id is string => !!id));
    if (fromAccountId && !accounts.has(fromAccountId)) throw badInput('input.fromAccountId', `no account ${fromAccountId}`);
    if (toAccountId && !accounts.has(toAccountId)) throw badInput('input.toAccountId', `no account ${toAccountId}`);
    const seq = await repo.reserveSeq(tx, 'T', 1);
    const record: TransferRecord = { id: newId(ctx.country, 'T'), seq, country: ctx.country, caseId, fromAccountId, toAccountId, ...fields };
    await finance.insertTransfers(tx, [record]);
    return record;
  });
  ctx.audit.wrote([transfer.id, caseId]);
  return transfer;
}

/**
 * A case's transfers a page at a time, in the order they were recorded: a keyset on seq over the
 * case's transfers (read once per request by the loader Case.transfers uses), counted exactly.
 */
function transfersPage(c: { id: string }, args: CaseTransfersPageArgs, ctx: MemberContext): Promise<TransferPageValue> {
  const all = () => ctx.data.transfersOf(c);
  return readListPage(ctx.paging, { list: `transfers of ${c.id}`, query: {}, first: args.first, defaultFirst: 50, after: args.after, caller: ctx.identity.caller }, {
    read: async (limit, after) => (await all()).filter((t) => after === null || t.seq > after).slice(0, limit),
    position: (t) => t.seq,
    isPosition: isSeq,
    deliver: (transfers) => transfers,
    count: async (limit) => Math.min((await all()).length, limit),
  });
}

export const financeResolvers = {
  TransferPage: {
    count: async (p) => (await p.counted()).count,
    countCapped: async (p) => (await p.counted()).capped,
  },
  Person: {
    accounts: (p, _, ctx) => ctx.data.accountsOf(p),
  },
  Case: {
    transfers: (c, _, ctx) => ctx.data.transfersOf(c),
    transfersPage,
  },
  Account: {
    holder: (a, _, ctx) => ctx.data.holderOf(a),
    transfers: (a, _, ctx) => ctx.data.transfersOfAccount(a),
  },
  Transfer: {
    from: (t, _, ctx) => ctx.data.accountOf(t.fromAccountId),
    to: (t, _, ctx) => ctx.data.accountOf(t.toAccountId),
    case: (t, _, ctx) => ctx.data.case(t.caseId),
  },
  Mutation: { recordAccount, recordTransfer },
} satisfies Resolvers;
