/**
 * Global ids: `<ISO 3166-1 alpha-2>:<kind>:<local id>`, owner-prefixed and opaque.
 * Route codes (`RT-0042`) are global and carry no owner.
 *
 * Local ids are not sequential, so an id says nothing about the records around
 * it (AR:P:1, AR:P:3 would tell that AR:P:2 exists and is withheld):
 * - records created at run time get random local ids (`newId`);
 * - seeded records get `makeId(country, kind, n)`: a fixed permutation of n,
 *   deterministic (tests and demos can name the n-th seeded record) but not in order.
 * The store keeps its own `seq` for stable ordering; it is never exposed.
 */
import { randomFillSync } from 'node:crypto';

export type IdKind = 'P' | 'C' | 'D' | 'R' | 'L' | 'J' | 'K' | 'Q' | 'G' | 'A' | 'T';

const ID_PATTERN = /^([A-Z]{2}):([A-Z]):([0-9a-z]{1,16})$/;
export const COUNTRY_PATTERN = /^[A-Z]{2}$/;
export const ROUTE_CODE_PATTERN = /^RT-\d{4,8}$/;

export interface ParsedId {
  country: string;
  kind: string;
  local: string;
}

export function parseId(id: string): ParsedId | null {
  const m = ID_PATTERN.exec(id);
  return m ? { country: m[1], kind: m[2], local: m[3] } : null;
}

/** The owner's country code of a global id, or null when it is not one. */
export function ownerOf(id: unknown): string | null {
  return typeof id === 'string' ? (parseId(id)?.country ?? null) : null;
}

/** Whether `id` is a global id of this kind (any owner). */
export function isIdOfKind(id: unknown, kind: IdKind): boolean {
  return typeof id === 'string' && parseId(id)?.kind === kind;
}

// A 4-round Feistel network over 32 bits: a bijection, so distinct numbers get distinct ids.
function roundKeys(country: string, kind: string): number[] {
  let h = 0x811c9dc5;
  const keys: number[] = [];
  for (const ch of `${country}:${kind}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  for (let i = 0; i < 4; i++) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    keys.push(h & 0xffff);
  }
  return keys;
}

function permute(n: number, keys: number[]): number {
  let left = (n >>> 16) & 0xffff;
  let right = n & 0xffff;
  for (const k of keys) {
    const f = (Math.imul(right ^ k, 0x9e37) + (right >>> 3)) & 0xffff;
    [left, right] = [right, left ^ f];
  }
  return ((left << 16) | right) >>> 0;
}

const keyCache = new Map<string, number[]>();

/** The id of the n-th seeded record of a kind (n ≥ 1): deterministic, not sequential. */
export function makeId(country: string, kind: IdKind, n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 0xffffffff) throw new RangeError(`makeId: ${n} is not a record number`);
  const cacheKey = `${country}:${kind}`;
  let keys = keyCache.get(cacheKey);
  if (!keys) keyCache.set(cacheKey, (keys = roundKeys(country, kind)));
  return `${country}:${kind}:${permute(n, keys).toString(36).padStart(7, '0')}`;
}

/** A fresh random id for a record created at run time (about 62 bits: never guessed, never reused). */
export function newId(country: string, kind: IdKind): string {
  const local = (random64() >> 2n).toString(36).padStart(12, '0');
  return `${country}:${kind}:${local}`;
}

// Random bytes drawn 4 KiB at a time: one call into the CSPRNG per id cost an import a few µs per record.
const pool = Buffer.alloc(4096);
let used = pool.length;
function random64(): bigint {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += 8;
  return pool.readBigUInt64BE(used - 8);
}
