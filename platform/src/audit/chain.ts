/**
 * The hash chain under every audit log (and the secretariat's register of
 * chain heads): entry n carries its sequence number, the hash of entry n-1 and
 * its own hash = SHA-256(previous hash, "\n", canonical JSON of the entry
 * without its hash). Changing, removing or reordering any entry breaks every
 * hash after it; rewriting the whole chain is caught by the heads kept elsewhere.
 */
import { createHash } from 'node:crypto';

/** The `prev` of the first entry. */
export const GENESIS = '0'.repeat(64);
export const HASH_PATTERN = /^[0-9a-f]{64}$/;

/** The fields the chain adds to every entry. */
export interface Chained {
  seq: number;
  prev: string;
  hash: string;
}

export type ChainedEntry<T> = T & Chained;

export interface ChainHead {
  seq: number;
  hash: string;
}

/**
 * JSON with object keys sorted at every level and undefined members left out:
 * one serialisation per value, whatever order its fields were built in.
 */
export function canonicalJson(value: unknown): string {
  const sorted = sortedCopy(value);
  if (sorted !== UNSORTABLE) return JSON.stringify(sorted) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  return `{${canonicalMembers(value as Record<string, unknown>).join(',')}}`;
}

/** An object's members as canonical `"key":value` strings, in key order. */
function canonicalMembers(value: Record<string, unknown>, leaveOut?: string): string[] {
  const members: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const v = value[key];
    if (v !== undefined && key !== leaveOut) members.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
  }
  return members;
}

/**
 * Speed: audit entries run to hundreds of kB (a field list per record read), so
 * the serialisation is JSON.stringify's, of a copy whose objects have their keys
 * inserted in sorted order (and undefined members left out, as JSON.stringify
 * does anyway). A plain object or array that is already so (its keys inserted in
 * order, nothing below it changed) is used as it is rather than copied: the
 * collector builds its lists that way (requestAudit.ts), and copying thousands of
 * them per entry was most of an entry's cost. JSON.stringify writes integer-like
 * keys ("2", "10") first whatever the order, and `__proto__` cannot be copied as a
 * plain key: objects with such keys are UNSORTABLE and serialised member by member instead.
 */
const UNSORTABLE = Symbol('unsortable');
const UNCOPYABLE_KEY = /^(\d+|__proto__)$/;

/** An object JSON.stringify writes member by member, with no toJSON of its class (a Date's) to call. */
const isPlain = (value: object): boolean => {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonicalJson: numbers must be finite');
    return typeof value === 'function' || typeof value === 'symbol' ? null : value;
  }
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v = value[i] === undefined ? null : sortedCopy(value[i]);
      if (v === UNSORTABLE) return UNSORTABLE;
      if (out) out[i] = v;
      else if (v !== value[i]) {
        out = value.slice(0, i);
        out[i] = v;
      }
    }
    return out ?? value;
  }
  const keys = Object.keys(value);
  if (isPlain(value) && inOrder(keys)) {
    // The usual case: nothing to make unless something below changes.
    let i = 0;
    for (; i < keys.length; i++) {
      if (UNCOPYABLE_KEY.test(keys[i])) return UNSORTABLE;
      const v = (value as Record<string, unknown>)[keys[i]];
      if (v === undefined) continue;
      const copy = sortedCopy(v);
      if (copy === UNSORTABLE) return UNSORTABLE;
      if (copy !== v) break;
    }
    if (i === keys.length) return value;
  }
  const out: Record<string, unknown> = {};
  for (const key of keys.sort()) {
    if (UNCOPYABLE_KEY.test(key)) return UNSORTABLE;
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    const copy = sortedCopy(v);
    if (copy === UNSORTABLE) return UNSORTABLE;
    out[key] = copy;
  }
  return out;
}

/** Whether keys are in sort order already (as `sort()` orders them: by UTF-16 code units). */
function inOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1] > keys[i]) return false;
  return true;
}

const sha256 = (prev: string, canonicalBody: string): string => createHash('sha256').update(prev).update('\n').update(canonicalBody).digest('hex');

/** The hash of an entry (its `hash` field, if any, is ignored). */
export function entryHash(entry: object & { prev: string }): string {
  return sha256(entry.prev, `{${canonicalMembers(entry as Record<string, unknown>, 'hash').join(',')}}`);
}

/**
 * Chains `body` after `head`: the entry and the line that stores it. The
 * entry is serialised once: the hash covers those bytes, and the stored line
 * is the same members with the hash's inserted in its place in key order.
 */
export function chainEntry<T extends object>(body: T, head: ChainHead): { entry: ChainedEntry<T>; line: string } {
  const unhashed = { ...body, seq: head.seq + 1, prev: head.hash } as Record<string, unknown>;
  const members = canonicalMembers(unhashed, 'hash');
  const hash = sha256(head.hash, `{${members.join(',')}}`);
  const keys = Object.keys(unhashed).filter((k) => unhashed[k] !== undefined && k !== 'hash').sort();
  const at = keys.findIndex((k) => k > 'hash');
  members.splice(at < 0 ? members.length : at, 0, `"hash":${JSON.stringify(hash)}`);
  return { entry: { ...unhashed, hash } as ChainedEntry<T>, line: `{${members.join(',')}}` };
}

export type LineCheck<T> = { ok: true; entry: ChainedEntry<T> } | { ok: false; problem: string };

/**
 * Checks one stored line on its own: valid JSON, stored exactly in canonical
 * form (so no byte can change unnoticed), and its hash matches its content.
 */
export function checkLine<T>(line: string): LineCheck<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { ok: false, problem: 'is not valid JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, problem: 'is not an entry' };
  const e = parsed as Record<string, unknown>;
  if (!Number.isSafeInteger(e.seq) || (e.seq as number) < 1) return { ok: false, problem: 'has no valid sequence number' };
  if (typeof e.prev !== 'string' || !HASH_PATTERN.test(e.prev) || typeof e.hash !== 'string' || !HASH_PATTERN.test(e.hash)) {
    return { ok: false, problem: 'has no valid hashes' };
  }
  if (canonicalJson(e) !== line) return { ok: false, problem: 'is not stored as written (its bytes were changed)' };
  if (entryHash(e as { prev: string }) !== e.hash) return { ok: false, problem: 'does not match its hash (its content was changed)' };
  return { ok: true, entry: e as ChainedEntry<T> };
}

export interface ChainVerification {
  ok: boolean;
  /** Entries checked, up to the first problem. */
  checked: number;
  /** The last good entry's head (seq 0 and GENESIS for an empty chain). */
  head: ChainHead;
  /** The first problem: the entry number (1-based line) and what is wrong. */
  problem?: { line: number; seq: number | null; message: string };
  /** Every entry's hash by sequence number, for checking heads recorded elsewhere. */
  hashes: Map<number, string>;
}

/** Verifies a whole chain, line by line, from the first entry. */
export async function verifyChain(lines: AsyncIterable<string> | Iterable<string>): Promise<ChainVerification> {
  let head: ChainHead = { seq: 0, hash: GENESIS };
  const hashes = new Map<number, string>();
  let n = 0;
  for await (const line of lines) {
    n++;
    const fail = (message: string, seq: number | null = null): ChainVerification => ({ ok: false, checked: n - 1, head, problem: { line: n, seq, message }, hashes });
    if (line === '') return fail('is empty');
    const checked = checkLine<object>(line);
    if (!checked.ok) return fail(checked.problem);
    const { seq, prev, hash } = checked.entry;
    if (seq !== head.seq + 1) {
      return fail(seq <= head.seq ? `has sequence number ${seq}, expected ${head.seq + 1}: entries were reordered or repeated` : `has sequence number ${seq}, expected ${head.seq + 1}: entries ${head.seq + 1}–${seq - 1} were removed`, seq);
    }
    if (prev !== head.hash) return fail(`does not follow entry ${head.seq} (its previous hash differs): the chain was broken here`, seq);
    head = { seq, hash };
    hashes.set(seq, hash);
  }
  return { ok: true, checked: n, head, hashes };
}
