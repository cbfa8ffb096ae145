/**
 * What a row says besides its person and case, read through the mapping's optional
 * sections: the person's account (`account`), a transfer of the case (`transfer`, with
 * the account at its other end, `transfer.counterparty`) and a route observation of the
 * case (`route`, with its origin, transit and destination places). A part is null when the
 * row has nothing in its columns (a victim's row without an account, a case without a
 * route); otherwise it is read whole, and the member's rules (@enlace/member importParts)
 * decide whether it holds.
 */
import { readAmount, type DecimalSeparator } from './amounts';
import {
  ACCOUNT_FIELDS, PLACE_FIELDS, ROUTE_FIELDS, ROUTE_PLACES, TRANSFER_FIELDS, type FieldSpec, type Mapping, type PlaceSpec,
} from './mapping';
import { ValueError, type FieldReaders, type Note, type Reader, type SourceRow } from './readers';

type Values = Record<string, unknown>;

export interface MappedParts {
  account: Values | null;
  transfer: Values | null;
  route: Values | null;
}

/** A section's fields: read together, and present when one of its columns has something. */
interface Section {
  read(row: SourceRow, notes: Note[]): Values;
  present(row: SourceRow): boolean;
}

const ISO_CURRENCY = /^[A-Z]{3}$/;

export function partsReader(mapping: Mapping, readers: FieldReaders): (row: SourceRow, notes: Note[]) => MappedParts {
  const section = (prefix: string, fields: readonly string[], specs: Record<string, FieldSpec | undefined> | undefined, presence = fields): Section => {
    const read: Array<[string, Reader]> = fields.map((f) => [f, readers.reader(`${prefix}.${f}`, specs?.[f])]);
    const present = presence.map((f) => readers.present(specs?.[f]));
    return {
      read: (row, notes) => Object.fromEntries(read.map(([f, r]) => [f, r(row, notes)])),
      present: (row) => present.some((p) => p(row)),
    };
  };
  const account = mapping.account ? section('account', ACCOUNT_FIELDS, mapping.account) : null;
  const transfer = mapping.transfer ? transferReader(mapping, readers, section) : null;
  const route = mapping.route ? routeReader(mapping.route, section) : null;
  return (row, notes) => ({
    account: account?.present(row) ? account.read(row, notes) : null,
    transfer: transfer?.present(row) ? transfer.read(row, notes) : null,
    route: route?.present(row) ? route.read(row, notes) : null,
  });
}

type SectionOf = (prefix: string, fields: readonly string[], specs: Record<string, FieldSpec | undefined> | undefined, presence?: readonly string[]) => Section;

/** The transfer: its amount read as clerks write it (decimal separator, thousands, a currency beside the number), and its counterparty. */
function transferReader(mapping: Mapping, readers: FieldReaders, section: SectionOf): Section {
  const specs = mapping.transfer!;
  // A direction alone says nothing of a transfer.
  const own = section('transfer', TRANSFER_FIELDS, specs, TRANSFER_FIELDS.filter((f) => f !== 'direction'));
  const counterparty = specs.counterparty ? section('transfer.counterparty', ACCOUNT_FIELDS, specs.counterparty) : null;
  const decimal: DecimalSeparator = (typeof specs.amount === 'object' && specs.amount.decimal) || '.';
  // A currency written beside the amount goes through the currency's table too (`U$S` → USD).
  const currencySpec = specs.currency === undefined ? undefined : typeof specs.currency === 'string' ? {} : { ...specs.currency, value: undefined };
  const currencyOf = currencySpec ? readers.reader('transfer.currency', { ...currencySpec, column: 'currency' }) : null;
  const tokenCurrency = (token: string, notes: Note[]): unknown => (currencyOf ? currencyOf(() => token, notes) : token.toUpperCase());

  return {
    present: (row) => own.present(row) || (counterparty?.present(row) ?? false),
    read: (row, notes) => {
      const t = own.read(row, notes);
      if (t.amount !== null && t.amount !== undefined) {
        const written = readAmount(String(t.amount), decimal);
        if ('problem' in written) throw new ValueError('transfer.amount', written.problem);
        t.amount = written.amount;
        if (written.currency) {
          if (t.currency === null || t.currency === undefined) t.currency = tokenCurrency(written.currency, notes);
          else {
            // The currency column decides; a code beside the number that says otherwise is a contradiction (a `$` is not a code).
            let beside: unknown;
            try {
              beside = tokenCurrency(written.currency, []);
            } catch {
              beside = null;
            }
            const column = String(t.currency).toUpperCase();
            if (typeof beside === 'string' && ISO_CURRENCY.test(beside) && beside !== column) {
              throw new ValueError('transfer.amount', `is in ${beside}, but the currency column says ${column} (got "${written.currency} …")`);
            }
          }
        }
      }
      t.counterparty = counterparty?.present(row) ? counterparty.read(row, notes) : null;
      return t;
    },
  };
}

/** The route: its places, the transit ones as two lists (countries, localities) paired by position. */
function routeReader(specs: NonNullable<Mapping['route']>, section: SectionOf): Section {
  const own = section('route', ROUTE_FIELDS, specs as Record<string, FieldSpec | undefined>);
  const places = ROUTE_PLACES.map((p) => [p, section(`route.${p}`, PLACE_FIELDS, specs[p] as PlaceSpec as Record<string, FieldSpec | undefined>)] as const);
  return {
    present: (row) => own.present(row) || places.some(([, s]) => s.present(row)),
    read: (row, notes) => {
      const r = own.read(row, notes);
      for (const [name, s] of places) r[name] = s.read(row, notes);
      const transit = r.transit as { country: unknown; locality: unknown };
      const countries = (transit.country as unknown[] | undefined) ?? [];
      const localities = (transit.locality as unknown[] | undefined) ?? [];
      if (localities.length > countries.length) {
        throw new ValueError('route.transit.locality', `names ${localities.length} places, but route.transit.country ${countries.length}: they are paired in order (got "${localities.join(', ')}")`);
      }
      r.transit = countries.map((country, i) => ({ country, locality: localities[i] ?? null }));
      return r;
    },
  };
}
