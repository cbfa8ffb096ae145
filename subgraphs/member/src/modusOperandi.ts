/**
 * The structured modus operandi: five coded dimensions kept beside the free
 * text, on cases and route observations, so that lists can filter and
 * statistics can count by them. Each is the main value as the owner classifies
 * it (one value, not a list: a count by exploitation type then adds up).
 */
import { ENUMS, enumValue } from './inputs';

/** The dimensions, in the schema's field names, with the enum each takes its values from. */
export const MODUS_OPERANDI = {
  recruitment: ENUMS.Recruitment,
  transport: ENUMS.TransportMode,
  documentFraud: ENUMS.DocumentFraud,
  payment: ENUMS.Payment,
  exploitation: ENUMS.Exploitation,
} as const;

export type ModusOperandiField = keyof typeof MODUS_OPERANDI;
export const MODUS_OPERANDI_FIELDS = Object.keys(MODUS_OPERANDI) as ModusOperandiField[];

/** A record's coded modus operandi; null where the owner has not classified it. */
export type ModusOperandi = Record<ModusOperandiField, string | null>;

/** The coded modus operandi of an input (each optional), checked against the vocabulary. */
export function modusOperandiFields(input: Record<string, unknown>, at = 'input'): ModusOperandi {
  const fields = {} as ModusOperandi;
  for (const f of MODUS_OPERANDI_FIELDS) fields[f] = enumValue(`${at}.${f}`, input[f], MODUS_OPERANDI[f], false);
  return fields;
}

/** A record's stored values, unclassified ones as null (stores written before the vocabulary have none). */
export function modusOperandiOf(row: Partial<Record<ModusOperandiField, unknown>>): ModusOperandi {
  const fields = {} as ModusOperandi;
  for (const f of MODUS_OPERANDI_FIELDS) fields[f] = row[f] === null || row[f] === undefined || row[f] === '' ? null : String(row[f]);
  return fields;
}
