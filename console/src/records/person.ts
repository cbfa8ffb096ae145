/**
 * What the person page reads: the record and the records the secretariat confirmed to be the same
 * person, two links deep (a record linked through another: AR ≡ CO ≡ PE seen from AR), each fetched
 * from its owner under its owner's rules. One read: the page, its timeline and its exports show the
 * same answer.
 */
import type { Linkable } from '../samePerson';
import type { WordsApi } from '../words/words';

const RECORD = `id country fullName aliases sex dateOfBirth ageBand minor nationalities
  documents { type number issuingCountry }
  involvements { category case { id reference offences status openedOn closedOn handlingCode handlingConditions } }`;

export const PERSON_QUERY = `query Person($id: ID!) { person(id: $id) { ${RECORD}
  linkedRecords { ${RECORD} linkedRecords { ${RECORD} } } } }`;

export interface InvolvedCase {
  id: string;
  reference: string | null;
  offences: string[] | null;
  status: string | null;
  openedOn: string | null;
  closedOn: string | null;
  handlingCode: string | null;
  handlingConditions: string | null;
}

export interface PersonRecord extends Linkable {
  id: string;
  country: string;
  fullName: string | null;
  aliases: string[] | null;
  sex: string | null;
  dateOfBirth: string | null;
  ageBand: string | null;
  minor: boolean | null;
  nationalities: string[] | null;
  documents: { type: string | null; number: string | null; issuingCountry: string | null }[] | null;
  involvements: { category: string | null; case: InvolvedCase | null }[] | null;
  linkedRecords?: (PersonRecord | null)[] | null;
}

/** A document as words: "passport QH-774 1203 (PE)". */
export const documentWords = (w: WordsApi, d: { type: string | null; number: string | null; issuingCountry: string | null }): string =>
  `${w.enumValue('DocumentType', d.type)} ${d.number ?? ''} (${d.issuingCountry ?? ''})`;

/** The identity facts, in the order the page, the PDF and the CSV show them. */
export const IDENTITY_FIELDS = ['fullName', 'aliases', 'dateOfBirth', 'sex', 'ageBand', 'minor', 'nationalities', 'documents'] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

/** An identity fact as the page shows it: codes in words, dates as the user's locale writes them (null and empty stay so). */
export function identityValue(p: PersonRecord, field: IdentityField, w: WordsApi): string | boolean | string[] | null | undefined {
  switch (field) {
    case 'documents': return p.documents?.map((d) => documentWords(w, d));
    case 'dateOfBirth': return p.dateOfBirth && w.date(p.dateOfBirth);
    case 'sex': return p.sex && w.enumValue('Sex', p.sex);
    case 'ageBand': return p.ageBand && w.enumValue('AgeBand', p.ageBand);
    default: return p[field];
  }
}
