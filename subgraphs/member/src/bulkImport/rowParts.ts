/**
 * What a row of an export may say besides its person and case: the person's
 * account, a transfer of the case (from or to that account, the other end an
 * account of its own columns, or cash), and a route observation of the case.
 * Checked with the rules of `recordAccount`, `recordTransfer` and
 * `recordRouteObservation` (finance/inputs.ts, routeInputs.ts), by the import
 * command as it reads a row and by the member again for every row it is sent.
 */
import { badInput } from '@enlace/platform';
import { accountFields, transferEnds, transferFields, type AccountFields, type TransferFields } from '../finance/inputs';
import { normaliseAccountIdentifier } from '../finance/repository';
import { enumValue, nationalReference } from '../inputs';
import { routeObservationFields, routeThroughFields, type RouteObservationFields } from '../routeInputs';
import { boundedKey } from './keyed';

/** Which way the money went, seen from the row's person's account. */
export const TRANSFER_DIRECTIONS = ['SENT', 'RECEIVED'] as const;
export type TransferDirection = (typeof TRANSFER_DIRECTIONS)[number];

export interface ImportTransfer extends TransferFields {
  /** The export's own reference of the transfer, when the mapping names one: what a re-import matches it on. */
  reference: string | null;
  /** The account at the other end; null: cash, or not known. */
  counterparty: AccountFields | null;
  /** SENT: the row's person's account paid the counterparty; RECEIVED: it was paid by it. */
  direction: TransferDirection;
}

export interface ImportParts {
  /** The row's person's account (its holder). */
  account: AccountFields | null;
  /** A transfer recorded in the row's case. */
  transfer: ImportTransfer | null;
  /** An observation of a route the row's case used. */
  route: RouteObservationFields | null;
}

type Input = Record<string, unknown>;
const absent = (v: unknown): v is null | undefined => v === null || v === undefined;

function part(value: unknown, at: string): Input | null {
  if (absent(value)) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw badInput(at, 'must be an object');
  return value as Input;
}

/** What an import matches an account on: its identifier's type and its letters and digits (what hit/no-hit compares). */
export const accountKey = (a: Pick<AccountFields, 'identifierType' | 'identifier'>): string =>
  boundedKey('A:', `${a.identifierType}:${normaliseAccountIdentifier(a.identifier)}`);

/**
 * A row's parts, each checked with its mutation's rules and rebuilt from what they return. A route comes
 * as an export's columns give it (`places`: origin, transit, destination, the command's mapped row) or as
 * the member is sent it (`legs`: a RouteObservationInput, as the command's check returned it).
 */
export function importParts(input: { account?: unknown; transfer?: unknown; route?: unknown }, route: 'places' | 'legs' = 'legs'): ImportParts {
  const a = part(input.account, 'account');
  const account = a ? accountFields(a, 'account') : null;
  const t = part(input.transfer, 'transfer');
  let transfer: ImportTransfer | null = null;
  if (t) {
    const fields = transferFields(t, 'transfer');
    const c = part(t.counterparty, 'transfer.counterparty');
    const counterparty = c ? accountFields(c, 'transfer.counterparty') : null;
    const direction = enumValue('transfer.direction', t.direction ?? 'SENT', TRANSFER_DIRECTIONS) as TransferDirection;
    // Whichever way the money went, the ends are the person's account and the counterparty's (the check is symmetric).
    transferEnds(account && accountKey(account), counterparty && accountKey(counterparty), { from: 'account.identifier', to: 'transfer.counterparty.identifier' });
    const reference = absent(t.reference) || t.reference === '' ? null : nationalReference('transfer.reference', t.reference);
    transfer = { ...fields, reference, counterparty, direction };
  }
  const r = part(input.route, 'route');
  return { account, transfer, route: r ? (route === 'places' ? routeThroughFields : routeObservationFields)(r, 'route') : null };
}
