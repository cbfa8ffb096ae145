/**
 * The records the member suite creates in the member's own store, as its own prosecutor, and
 * erases at the end: a case per handling code and persons chosen so that every condition of the
 * protocol's person and case rules (adult, categories, handling, the partner flag) both holds and
 * fails for some caller. Names and numbers carry the run's tag, so nothing else matches them.
 */
import { knownAdult, type RecordFacts } from './oracle';

export const HANDLING = ['H0', 'H1', 'H2', 'H3'] as const;
type Handling = (typeof HANDLING)[number];

export interface PersonFixture {
  label: string;
  /** null: no date of birth on record. */
  dateOfBirth: string | null;
  involvements: Array<[Handling, string]>;
  flagged?: boolean;
}

const yearsAgo = (years: number) => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.toISOString().slice(0, 10);
};

export const PERSON_FIXTURES: PersonFixture[] = [
  { label: 'adult suspect, H0 case', dateOfBirth: '1980-03-01', involvements: [['H0', 'SUSPECT']] },
  { label: 'adult suspect, H3 case', dateOfBirth: '1975-06-15', involvements: [['H3', 'SUSPECT']] },
  { label: 'adult accused, H2 case', dateOfBirth: '1982-01-20', involvements: [['H2', 'ACCUSED']] },
  { label: 'adult victim', dateOfBirth: '1991-09-09', involvements: [['H0', 'VICTIM']] },
  { label: 'minor victim', dateOfBirth: yearsAgo(12), involvements: [['H1', 'VICTIM']] },
  { label: 'minor suspect', dateOfBirth: yearsAgo(16), involvements: [['H0', 'SUSPECT']] },
  { label: 'adult witness', dateOfBirth: '1970-11-30', involvements: [['H2', 'WITNESS']] },
  { label: 'suspect without a date of birth', dateOfBirth: null, involvements: [['H1', 'SUSPECT']] },
  { label: 'adult suspect flagged for partners, H1 case', dateOfBirth: '1985-04-04', involvements: [['H1', 'SUSPECT']], flagged: true },
  { label: 'adult suspect flagged for partners, H2 case', dateOfBirth: '1986-05-05', involvements: [['H2', 'SUSPECT']], flagged: true },
  { label: 'adult suspect and victim', dateOfBirth: '1988-02-02', involvements: [['H0', 'SUSPECT'], ['H1', 'VICTIM']] },
  { label: 'adult in no case', dateOfBirth: '1979-07-07', involvements: [] },
];

/** A created person or case, with the facts the oracle judges it by. */
export interface Created {
  label: string;
  facts: RecordFacts;
  /** A person's passport number (hit/no-hit). */
  document?: string;
}

export function personFacts(id: string, fixture: PersonFixture, caseIds: Record<Handling, string>): RecordFacts {
  return {
    kind: 'Person', id,
    adult: knownAdult(fixture.dateOfBirth),
    categories: new Set(fixture.involvements.map(([, category]) => category)),
    handling: fixture.involvements.map(([h]) => h),
    caseIds: fixture.involvements.map(([h]) => caseIds[h]),
    flaggedForPartners: Boolean(fixture.flagged),
  };
}

export const caseFacts = (id: string, handling: Handling): RecordFacts => ({
  kind: 'Case', id, adult: false, categories: new Set(), handling: [handling], caseIds: [id], flaggedForPartners: false,
});

/** A person a caller recorded where it should have been refused: known only to be erased. */
export const strayPersonFacts = (id: string): RecordFacts => ({
  kind: 'Person', id, adult: false, categories: new Set(), handling: [], caseIds: [], flaggedForPartners: false,
});

/** A run's tag: letters only, so that it is one word of a name for the name search. */
export function runTag(): string {
  const letters = 'bcdfghjklmnpqrstvwxz';
  return Array.from({ length: 8 }, () => letters[Math.floor(Math.random() * letters.length)]).join('');
}
