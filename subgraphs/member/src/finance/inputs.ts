/**
 * The rules an account or a transfer must meet before it is written, in the
 * style of inputs.ts (one place for mutations and, later, imports). Every
 * problem is a BAD_USER_INPUT error naming the field.
 */
import { badInput, validate as v } from '@enlace/platform';
import { ENUMS, enumValue } from '../inputs';
import { normaliseAccountIdentifier } from './repository';

type Input = Record<string, unknown>;

export interface AccountFields {
  institution: string;
  institutionCountry: string | null;
  identifierType: string;
  identifier: string;
}

export interface TransferFields {
  amount: string;
  currency: string;
  date: string;
  channel: string;
}

/** An IBAN after normalising: country, check digits, up to 30 letters and digits (ISO 13616). */
const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;

export function accountFields(input: Input, at = 'input'): AccountFields {
  const identifierType = enumValue(`${at}.identifierType`, input.identifierType, ENUMS.AccountIdentifierType) as string;
  const identifier = v.requiredText(`${at}.identifier`, input.identifier, 100);
  const normalised = normaliseAccountIdentifier(identifier);
  if (!normalised) throw badInput(`${at}.identifier`, 'must hold letters or digits');
  if (identifierType === 'IBAN' && !IBAN.test(normalised)) throw badInput(`${at}.identifier`, 'must be an IBAN: country code, two check digits and 11 to 30 letters or digits');
  return {
    institution: v.requiredText(`${at}.institution`, input.institution, 200),
    institutionCountry: input.institutionCountry === null || input.institutionCountry === undefined || input.institutionCountry === '' ? null : v.country(`${at}.institutionCountry`, input.institutionCountry),
    identifierType,
    identifier,
  };
}

/** A positive decimal amount: at most 15 digits before the point and 8 after (crypto-assets' precision). */
const AMOUNT = /^\d{1,15}(\.\d{1,8})?$/;
// ISO 4217 as the runtime's ICU knows it: kept up to date with Node, not by hand.
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function transferFields(input: Input, at = 'input'): TransferFields {
  const amount = String(input.amount ?? '').trim();
  if (!AMOUNT.test(amount) || !/[1-9]/.test(amount)) throw badInput(`${at}.amount`, 'must be a positive decimal amount such as 1500.00 (a point, at most 8 decimals)');
  const currency = String(input.currency ?? '').trim().toUpperCase();
  if (!CURRENCIES.has(currency)) throw badInput(`${at}.currency`, 'must be an ISO 4217 currency code such as USD, EUR or PEN');
  return {
    amount,
    currency,
    date: v.isoDate(`${at}.date`, input.date, { required: true, notFuture: true }) as string,
    channel: enumValue(`${at}.channel`, input.channel, ENUMS.TransferChannel) as string,
  };
}

/**
 * A transfer's two ends (accounts by whatever identifies them where it is checked: an id, an
 * import's account key): a known account at one end at least, and not the same at both.
 */
export function transferEnds(from: string | null, to: string | null, fields: { from: string; to: string }): void {
  if (!from && !to) throw badInput(fields.from, `or ${fields.to} is required: a transfer has a known account at one end at least`);
  if (from && from === to) throw badInput(fields.to, `must differ from ${fields.from}`);
}
