/**
 * What statistics can be grouped and filtered by (the schema's StatisticsDimension),
 * and how each reads its values from one fact: a person's involvement in a case
 * (or a case without persons). A dimension may give a fact several values (a case's
 * offences and routes, a person's nationalities): the fact then counts in each.
 * A new dimension is one entry here, one enum value and one cell field.
 */
import { ageBand } from '../dates';
import { ENUMS } from '../inputs';
import { MODUS_OPERANDI, type ModusOperandi } from '../modusOperandi';

/** One person's involvement in one case, with what the dimensions read; a case without persons has `person` null. */
export interface Fact {
  caseId: string;
  offences: readonly string[];
  year: number | null;
  status: string | null;
  routes: readonly string[];
  /** The case's coded modus operandi (null where unclassified). */
  modusOperandi: ModusOperandi;
  person: {
    id: string;
    category: string;
    sex: string | null;
    dateOfBirth: string | null;
    birthYear?: number | null;
    nationalities: readonly string[];
  } | null;
}

export type DimensionValue = string | number | null;

export interface Dimension {
  /** The StatisticsDimension value. */
  name: string;
  /** The StatisticsCell and StatisticsFilter field. */
  field: string;
  /** The values of a fact: never empty, so that every fact counts somewhere (null: not recorded). */
  values(fact: Fact): readonly DimensionValue[];
  /** True when every counted unit of the measure has exactly one value, so the cells of a line add up to its total. */
  single: Readonly<Record<Measure, boolean>>;
  /** Which values a table lists (layout.ts): never the ones the data happens to take. */
  vocabulary: Vocabulary;
}

/**
 * - closed: the schema enum's values (and null), every one listed, empty or not;
 * - years: a fixed window of years (layout.ts), the others folded into one row;
 * - open (countries, route codes): only values published on their own, the others folded into one row.
 */
export type Vocabulary = { kind: 'closed'; values: readonly string[] } | { kind: 'years' } | { kind: 'open' };

const closed = (values: readonly string[]): Vocabulary => ({ kind: 'closed', values });

/** The schema's AgeBand, in its order (dates.ts's ageBand gives these). */
export const AGE_BANDS = ['CHILD_0_11', 'MINOR_12_17', 'ADULT_18_29', 'ADULT_30_49', 'ADULT_50_PLUS', 'UNKNOWN'] as const;

export const MEASURES = ['cases', 'victims', 'suspects'] as const;
export type Measure = (typeof MEASURES)[number];

const orNull = <T>(values: readonly T[]): readonly (T | null)[] => (values.length ? [...new Set(values)] : [null]);
const one = (value: DimensionValue): readonly DimensionValue[] => [value];

// A case is one unit of `cases`; a person one unit of `victims` and `suspects`.
const caseLevel = { cases: true, victims: false, suspects: false };
const personLevel = { cases: false, victims: true, suspects: true };
const several = { cases: false, victims: false, suspects: false };

/** In the schema's enum order. */
export const DIMENSIONS: readonly Dimension[] = [
  { name: 'OFFENCE', field: 'offence', values: (f) => orNull(f.offences), single: several, vocabulary: closed(ENUMS.Offence) },
  { name: 'YEAR', field: 'year', values: (f) => one(f.year), single: caseLevel, vocabulary: { kind: 'years' } },
  { name: 'STATUS', field: 'status', values: (f) => one(f.status), single: caseLevel, vocabulary: closed(ENUMS.CaseStatus) },
  { name: 'ROUTE', field: 'route', values: (f) => orNull(f.routes), single: several, vocabulary: { kind: 'open' } },
  { name: 'SEX', field: 'sex', values: (f) => one(f.person ? (f.person.sex ?? 'UNKNOWN') : null), single: personLevel, vocabulary: closed(ENUMS.Sex) },
  { name: 'AGE_BAND', field: 'ageBand', values: (f) => one(f.person ? ageBand(f.person.dateOfBirth, f.person.birthYear) : null), single: personLevel, vocabulary: closed(AGE_BANDS) },
  { name: 'NATIONALITY', field: 'nationality', values: (f) => orNull(f.person?.nationalities ?? []), single: several, vocabulary: { kind: 'open' } },
  { name: 'CATEGORY', field: 'category', values: (f) => one(f.person?.category ?? null), single: several, vocabulary: closed(ENUMS.PersonCategory) },
  // The case's structured modus operandi: one main value each.
  { name: 'RECRUITMENT', field: 'recruitment', values: (f) => one(f.modusOperandi.recruitment), single: caseLevel, vocabulary: closed(MODUS_OPERANDI.recruitment) },
  { name: 'TRANSPORT', field: 'transport', values: (f) => one(f.modusOperandi.transport), single: caseLevel, vocabulary: closed(MODUS_OPERANDI.transport) },
  { name: 'DOCUMENT_FRAUD', field: 'documentFraud', values: (f) => one(f.modusOperandi.documentFraud), single: caseLevel, vocabulary: closed(MODUS_OPERANDI.documentFraud) },
  { name: 'PAYMENT', field: 'payment', values: (f) => one(f.modusOperandi.payment), single: caseLevel, vocabulary: closed(MODUS_OPERANDI.payment) },
  { name: 'EXPLOITATION', field: 'exploitation', values: (f) => one(f.modusOperandi.exploitation), single: caseLevel, vocabulary: closed(MODUS_OPERANDI.exploitation) },
];

export const dimensionNamed = (name: string): Dimension | undefined => DIMENSIONS.find((d) => d.name === name);

/** Victims: persons involved as VICTIM. Suspects: persons involved as SUSPECT, ACCUSED or CONVICTED. */
export const VICTIM_CATEGORIES: ReadonlySet<string> = new Set(['VICTIM']);
export const SUSPECT_CATEGORIES: ReadonlySet<string> = new Set(['SUSPECT', 'ACCUSED', 'CONVICTED']);
