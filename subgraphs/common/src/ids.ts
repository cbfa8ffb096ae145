/**
 * Global ids: `<ISO 3166-1 alpha-2>:<kind>:<local id>`, owner-prefixed and opaque.
 * Route codes (`RT-0042`) are global and carry no owner.
 */
export type IdKind = 'P' | 'C' | 'D' | 'R' | 'L' | 'J' | 'K';

const ID_PATTERN = /^([A-Z]{2}):([A-Z]):(\d{1,12})$/;
export const COUNTRY_PATTERN = /^[A-Z]{2}$/;
export const ROUTE_CODE_PATTERN = /^RT-\d{4,8}$/;

export interface ParsedId {
  country: string;
  kind: string;
  local: number;
}

export function parseId(id: string): ParsedId | null {
  const m = ID_PATTERN.exec(id);
  return m ? { country: m[1], kind: m[2], local: Number(m[3]) } : null;
}

/** The owner's country code of a global id, or null when it is not one. */
export function ownerOf(id: unknown): string | null {
  return typeof id === 'string' ? (parseId(id)?.country ?? null) : null;
}

export function makeId(country: string, kind: IdKind, local: number): string {
  return `${country}:${kind}:${local}`;
}
