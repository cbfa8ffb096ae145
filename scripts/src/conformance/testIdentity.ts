/**
 * Issuers whose keys sit in a directory of this machine: a key pair (the private half 0600, never
 * printed) and an entry the processes add with `kit trust` (kit/entries.ts). Two uses:
 * - a test issuer for people, to try a network run by hand (`kit issuer`, `kit token`);
 * - the conformance issuer (`npm run conformance -- issuer`), trusted by a process for one run:
 *   its tokens are the suite's callers and its key signs the suite's hop assertions at a member.
 *   Its callers of other countries use codes ISO 3166 leaves to users, so a run never speaks as a
 *   real member or partner: QZ, a member; QP, a partner.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHopSigner, signingKey, type HopSigner, type Role } from '@enlace/platform';
import { ensureKeyPair, mintToken, type TokenClaims } from '../devIssuer';
import { readEntry, writeEntry, type IssuerEntry, type Jwks } from '../kit/entries';
import { KitError } from '../kit/kitError';

export const CONFORMANCE_ISSUER_PREFIX = 'urn:enlace:conformance:';
export const CONFORMANCE_KID_PREFIX = 'conformance-';
/** The member of another country the suite speaks as (a user-assigned ISO code, never a real member). */
export const TEST_FOREIGN_MEMBER = 'QZ';
/** The partner network the suite speaks as. */
export const TEST_PARTNER = 'QP';

export interface LocalIssuer {
  entry: IssuerEntry;
  entryPath: string;
  mint(claims: TokenClaims): Promise<string>;
  /** Signs assertions as a gateway would (the conformance issuer only; members trust its key for the run). */
  hopSigner(): Promise<HopSigner>;
}

const files = (dir: string) => ({ keys: join(resolve(dir), 'keys'), entry: join(resolve(dir), 'issuer-entry.json') });

/** Makes an issuer in `dir` (refused when one is there: its tokens would change under the processes trusting it). */
export async function makeIssuer(dir: string, options: { issuer: string; countries: string[]; roles: Role[]; kidPrefix: string }): Promise<LocalIssuer> {
  const f = files(dir);
  if (existsSync(f.entry)) throw new KitError(`${f.entry} exists: ${dir} already holds an issuer`);
  mkdirSync(resolve(dir), { recursive: true, mode: 0o700 });
  const keys = await ensureKeyPair(f.keys, 'issuer.private.jwk.json', options.kidPrefix);
  const jwks = JSON.parse(readFileSync(keys.jwksPath, 'utf8')) as Jwks;
  writeEntry(f.entry, { kind: 'issuer', issuer: options.issuer, jwks, countries: options.countries, roles: options.roles });
  return loadIssuer(dir);
}

export function makeConformanceIssuer(dir: string): Promise<LocalIssuer> {
  return makeIssuer(dir, {
    issuer: `${CONFORMANCE_ISSUER_PREFIX}${randomBytes(6).toString('hex')}`,
    // What it vouches for is decided where it is trusted (kit trust --add-conformance); the entry lists the widest.
    countries: [TEST_FOREIGN_MEMBER, 'XS', TEST_PARTNER],
    roles: ['prosecutor', 'analyst', 'auditor', 'secretariat', 'partner'],
    kidPrefix: `${CONFORMANCE_KID_PREFIX}issuer`,
  });
}

export async function loadIssuer(dir: string): Promise<LocalIssuer> {
  const f = files(dir);
  if (!existsSync(f.entry)) throw new KitError(`${resolve(dir)} holds no issuer (issuer-entry.json): make one first`);
  const entry = readEntry(f.entry, 'issuer');
  const privatePath = join(f.keys, 'issuer.private.jwk.json');
  if (!existsSync(privatePath)) throw new KitError(`${privatePath} is missing: the issuer's private key stays in the directory that made it`);
  const privateJwk = JSON.parse(readFileSync(privatePath, 'utf8'));
  return {
    entry,
    entryPath: f.entry,
    mint: (claims) => mintToken({ issuer: entry.issuer, privateJwk }, claims),
    hopSigner: async () => createHopSigner(await signingKey(privateJwk)),
  };
}
