/**
 * Directory entries: what one process's operator sends the others so that they trust it,
 * as a JSON file. Public by construction: a key set in an entry with a private part is refused
 * on reading and writing, so a private key cannot travel in one by mistake.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { JWK } from 'jose';
import { checkClaimMapping, COUNTRY_PATTERN, ROLES, type ClaimMapping, type Role } from '@enlace/platform';
import { KitError } from './kitError';

export interface Jwks {
  keys: JWK[];
}

/** A member: the gateway adds it to its directory, the secretariat trusts its service issuer, other members its country. */
export interface MemberEntry {
  kind: 'member';
  country: string;
  url: string;
  serviceIssuer: string;
  serviceJwks: Jwks;
}

/** The gateway: members verify the assertions it signs per request with this key set. */
export interface GatewayEntry {
  kind: 'gateway';
  url: string;
  jwks: Jwks;
}

/** The secretariat: members and the gateway are told its URL. */
export interface SecretariatEntry {
  kind: 'secretariat';
  url: string;
}

/** An identity provider for people, with what it may vouch for; `jwks` is a URL, or the key set itself. */
export interface IssuerEntry {
  kind: 'issuer';
  issuer: string;
  jwks: string | Jwks;
  countries: string[];
  roles: Role[];
  /** An OpenID Connect provider's own claims mapped to country and roles (claimMapping.ts). */
  claims?: ClaimMapping;
  /** The audience its tokens carry, where it cannot say `enlace`. */
  audience?: string;
}

export type Entry = MemberEntry | GatewayEntry | SecretariatEntry | IssuerEntry;

function publicJwks(where: string, value: unknown): Jwks {
  const keys = (value as Jwks | null)?.keys;
  if (!Array.isArray(keys) || !keys.length || !keys.every((k) => typeof k === 'object' && k !== null && typeof k.kty === 'string')) {
    throw new KitError(`${where} must be a JSON Web Key Set: {"keys":[…]}`);
  }
  if (keys.some((k) => 'd' in k || 'p' in k || 'k' in k)) throw new KitError(`${where} holds a private or secret key: an entry carries public keys only`);
  return { keys };
}

const text = (where: string, value: unknown, pattern?: RegExp): string => {
  if (typeof value !== 'string' || !value.trim() || (pattern && !pattern.test(value))) throw new KitError(`${where} is missing or malformed`);
  return value;
};

const URL_PATTERN = /^https?:\/\/\S+$/;

/** Reads an entry file and checks it is of the expected kind. */
export function readEntry<K extends Entry['kind']>(path: string, kind: K): Extract<Entry, { kind: K }> {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new KitError(`cannot read the entry ${path}: ${(err as Error).message}`);
  }
  if (raw?.kind !== kind) throw new KitError(`${path} is a ${String(raw?.kind ?? 'unknown')} entry, not a ${kind} entry`);
  const where = (field: string) => `${path}: "${field}"`;
  switch (kind) {
    case 'member':
      return {
        kind, country: text(where('country'), raw.country, COUNTRY_PATTERN), url: text(where('url'), raw.url, URL_PATTERN),
        serviceIssuer: text(where('serviceIssuer'), raw.serviceIssuer), serviceJwks: publicJwks(where('serviceJwks'), raw.serviceJwks),
      } as Extract<Entry, { kind: K }>;
    case 'gateway':
      return { kind, url: text(where('url'), raw.url, URL_PATTERN), jwks: publicJwks(where('jwks'), raw.jwks) } as Extract<Entry, { kind: K }>;
    case 'secretariat':
      return { kind, url: text(where('url'), raw.url, URL_PATTERN) } as Extract<Entry, { kind: K }>;
    default: {
      const countries = raw.countries;
      const roles = raw.roles;
      if (!Array.isArray(countries) || !countries.length || !countries.every((c) => typeof c === 'string' && COUNTRY_PATTERN.test(c))) throw new KitError(`${where('countries')} must list country codes`);
      if (!Array.isArray(roles) || !roles.length || !roles.every((r) => (ROLES as readonly unknown[]).includes(r))) throw new KitError(`${where('roles')} must list roles of ${ROLES.join(', ')}`);
      const jwks = typeof raw.jwks === 'string' ? text(where('jwks'), raw.jwks, URL_PATTERN) : publicJwks(where('jwks'), raw.jwks);
      let claims: ClaimMapping | undefined;
      try {
        claims = raw.claims === undefined ? undefined : checkClaimMapping(raw.claims, path, ROLES);
      } catch (err) {
        throw new KitError((err as Error).message);
      }
      const audience = raw.audience === undefined ? undefined : text(where('audience'), raw.audience);
      return { kind, issuer: text(where('issuer'), raw.issuer), jwks, countries, roles, ...(claims && { claims }), ...(audience && { audience }) } as Extract<Entry, { kind: K }>;
    }
  }
}

/** Writes an entry (mode 0644: it is meant to be sent). */
export function writeEntry(path: string, entry: Entry): void {
  if (entry.kind === 'member') publicJwks('serviceJwks', entry.serviceJwks);
  if (entry.kind === 'gateway') publicJwks('jwks', entry.jwks);
  if (entry.kind === 'issuer' && typeof entry.jwks !== 'string') publicJwks('jwks', entry.jwks);
  writeFileSync(path, `${JSON.stringify(entry, null, 2)}\n`, { mode: 0o644 });
}
