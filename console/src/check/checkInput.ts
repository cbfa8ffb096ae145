/**
 * What a prosecutor types into "Check abroad", read into the identifiers hit/no-hit is asked
 * about (platform/src/pseudonyms/identifiers.ts, the very texts members index), or the field
 * that is wrong and why. Pure, and in this browser only: the identifiers are blinded before
 * anything leaves it (pseudonyms.ts).
 */
import { accountIdentifier, documentIdentifier, identifierCharacters, MAX_NAME_CHECK_KEYS, nameCheckIdentifiers } from '../../../platform/src/pseudonyms/identifiers.ts';

export type CheckKind = 'document' | 'account' | 'name';
export const CHECK_KINDS: readonly CheckKind[] = ['document', 'account', 'name'];

export interface CheckForm {
  kind: CheckKind;
  /** Document: the issuing country (ISO code). */
  issuingCountry: string;
  /** Document: its number as written. */
  number: string;
  /** Account: its identifier (IBAN, account number, wallet) as written. */
  account: string;
  /** Account: where it is held (ISO code), or empty. */
  accountCountry: string;
  /** Name: one line, family names in capitals or before a comma ("QUISPE MAMANI Jhon", "Quispe Mamani, Jhon"). */
  name: string;
  /** Name: YYYY or YYYY-MM-DD. */
  born: string;
  /** Name: MALE, FEMALE or empty (either). */
  sex: string;
}

export const EMPTY_CHECK: CheckForm = { kind: 'document', issuingCountry: '', number: '', account: '', accountCountry: '', name: '', born: '', sex: '' };

/** Why a form cannot be checked: the field's id (to point at it) and the words' key. */
export type CheckProblem =
  | { field: 'issuingCountry' | 'accountCountry'; why: 'countryCode' }
  | { field: 'number' | 'account'; why: 'noCharacters' }
  | { field: 'name'; why: 'nameTwoWords' }
  | { field: 'born'; why: 'bornFormat' | 'bornImpossible' };

export type CheckQuestion = { kind: CheckKind; identifiers: string[] } | { problem: CheckProblem };

const COUNTRY = /^[A-Za-z]{2}$/;
/** The first year of birth a check accepts: anyone born before it is past any register's reach. */
export const EARLIEST_BIRTH_YEAR = 1900;

/** A real year or calendar date, not after `today`: 1984, 1984-02-05; not 84, 1984-02-30 or next year. */
function bornProblem(born: string, today: Date): CheckProblem | null {
  const m = /^(\d{4})(?:-(\d{2})-(\d{2}))?$/.exec(born);
  if (!m) return { field: 'born', why: 'bornFormat' };
  const year = Number(m[1]);
  if (year < EARLIEST_BIRTH_YEAR || year > today.getUTCFullYear()) return { field: 'born', why: 'bornImpossible' };
  if (m[2] !== undefined) {
    const date = new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3])));
    if (date.getUTCMonth() !== Number(m[2]) - 1 || date.getUTCDate() !== Number(m[3]) || date.getTime() > today.getTime()) return { field: 'born', why: 'bornImpossible' };
  }
  return null;
}

/** The identifiers of the form's check (one for a document or an account, up to MAX_NAME_CHECK_KEYS for a name), or its problem. */
export function checkQuestion(form: CheckForm, today: Date = new Date()): CheckQuestion {
  if (form.kind === 'document') {
    if (!COUNTRY.test(form.issuingCountry.trim())) return { problem: { field: 'issuingCountry', why: 'countryCode' } };
    if (!identifierCharacters(form.number)) return { problem: { field: 'number', why: 'noCharacters' } };
    return { kind: 'document', identifiers: [documentIdentifier(form.issuingCountry, form.number)] };
  }
  if (form.kind === 'account') {
    if (!identifierCharacters(form.account)) return { problem: { field: 'account', why: 'noCharacters' } };
    const country = form.accountCountry.trim();
    if (country && !COUNTRY.test(country)) return { problem: { field: 'accountCountry', why: 'countryCode' } };
    return { kind: 'account', identifiers: [accountIdentifier(form.account, country || null)] };
  }
  const born = form.born.trim();
  const problem = bornProblem(born, today);
  if (problem) return { problem };
  let identifiers: string[];
  try {
    identifiers = nameCheckIdentifiers({ name: form.name, born, sex: form.sex || null });
  } catch {
    // The year or date is valid (checked above): what is missing is a second word of the name.
    return { problem: { field: 'name', why: 'nameTwoWords' } };
  }
  return { kind: 'name', identifiers: identifiers.slice(0, MAX_NAME_CHECK_KEYS) };
}
