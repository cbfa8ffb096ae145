/**
 * The seed's newer domain: the structured modus operandi of cases and route
 * observations, and the financial flows of some cases. Each record draws from
 * its own generator, seeded by the record's id (`<id>:mo`, `<id>:finance`), never
 * from the member's main one: records generated before these existed keep every
 * value they had, whatever is added here.
 */
import { makeId } from '@enlace/platform';
import type { AccountRecord, ModusOperandi, RouteObservationRecord, TransferRecord } from '@enlace/member';
import { routeByCode, type Exploitation, type Mode, type RouteKind } from './catalogue';
import { hashSeed, Random } from './random';

type Weights<T> = ReadonlyArray<readonly [T, number]>;

/** The seed's forms of exploitation (case summaries) as the schema's codes. */
const EXPLOITATION_CODE: Record<Exploitation, string> = { sexual: 'SEXUAL', labour: 'LABOUR', servitude: 'DOMESTIC_SERVITUDE', begging: 'BEGGING' };
/** Forms the summaries do not describe, coded now and then as the main one. */
const RARER_EXPLOITATION: Weights<string> = [['FORCED_CRIMINALITY', 5], ['FORCED_MARRIAGE', 3], ['ILLEGAL_ADOPTION', 1], ['ORGAN_REMOVAL', 1], ['OTHER', 2]];

const RECRUITMENT: Record<'TIP' | 'SOM', Weights<string>> = {
  TIP: [['JOB_ADVERT', 25], ['SOCIAL_MEDIA', 20], ['FAMILY_OR_ACQUAINTANCE', 18], ['IN_PERSON', 15], ['INTIMATE_PARTNER', 10], ['ONLINE', 8], ['ABDUCTION', 2], ['OTHER', 2]],
  SOM: [['IN_PERSON', 40], ['SOCIAL_MEDIA', 30], ['FAMILY_OR_ACQUAINTANCE', 15], ['ONLINE', 10], ['OTHER', 5]],
};
const PAYMENT: Record<'TIP' | 'SOM', Weights<string>> = {
  TIP: [['DEBT_BONDAGE', 55], ['IN_KIND', 10], ['UPFRONT', 10], ['INSTALMENTS', 10], ['OTHER', 3]],
  SOM: [['UPFRONT', 45], ['INSTALMENTS', 20], ['ON_ARRIVAL', 20], ['DEBT_BONDAGE', 5], ['IN_KIND', 5]],
};
const DOCUMENT_FRAUD: Weights<string> = [['NONE', 55], ['FORGED', 18], ['FRAUDULENTLY_OBTAINED', 12], ['IMPOSTOR', 8]];

/** The mode most legs of a route use (the first of equals). */
function mainMode(modes: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const m of modes) counts.set(m, (counts.get(m) ?? 0) + 1);
  let best: string | null = null;
  for (const [m, n] of counts) if (best === null || n > counts.get(best)!) best = m;
  return best;
}

/** A value, or null (not classified) now and then: owners do not classify everything. */
const sometimes = <T>(rng: Random, value: () => T, unclassified = 0.08): T | null => (rng.chance(unclassified) ? null : value());

/**
 * A case's coded modus operandi: exploitation from the form its summary
 * describes (smuggling without exploitation: none), transport from the main
 * mode of the first route it used, the rest by the kind of case.
 */
export function caseModusOperandi(
  caseId: string, seed: number, c: { kind: RouteKind; form: Exploitation; offences: readonly string[]; routeCodes: readonly string[] },
): ModusOperandi {
  const rng = new Random(hashSeed(`${caseId}:mo`, seed));
  const trafficking = c.kind !== 'SOM';
  const kind = trafficking ? 'TIP' : 'SOM';
  const modes = c.routeCodes.length ? routeByCode(c.routeCodes[0]).modes : null;
  return {
    recruitment: sometimes(rng, () => rng.weighted(RECRUITMENT[kind])),
    transport: modes ? mainMode(modes) : sometimes(rng, () => rng.weighted<Mode>([['LAND', 70], ['AIR', 15], ['SEA', 10], ['RIVER', 5]]), 0.3),
    documentFraud: c.offences.includes('DOCUMENT_FRAUD')
      ? rng.weighted([['FORGED', 5], ['FRAUDULENTLY_OBTAINED', 3], ['IMPOSTOR', 2]])
      : sometimes(rng, () => rng.weighted(DOCUMENT_FRAUD), 0.15),
    payment: sometimes(rng, () => rng.weighted(PAYMENT[kind]), 0.12),
    exploitation: trafficking ? (rng.chance(0.08) ? rng.weighted(RARER_EXPLOITATION) : EXPLOITATION_CODE[c.form]) : null,
  };
}

/** A route observation's coded modus operandi, by the kind of corridor it is. */
export function observationModusOperandi(o: Pick<RouteObservationRecord, 'id' | 'routeCode' | 'legs'>, seed: number): ModusOperandi {
  const rng = new Random(hashSeed(`${o.id}:mo`, seed));
  const route = routeByCode(o.routeCode);
  const kind = route.kind === 'SOM' || (route.kind === 'BOTH' && rng.chance(0.5)) ? 'SOM' : 'TIP';
  return {
    recruitment: sometimes(rng, () => rng.weighted(RECRUITMENT[kind])),
    transport: mainMode(o.legs.map((l) => l.mode)),
    documentFraud: sometimes(rng, () => rng.weighted(DOCUMENT_FRAUD), 0.2),
    payment: sometimes(rng, () => rng.weighted(PAYMENT[kind])),
    exploitation: kind === 'TIP' ? rng.weighted<string>([['SEXUAL', 5], ['LABOUR', 4], ['DOMESTIC_SERVITUDE', 1], ['BEGGING', 1], ['FORCED_CRIMINALITY', 1]]) : null,
  };
}

// ---- financial flows ------------------------------------------------------------

const CHANNELS: Weights<string> = [
  ['BANK', 30], ['MONEY_REMITTANCE', 22], ['MOBILE_MONEY', 15], ['CRYPTO_ASSET', 12], ['CASH_COURIER', 11], ['INFORMAL_VALUE_TRANSFER', 10],
];

/** Institutions by country, each with how its identifiers look. */
const BANKS: Record<string, readonly string[]> = {
  AR: ['Banco de la Nación Argentina', 'Banco Galicia', 'Banco Macro'],
  BO: ['Banco Unión', 'BancoSol', 'Banco Mercantil Santa Cruz'],
  BR: ['Banco do Brasil', 'Caixa Econômica Federal', 'Itaú Unibanco'],
  CL: ['BancoEstado', 'Banco de Chile'],
  CO: ['Bancolombia', 'Banco de Bogotá', 'Davivienda'],
  EC: ['Banco Pichincha', 'Banco Guayaquil'],
  PE: ['Banco de Crédito del Perú', 'Interbank', 'BBVA Perú'],
  PY: ['Banco Nacional de Fomento', 'Banco Itaú Paraguay'],
  VE: ['Banco de Venezuela', 'Banesco'],
};
const MOBILE_MONEY: Record<string, string> = { PE: 'Yape', CO: 'Nequi', BO: 'Tigo Money', AR: 'Mercado Pago', PY: 'Tigo Money', EC: 'DeUna', BR: 'PicPay' };
const REMITTERS = ['Western Union', 'MoneyGram', 'Ria', 'Remitly'];
const EXCHANGES = ['Binance', 'a self-hosted wallet (TRON)', 'OKX'];
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

type AccountFields = Omit<AccountRecord, 'id' | 'seq' | 'country' | 'holderId'>;

/** An account of a kind that fits the channel, held in `cc`. */
function accountFor(rng: Random, channel: string, cc: string): AccountFields {
  const bankCountry = BANKS[cc] ? cc : 'PE';
  switch (channel) {
    case 'MOBILE_MONEY':
      return { institution: MOBILE_MONEY[cc] ?? 'Tigo Money', institutionCountry: MOBILE_MONEY[cc] ? cc : 'BO', identifierType: 'MOBILE_MONEY_NUMBER', identifier: `+${rng.pick(['51 9', '57 3', '591 7', '54 9 11 '])}${rng.digits(8)}` };
    case 'CRYPTO_ASSET': {
      const exchange = rng.pick(EXCHANGES);
      const address = `T${Array.from({ length: 33 }, () => BASE58[rng.int(0, BASE58.length - 1)]).join('')}`;
      return { institution: exchange, institutionCountry: exchange.startsWith('a self-hosted') ? null : rng.pick(['KY', 'SC', 'MT']), identifierType: 'CRYPTO_ADDRESS', identifier: address };
    }
    case 'MONEY_REMITTANCE':
    case 'INFORMAL_VALUE_TRANSFER':
      return channel === 'MONEY_REMITTANCE'
        ? { institution: rng.pick(REMITTERS), institutionCountry: cc, identifierType: 'OTHER', identifier: `MTCN ${rng.digits(10, true)}` }
        : { institution: `Casa de cambio "${rng.pick(['El Sol', 'La Frontera', 'San Martín', 'Los Andes'])}"`, institutionCountry: cc, identifierType: 'OTHER', identifier: `Cuenta ${rng.letters(2)}-${rng.digits(5)}` };
    default:
      return cc === 'BR'
        ? { institution: rng.pick(BANKS.BR), institutionCountry: 'BR', identifierType: 'IBAN', identifier: `BR${rng.digits(2)} ${rng.digits(4)} ${rng.digits(4)} ${rng.digits(4)} ${rng.digits(4)} ${rng.digits(4)} ${rng.digits(4)} ${rng.letters(1)}${rng.digits(1)}` }
        : { institution: rng.pick(BANKS[bankCountry]), institutionCountry: bankCountry, identifierType: 'ACCOUNT_NUMBER', identifier: `${rng.digits(3)}-${rng.digits(3)}-${rng.digits(12)}-${rng.digits(2)}` };
  }
}

/** The anchor suspect's bank account, the same in every member (as his passport is): the README's account hit/no-hit example. */
export const ANCHOR_ACCOUNT = {
  institution: 'Banco de Crédito del Perú', institutionCountry: 'PE', identifierType: 'ACCOUNT_NUMBER', identifier: '193-004-578123045018-52',
} as const;

/** The member-wide counters of account and transfer numbers (ids `CC:A:n`, `CC:T:n`). */
export interface FinanceCounters { accounts: number; transfers: number }

export interface CaseFlows { accounts: AccountRecord[]; transfers: TransferRecord[] }

/**
 * The money of a case, for some cases: accounts held by its offenders (now and
 * then a victim's, into which wages or "debts" were paid), and transfers among
 * them and to accounts of nobody the member identified, by varied channels,
 * dated after the case opened. `force` gives every case of the anchors flows.
 */
export function caseFlows(
  country: string, seed: number, counters: FinanceCounters,
  c: { id: string; openedOn: string; today: string; offenders: readonly string[]; victims: readonly string[]; force?: boolean; anchorHolder?: string },
): CaseFlows {
  const rng = new Random(hashSeed(`${c.id}:finance`, seed));
  const flows: CaseFlows = { accounts: [], transfers: [] };
  if (!c.offenders.length || !(c.force || rng.chance(0.3))) return flows;
  const account = (holderId: string | null, fields: AccountFields): string => {
    const seq = ++counters.accounts;
    const id = makeId(country, 'A', seq);
    flows.accounts.push({ id, seq, country, holderId, ...fields });
    return id;
  };
  const channels = Array.from({ length: rng.int(1, 3) }, () => rng.weighted(CHANNELS));
  const held: Array<{ id: string; channel: string }> = [];
  if (c.anchorHolder) held.push({ id: account(c.anchorHolder, { ...ANCHOR_ACCOUNT }), channel: 'BANK' });
  for (const channel of channels) {
    const holder = rng.pick(c.offenders);
    held.push({ id: account(holder, accountFor(rng, channel, rng.chance(0.7) ? country : rng.pick(['PE', 'BO', 'CO', 'AR']))), channel });
  }
  const victim = c.victims.length && rng.chance(0.25) ? account(rng.pick(c.victims), accountFor(rng, 'MOBILE_MONEY', country)) : null;
  const latest = c.today < c.openedOn ? c.openedOn : c.today;
  const transfers = rng.int(1, 6);
  for (let k = 0; k < transfers; k++) {
    const from = rng.pick(held);
    // To another offender's account, to the victim's, or to an account the member could not identify the holder of.
    // A cash courier carries cash out of an account: nothing is credited to a known account.
    const cash = from.channel === 'CASH_COURIER';
    const other = held.filter((h) => h.id !== from.id);
    const to = cash ? null : victim && rng.chance(0.2)
      ? victim
      : other.length && rng.chance(0.5) ? rng.pick(other).id : account(null, accountFor(rng, from.channel, rng.pick(['PE', 'BO', 'CO', 'AR', 'CL', 'EC'])));
    const seq = ++counters.transfers;
    flows.transfers.push({
      id: makeId(country, 'T', seq), seq, country, caseId: c.id,
      fromAccountId: from.id, toAccountId: to,
      amount: `${rng.weighted([[rng.int(50, 900), 5], [rng.int(1_000, 9_900), 4], [rng.int(10_000, 95_000), 1]])}.${rng.pick(['00', '50', rng.digits(2)])}`,
      currency: from.channel === 'CRYPTO_ASSET' ? 'USD' : rng.weighted([['USD', 5], [LOCAL_CURRENCY[country] ?? 'USD', 4], ['EUR', 1]]),
      date: rng.dateBetween(c.openedOn, latest),
      channel: from.channel,
    });
  }
  return flows;
}

const LOCAL_CURRENCY: Record<string, string> = { AR: 'ARS', BO: 'BOB', BR: 'BRL', CL: 'CLP', CO: 'COP', EC: 'USD', PE: 'PEN', PY: 'PYG', VE: 'VES', MX: 'MXN' };
