/**
 * The rules a person's or a case's data must meet before it is written: one place
 * for the mutations (resolvers.ts) and for imports (scripts/src/import), so a row
 * of a national export is held to exactly what a prosecutor typing it would be.
 * Every problem is a BAD_USER_INPUT error naming the field (under `at`).
 */
import { badInput, validate as v } from '@enlace/platform';
import type { ModusOperandi } from './modusOperandi';
import type { CaseRecord, PersonRecord } from './records';

/** The member schema's enums (schema/member.graphql; a unit test keeps them equal). */
export const ENUMS = {
  Sex: ['FEMALE', 'MALE', 'OTHER', 'UNKNOWN'],
  Offence: ['TIP', 'SOM', 'DOCUMENT_FRAUD', 'MONEY_LAUNDERING', 'ORGANISED_CRIME', 'CORRUPTION'],
  CaseStatus: ['INVESTIGATION', 'PROSECUTION', 'TRIAL', 'CLOSED'],
  HandlingCode: ['H0', 'H1', 'H2', 'H3'],
  PersonCategory: ['SUSPECT', 'ACCUSED', 'CONVICTED', 'VICTIM', 'WITNESS', 'SMUGGLED_MIGRANT', 'CONTACT'],
  DocumentType: ['PASSPORT', 'NATIONAL_ID', 'RESIDENCE_PERMIT', 'DRIVING_LICENCE', 'BIRTH_CERTIFICATE', 'OTHER'],
  SourceReliability: ['A', 'B', 'C', 'X'],
  // The structured modus operandi (modusOperandi.ts) and financial flows (finance/inputs.ts).
  Recruitment: ['IN_PERSON', 'ONLINE', 'SOCIAL_MEDIA', 'JOB_ADVERT', 'FAMILY_OR_ACQUAINTANCE', 'INTIMATE_PARTNER', 'ABDUCTION', 'OTHER'],
  TransportMode: ['LAND', 'SEA', 'AIR', 'RIVER'],
  DocumentFraud: ['FORGED', 'FRAUDULENTLY_OBTAINED', 'IMPOSTOR', 'NONE'],
  Payment: ['UPFRONT', 'INSTALMENTS', 'ON_ARRIVAL', 'DEBT_BONDAGE', 'IN_KIND', 'OTHER'],
  Exploitation: ['SEXUAL', 'LABOUR', 'DOMESTIC_SERVITUDE', 'FORCED_CRIMINALITY', 'BEGGING', 'FORCED_MARRIAGE', 'ORGAN_REMOVAL', 'ILLEGAL_ADOPTION', 'OTHER'],
  TransferChannel: ['BANK', 'MONEY_REMITTANCE', 'CASH_COURIER', 'MOBILE_MONEY', 'CRYPTO_ASSET', 'INFORMAL_VALUE_TRANSFER'],
  AccountIdentifierType: ['IBAN', 'ACCOUNT_NUMBER', 'CARD_NUMBER', 'MOBILE_MONEY_NUMBER', 'CRYPTO_ADDRESS', 'OTHER'],
} as const;

type Input = Record<string, unknown>;

/** GraphQL checks enums of a mutation's input; an import has no schema in front of it, so they are checked here too. */
export function enumValue(field: string, value: unknown, values: readonly string[], required = true): string | null {
  if (value === null || value === undefined || value === '') {
    if (required) throw badInput(field, 'is required');
    return null;
  }
  if (!values.includes(String(value))) throw badInput(field, `must be one of ${values.join(', ')}`);
  return String(value);
}

/** A person's own fields, as a mutation or an import gives them (the record without its key, owner and partner flag). */
export type PersonFields = Omit<PersonRecord, 'id' | 'seq' | 'country' | 'flaggedForPartners'>;

export interface DocumentFields {
  type: string;
  number: string;
  issuingCountry: string;
}

/** A case's own fields, as a mutation or an import gives them (the record without its key, owner and coded modus operandi). */
export type CaseFields = Omit<CaseRecord, 'id' | 'seq' | 'country' | keyof ModusOperandi>;

/**
 * `imported`: an import's row, which may lack given names (old systems kept one name column,
 * and persons known by family names alone are real: then kept as '') and may give a year of
 * birth where the export holds no whole date (kept only without a date of birth: a date
 * settles more). A prosecutor typing a person gives given names and whole dates.
 */
export function personFields(input: Input, at = 'input', { imported = false } = {}): PersonFields {
  const fields: PersonFields = {
    givenNames: v.text(`${at}.givenNames`, input.givenNames, { required: !imported }) ?? '',
    familyNames: v.requiredText(`${at}.familyNames`, input.familyNames),
    aliases: [...new Set(v.texts(`${at}.aliases`, input.aliases))],
    sex: enumValue(`${at}.sex`, input.sex, ENUMS.Sex, false),
    dateOfBirth: v.isoDate(`${at}.dateOfBirth`, input.dateOfBirth, { notFuture: true }),
    nationalities: v.countries(`${at}.nationalities`, input.nationalities),
  };
  // Only when given: a record without a year of birth hashes as before the field existed (bulkImport/rows.ts).
  if (imported && !fields.dateOfBirth && input.birthYear !== undefined && input.birthYear !== null) {
    fields.birthYear = v.intBetween(`${at}.birthYear`, input.birthYear, 1900, new Date().getUTCFullYear(), 0);
  }
  return fields;
}

export function documentFields(documents: unknown, at = 'input.documents'): DocumentFields[] {
  return ((documents as Input[] | null) ?? []).map((d, i) => ({
    type: enumValue(`${at}[${i}].type`, d.type, ENUMS.DocumentType) as string,
    number: v.requiredText(`${at}[${i}].number`, d.number, 40),
    issuingCountry: v.country(`${at}[${i}].issuingCountry`, d.issuingCountry),
  }));
}

/** A case's status and closing date, which go together: a closing date only on a CLOSED case, never before it opened. */
export function statusAndClosing(status: unknown, closedOn: unknown, openedOn: string | null, at = 'input'): { status: string; closedOn: string | null } {
  const s = enumValue(`${at}.status`, status, ENUMS.CaseStatus) as string;
  const closed = v.isoDate(`${at}.closedOn`, closedOn, { notFuture: true });
  if (closed && s !== 'CLOSED') throw badInput(`${at}.closedOn`, 'is only set when the status is CLOSED');
  if (closed && openedOn && closed < openedOn) throw badInput(`${at}.closedOn`, 'must not be before the case was opened');
  return { status: s, closedOn: closed };
}

/** The owner's handling code, with its conditions required under H3 (and only text). */
export function handling(code: unknown, conditions: unknown, at = 'input'): { handlingCode: string; handlingConditions: string | null } {
  const handlingCode = enumValue(`${at}.handlingCode`, code, ENUMS.HandlingCode) as string;
  return { handlingCode, handlingConditions: v.text(`${at}.handlingConditions`, conditions, { max: 1000, required: handlingCode === 'H3' }) };
}

export function caseFields(input: Input, at = 'input'): CaseFields {
  const offences = v.nonEmpty(`${at}.offences`, input.offences as unknown[]).map((o, i) => enumValue(`${at}.offences[${i}]`, o, ENUMS.Offence) as string);
  const openedOn = v.isoDate(`${at}.openedOn`, input.openedOn, { required: true, notFuture: true }) as string;
  return {
    reference: v.requiredText(`${at}.reference`, input.reference, 60),
    offences: [...new Set(offences)],
    ...statusAndClosing(input.status, input.closedOn, openedOn, at),
    openedOn,
    summary: v.requiredText(`${at}.summary`, input.summary, 4000),
    ...handling(input.handlingCode, input.handlingConditions, at),
    sourceReliability: enumValue(`${at}.sourceReliability`, input.sourceReliability, ENUMS.SourceReliability, false) ?? 'X',
    informationAccuracy: v.intBetween(`${at}.informationAccuracy`, input.informationAccuracy, 1, 4, 4),
  };
}

export const category = (field: string, value: unknown): string => enumValue(field, value, ENUMS.PersonCategory) as string;

/** An owner's national reference (a case file number, a national person id): what an import matches records on. */
export const nationalReference = (field: string, value: unknown): string => v.requiredText(field, value, 60);
