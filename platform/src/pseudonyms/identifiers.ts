/**
 * What is pseudonymised for hit/no-hit (docs/PSEUDONYMS.md): the normalised identifiers of a
 * person a member indexes, and those a requester's check asks about. Each identifier's text
 * starts with its kind, so pseudonyms of a document, an account and a name key never meet.
 * Pure and free of Node: the console builds a check's identifiers with this module too.
 */
import { queryKeys, recordKeys, writtenName } from '../nameKeys';

export type IdentifierKind = 'document' | 'account' | 'name';
export const IDENTIFIER_KINDS: readonly IdentifierKind[] = ['document', 'account', 'name'];

/** The most name keys one check gives (T, P and two N pairs, each for both sexes when the sex is not given): what nameHits accepts at most. */
export const MAX_NAME_CHECK_KEYS = 8;

/** A number as hit/no-hit compares it: letters and digits, upper case, accents gone (files write "QH-774 1203" and "qh7741203"). */
export function identifierCharacters(value: string): string {
  return value.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().replace(/[^A-Z0-9]/g, '');
}

const countryCode = (country: string): string => country.trim().toUpperCase();

/** An identity document: its issuing country and its number's letters and digits (the type is not part of it: one number, one document). */
export function documentIdentifier(issuingCountry: string, number: string): string {
  return `document|${countryCode(issuingCountry)}|${identifierCharacters(number)}`;
}

/**
 * A financial account as a check asks about it: its identifier's letters and digits, and the
 * country where it is held when the check names one. A member indexes both forms (accountIdentifiers).
 */
export function accountIdentifier(identifier: string, country?: string | null): string {
  const id = identifierCharacters(identifier);
  return country ? `account|${countryCode(country)}|${id}` : `account|${id}`;
}

/** The identifiers a member indexes for an account: without its country, and with it where known. */
export function accountIdentifiers(identifier: string, country?: string | null): string[] {
  return country ? [accountIdentifier(identifier), accountIdentifier(identifier, country)] : [accountIdentifier(identifier)];
}

const nameIdentifier = (key: string): string => `name|${key}`;

/** What a member knows of a person, as far as hit/no-hit goes. */
export interface PersonForIdentifiers {
  givenNames: string;
  familyNames: string;
  dateOfBirth?: string | null;
  /** The year of birth when only it is known. */
  birthYear?: number | null;
  sex?: string | null;
  documents: ReadonlyArray<{ issuingCountry: string; number: string }>;
  accounts: ReadonlyArray<{ identifier: string; institutionCountry?: string | null }>;
}

/** The year of a whole or partial date (YYYY, YYYY-MM-DD), or null. */
function yearOf(date: string | null | undefined): number | null {
  const m = /^(\d{4})/.exec(date ?? '');
  return m ? Number(m[1]) : null;
}

/**
 * Everything a member indexes for one person, each once, in a stable order: its documents, its
 * accounts (both forms) and its name keys (nameKeys.ts: none without a year of birth). A number
 * that normalises to nothing is left out.
 */
export function personIdentifiers(person: PersonForIdentifiers): Array<{ kind: IdentifierKind; input: string }> {
  const out = new Map<string, IdentifierKind>();
  for (const d of person.documents) if (identifierCharacters(d.number)) out.set(documentIdentifier(d.issuingCountry, d.number), 'document');
  for (const a of person.accounts) if (identifierCharacters(a.identifier)) for (const id of accountIdentifiers(a.identifier, a.institutionCountry)) out.set(id, 'account');
  const birthYear = person.birthYear ?? yearOf(person.dateOfBirth);
  if (birthYear !== null && birthYear !== undefined) {
    const dateOfBirth = person.dateOfBirth && /^\d{4}-\d{2}-\d{2}$/.test(person.dateOfBirth) ? person.dateOfBirth : null;
    for (const key of recordKeys({ givenNames: person.givenNames, familyNames: person.familyNames, birthYear, dateOfBirth, sex: person.sex })) out.set(nameIdentifier(key), 'name');
  }
  return [...out].map(([input, kind]) => ({ kind, input })).sort((a, b) => (a.input < b.input ? -1 : a.input > b.input ? 1 : 0));
}

/** A check by name: the name as one line ("QUISPE MAMANI Jhon", "Quispe Mamani, Jhon") or split, and the year or whole date of birth. */
export interface NameCheck {
  name?: string;
  givenNames?: string;
  familyNames?: string;
  /** YYYY or YYYY-MM-DD. */
  born: string;
  /** 'MALE' | 'FEMALE'; anything else or none: both. */
  sex?: string | null;
}

/** The identifiers of a check by name (at most MAX_NAME_CHECK_KEYS); an Error saying what is missing when it gives none. */
export function nameCheckIdentifiers(check: NameCheck): string[] {
  const born = String(check.born ?? '').trim();
  const birthYear = yearOf(born);
  if (birthYear === null || !/^\d{4}(-\d{2}-\d{2})?$/.test(born)) throw new Error('born: must be a year (YYYY) or a date of birth (YYYY-MM-DD)');
  const split = check.name !== undefined ? writtenName(check.name) : { givenNames: check.givenNames ?? '', familyNames: check.familyNames ?? '' };
  const keys = queryKeys({ ...split, birthYear, dateOfBirth: born.length === 10 ? born : null, sex: check.sex });
  if (!keys.length) throw new Error('name: must have at least two words (given and family names)');
  return keys.map(nameIdentifier);
}
