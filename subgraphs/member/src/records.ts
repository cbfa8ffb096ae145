/** Plain records as the member's repository reads and writes them (lists decoded). */
import type { Row } from '@enlace/store';
import type { ModusOperandi } from './modusOperandi';

export interface PersonRecord {
  id: string;
  seq: number;
  country: string;
  givenNames: string;
  familyNames: string;
  aliases: string[];
  sex: string | null;
  dateOfBirth: string | null;
  /**
   * The year of birth where only the year (or month and year) is known, as old exports hold it
   * (the date of birth is then null): imports only. It tells the age band and whether a minor
   * where the year alone settles them (dates.ts); a whole date of birth clears it.
   */
  birthYear?: number | null;
  nationalities: string[];
  /** The owner has flagged the person for partner networks (the protocol's flaggedForPartners). */
  flaggedForPartners: boolean;
}

/** A stored year of birth, when there is one (absent otherwise, as in a record a mutation made). */
export const birthYearOf = (r: Row): { birthYear?: number } => (r.birthYear === null || r.birthYear === undefined || r.birthYear === '' ? {} : { birthYear: Number(r.birthYear) });
/** A year of birth as the store keeps it (a string column, see storeSchema.ts). */
export const storedBirthYear = (p: Pick<PersonRecord, 'birthYear'>): string | null => (p.birthYear === null || p.birthYear === undefined ? null : String(p.birthYear));

/** What a person's cases say, read with the person: what the protocol's record conditions look at. */
export interface CaseFacts {
  /** The person's categories in its cases, each once (a column of the person). */
  categories: string[];
  /** The handling codes of the person's cases, each once (a column of the person). */
  handling: string[];
  /** The ids of the person's cases, when they were read (PersonReadOptions.caseIds); else empty. */
  caseIds: string[];
}

/** The facts of a person in no case (a fresh object: the repository fills it in). */
export const noCaseFacts = (): CaseFacts => ({ categories: [], handling: [], caseIds: [] });

/**
 * A person as the member reads it back: with the facts of the person's cases
 * when the request's protocol looks at them (absent: not read, and no clause
 * that needs them holds).
 */
export type StoredPerson = PersonRecord & { facts?: CaseFacts };

export interface DocumentRecord {
  id: string;
  personId: string;
  type: string;
  number: string;
  issuingCountry: string;
}

/** A case; its coded modus operandi is optional (absent: not classified). */
export interface CaseRecord extends Partial<ModusOperandi> {
  id: string;
  seq: number;
  country: string;
  reference: string;
  offences: string[];
  status: string;
  openedOn: string;
  closedOn: string | null;
  summary: string;
  handlingCode: string;
  handlingConditions: string | null;
  sourceReliability: string;
  informationAccuracy: number;
}

export interface InvolvementRecord {
  personId: string;
  caseId: string;
  category: string;
}

export interface PlaceRecord {
  country: string;
  locality: string | null;
}

export interface LegRecord {
  from: PlaceRecord;
  to: PlaceRecord;
  mode: string;
}

export interface RouteObservationRecord extends Partial<ModusOperandi> {
  id: string;
  seq: number;
  country: string;
  routeCode: string;
  legs: LegRecord[];
  modusOperandi: string | null;
  activeFrom: string | null;
  activeTo: string | null;
}

/** A network-wide route as this member answers it: its code (the observations are read by it). */
export interface RouteRef {
  code: string;
}

export interface CaseRouteRecord {
  caseId: string;
  observationId: string;
}

/** A financial account the owner recorded; its holder, when known, a person of the same member. */
export interface AccountRecord {
  id: string;
  seq: number;
  country: string;
  holderId: string | null;
  institution: string;
  /** Where it is held; null when unknown (a self-hosted wallet). */
  institutionCountry: string | null;
  identifierType: string;
  identifier: string;
}

/** A transfer of money recorded in a case, between two of the owner's accounts (either may be unknown). */
export interface TransferRecord {
  id: string;
  seq: number;
  country: string;
  caseId: string;
  fromAccountId: string | null;
  toAccountId: string | null;
  /** A decimal amount as text ("1500.00"): never a binary fraction. */
  amount: string;
  currency: string;
  date: string;
  channel: string;
}
