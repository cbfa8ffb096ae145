/**
 * A list's cursor (`after`), as a process that serves a list gives it out and
 * takes it back: the position after the last record of a page (a sort key,
 * e.g. a record's `seq`), sealed with the process's own key (AES-256-GCM, a
 * fresh nonce each time). Sealed because a sort key can say more than the
 * records the caller saw: `seq` numbers every record in the order it was
 * written, so two of them would tell how many records were written between,
 * withheld ones too. Bound (as authenticated data, not inside) to the list, the
 * query (its filter) and the caller (issuer, subject and country: sameCaller),
 * so a cursor opens only for the same list, the same query and the same caller
 * it was given to; anything else is BAD_CURSOR, never a stack trace.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { codedError } from './errors';
import { callerKey, type CallerIdentity } from './sameCaller';

/** What every cursor of this format starts with. */
export const CURSOR_PREFIX = 'PC1.';
/** Longer input is not looked at: no cursor we give is near it. */
const MAX_CURSOR_LENGTH = 512;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** What a cursor is only valid for. */
export interface CursorBinding {
  /** The list, e.g. `persons`. */
  list: string;
  /** The query's arguments that select the records (the filter), in any key order. */
  query: unknown;
  caller: CallerIdentity;
}

/** A sort position: a number, a string, or a short tuple of them. */
export type CursorPosition = number | string | ReadonlyArray<number | string>;

/** The error for a cursor that is not one this list gave this caller for this query. */
export function badCursor(field = 'after'): Error {
  return codedError('BAD_CURSOR', `${field}: not a cursor this list gave you for this query; start again without it`, { field });
}

/**
 * A query's arguments as one string: object keys sorted, absent, null and empty-string
 * members left out (a filter with `name: null` selects what one without it does).
 */
export function queryKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(queryKey).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${queryKey(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const bindingData = (b: CursorBinding) => Buffer.from(JSON.stringify([b.list, queryKey(b.query), callerKey(b.caller)]), 'utf8');

const isPosition = (v: unknown): v is CursorPosition =>
  typeof v === 'number' || typeof v === 'string' || (Array.isArray(v) && v.length <= 4 && v.every((x) => typeof x === 'number' || typeof x === 'string'));

export class PageCursors {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('A page cursor key must be 32 bytes');
  }

  /** A key of its own for cursors, derived from a process's other secret (so that one key file serves both, each for its use only). */
  static derivedFrom(secret: Buffer): PageCursors {
    return new PageCursors(Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'enlace page cursor v1', 32)));
  }

  static random(): PageCursors {
    return new PageCursors(randomBytes(32));
  }

  seal(position: CursorPosition, binding: CursorBinding): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(bindingData(binding));
    const body = Buffer.concat([cipher.update(JSON.stringify({ p: position }), 'utf8'), cipher.final()]);
    return CURSOR_PREFIX + Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
  }

  /** The position a cursor was sealed with; BAD_CURSOR when it is malformed, altered, or given for another list, query or caller. */
  open(cursor: unknown, binding: CursorBinding, field = 'after'): CursorPosition {
    if (typeof cursor !== 'string' || !cursor.startsWith(CURSOR_PREFIX) || cursor.length > MAX_CURSOR_LENGTH) throw badCursor(field);
    const raw = Buffer.from(cursor.slice(CURSOR_PREFIX.length), 'base64url');
    if (raw.length <= NONCE_BYTES + TAG_BYTES) throw badCursor(field);
    let position: unknown;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, NONCE_BYTES));
      decipher.setAAD(bindingData(binding));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      const text = Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      position = (JSON.parse(text) as { p?: unknown }).p;
    } catch {
      throw badCursor(field); // altered, forged, or sealed for another list, query or caller
    }
    if (!isPosition(position)) throw badCursor(field);
    return position;
  }
}
