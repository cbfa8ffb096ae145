/**
 * The gateway's cursor for a page that spans members: which members still hold
 * more, each with its own cursor (null: from its first record, for a member that
 * could not answer the first page). Members seal their cursors themselves and
 * check them on the next page (bound to the list, the filter and the caller), so
 * this envelope carries nothing a caller could learn from or forge usefully: the
 * most a made-up one can do is ask a member for its first page, as `countries`
 * can. It is still checked here, so a malformed one is BAD_CURSOR, never a crash.
 */
import { badCursor } from '@enlace/platform';

export const GATEWAY_CURSOR_PREFIX = 'GC1.';
/** A member's sealed cursor is some 100 characters; ten times that is refused unread. */
const MAX_MEMBER_CURSOR = 1024;

/** Per member still to be asked, in directory order: its own cursor, or null for its first page. */
export type PageStart = ReadonlyMap<string, string | null>;

export function encodeGatewayCursor(field: string, start: PageStart): string | null {
  if (!start.size) return null;
  return GATEWAY_CURSOR_PREFIX + Buffer.from(JSON.stringify({ f: field, m: [...start] }), 'utf8').toString('base64url');
}

/** The members and their cursors a gateway cursor names; BAD_CURSOR unless it is one of `field`'s naming members of `directory` only. */
export function decodeGatewayCursor(cursor: unknown, field: string, directory: readonly string[], argument = 'after'): PageStart {
  const limit = GATEWAY_CURSOR_PREFIX.length + Math.ceil(((MAX_MEMBER_CURSOR + 16) * directory.length + 64) * 4 / 3);
  if (typeof cursor !== 'string' || !cursor.startsWith(GATEWAY_CURSOR_PREFIX) || cursor.length > limit) throw badCursor(argument);
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor.slice(GATEWAY_CURSOR_PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    throw badCursor(argument);
  }
  const { f, m } = (body ?? {}) as { f?: unknown; m?: unknown };
  if (f !== field || !Array.isArray(m) || !m.length || m.length > directory.length) throw badCursor(argument);
  const start = new Map<string, string | null>();
  for (const entry of m) {
    if (!Array.isArray(entry) || entry.length !== 2) throw badCursor(argument);
    const [country, position] = entry as unknown[];
    if (typeof country !== 'string' || !directory.includes(country) || start.has(country)) throw badCursor(argument);
    if (position !== null && (typeof position !== 'string' || !position || position.length > MAX_MEMBER_CURSOR)) throw badCursor(argument);
    start.set(country, position);
  }
  // Directory order, whatever order the envelope lists them in.
  return new Map(directory.filter((c) => start.has(c)).map((c) => [c, start.get(c)!] as const));
}
