/**
 * Input validation for mutations: every problem is a BAD_USER_INPUT error
 * naming the field, raised before anything is written.
 */
import { isIsoDate, today } from './dates';
import { badInput } from './errors';
import { COUNTRY_PATTERN, ROUTE_CODE_PATTERN } from './ids';
import { hasControlCharacter } from './controlCharacters';

export function text(field: string, value: unknown, { max = 200, required = true } = {}): string | null {
  if (value === null || value === undefined) {
    if (required) throw badInput(field, 'is required');
    return null;
  }
  const s = String(value).trim();
  if (required && !s) throw badInput(field, 'must not be empty');
  if (s.length > max) throw badInput(field, `must be at most ${max} characters`);
  if (hasControlCharacter(s)) throw badInput(field, 'must not contain control characters');
  return s || null;
}

export function requiredText(field: string, value: unknown, max = 200): string {
  return text(field, value, { max }) as string;
}

/** A date, or null when none is given (null: where the API says so, it clears one). An empty or blank text is not a date: refused, never read as null. */
export function isoDate(field: string, value: unknown, { required = false, notFuture = false } = {}): string | null {
  if (value === null || value === undefined) {
    if (required) throw badInput(field, 'is required');
    return null;
  }
  const s = String(value);
  if (!s.trim()) throw badInput(field, `must be a date as YYYY-MM-DD, not an empty text${required ? '' : ' (null gives no date)'}`);
  if (!isIsoDate(s)) throw badInput(field, 'must be a date as YYYY-MM-DD');
  if (notFuture && s > today()) throw badInput(field, 'must not be in the future');
  return s;
}

export function country(field: string, value: unknown): string {
  const s = String(value ?? '').trim().toUpperCase();
  if (!COUNTRY_PATTERN.test(s)) throw badInput(field, 'must be an ISO 3166-1 alpha-2 country code');
  return s;
}

export function countries(field: string, values: unknown): string[] {
  return [...new Set(((values as unknown[] | null) ?? []).map((v, i) => country(`${field}[${i}]`, v)))];
}

export function routeCode(field: string, value: unknown): string {
  const s = String(value ?? '').trim().toUpperCase();
  if (!ROUTE_CODE_PATTERN.test(s)) throw badInput(field, 'must be a network route code such as RT-0042');
  return s;
}

export function texts(field: string, values: unknown, max = 200): string[] {
  return ((values as unknown[] | null) ?? []).map((v, i) => requiredText(`${field}[${i}]`, v, max));
}

export function nonEmpty<T>(field: string, values: T[] | null | undefined): T[] {
  if (!values || !values.length) throw badInput(field, 'must list at least one item');
  return values;
}

export function intBetween(field: string, value: unknown, min: number, max: number, fallback: number): number {
  if (value === null || value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw badInput(field, `must be an integer from ${min} to ${max}`);
  return n;
}

export function dateOrder(field: string, from: string | null, to: string | null): void {
  if (from && to && to < from) throw badInput(field, 'must not be before the start date');
}
