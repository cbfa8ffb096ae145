/**
 * Local keys for development and tests, created on first use (kept in .dev-keys/,
 * never committed) and the settings that make a network trust them:
 * - the development identity provider for people, bound to every development
 *   country, the secretariat (XS) and the development partner (XP), with every
 *   user role (the network still refuses what makes no sense, e.g. an XS prosecutor);
 * - the gateway's key, which signs each member request's assertion;
 * - one service key per member, bound to that country and the service role.
 * Production networks configure their real issuers and keys instead.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { AUDIENCE, createPrfKeyFile, ROLES, type Role, type TrustedIssuer } from '@enlace/platform';

export const DEV_ISSUER = 'https://issuer.enlace.dev.local';
/** The development partner network's code. */
export const DEV_PARTNERS = ['XP'];
/** Every role a person may hold (not `service`: that is a member's own identity). */
export const USER_ROLES: Role[] = ROLES.filter((r) => r !== 'service');

export interface KeyPair {
  privatePath: string;
  jwksPath: string;
  privateJwk: JWK;
}

/** An ES256 key pair in `dir` (private JWK, 0600, and public JWKS), made on first use; its key id starts with `kidPrefix`. */
export async function ensureKeyPair(dir: string, privateName = 'private.jwk.json', kidPrefix = 'dev'): Promise<KeyPair> {
  const privatePath = join(dir, privateName);
  const jwksPath = join(dir, 'jwks.json');
  if (!existsSync(privatePath) || !existsSync(jwksPath)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = `${kidPrefix}-${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'ES256' };
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    writeFileSync(privatePath, JSON.stringify(privateJwk), { mode: 0o600 });
    writeFileSync(jwksPath, JSON.stringify({ keys: [publicJwk] }));
  }
  return { privatePath, jwksPath, privateJwk: JSON.parse(readFileSync(privatePath, 'utf8')) as JWK };
}

export interface DevIssuer {
  issuer: string;
  jwksPath: string;
  privateJwk: JWK;
  /** How a network trusts it: its JWKS and what it may vouch for. */
  trusted: TrustedIssuer;
}

/** Loads the issuer's key pair from `dir`, creating it on first use; `binding` says what it may vouch for. */
export async function ensureDevIssuer(
  dir: string,
  issuer = DEV_ISSUER,
  binding: { countries: string[]; roles: Role[] } = { countries: [], roles: USER_ROLES },
): Promise<DevIssuer> {
  const keys = await ensureKeyPair(dir, 'issuer.private.jwk.json');
  return { issuer, jwksPath: keys.jwksPath, privateJwk: keys.privateJwk, trusted: { issuer, jwks: keys.jwksPath, ...binding } };
}

export interface TokenClaims {
  subject?: string;
  country: string;
  roles: Role[];
  organisation?: string;
  /** Lifetime, e.g. '8h' (jose's time span syntax), counted from `issuedAt`. */
  expiresIn?: string;
  /** Seconds since the epoch (default now): tests of lifetimes set it. */
  issuedAt?: number;
}

export async function mintToken(issuer: Pick<DevIssuer, 'issuer' | 'privateJwk'>, claims: TokenClaims): Promise<string> {
  const key = await importJWK(issuer.privateJwk, 'ES256');
  const iat = claims.issuedAt ?? Math.floor(Date.now() / 1000);
  return new SignJWT({ country: claims.country, roles: claims.roles, org: claims.organisation ?? `Fiscalía ${claims.country}` })
    .setProtectedHeader({ alg: 'ES256', kid: issuer.privateJwk.kid })
    .setIssuer(issuer.issuer)
    .setAudience(AUDIENCE)
    .setSubject(claims.subject ?? `${claims.roles[0]}@${claims.country.toLowerCase()}`)
    .setIssuedAt(iat)
    .setExpirationTime(iat + spanSeconds(claims.expiresIn ?? '8h'))
    .sign(key);
}

/** '8h', '30m', '2d', '45s' → seconds. */
export function spanSeconds(span: string): number {
  const m = /^(\d+)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|weeks?)$/.exec(span.trim());
  if (!m) throw new Error(`"${span}" is not a time span such as 30m, 8h or 2d`);
  const unit = m[2][0] as 's' | 'm' | 'h' | 'd' | 'w';
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[unit];
}

/** The service issuer name of a member in development. */
export const devServiceIssuer = (country: string) => `https://service.${country.toLowerCase()}.enlace.dev.local`;

export interface DevTrust {
  /** The development identity provider for people. */
  issuer: DevIssuer;
  members: string[];
  partners: string[];
  /** The gateway's key pair (it signs member requests; members trust its JWKS). */
  gateway: KeyPair;
  /** Each member's service key pair and issuer name. */
  services: Map<string, KeyPair & { issuer: string }>;
  /** Every issuer the network trusts, with its binding. */
  trustedIssuers: TrustedIssuer[];
  /** Settings every process gets. */
  env: Record<string, string>;
  /** The gateway's own settings. */
  gatewayEnv: Record<string, string>;
  /** A member's own settings. */
  memberEnv(country: string): Record<string, string>;
  /** The secretariat's own settings: the pseudonym key of its evaluator (docs/PSEUDONYMS.md). */
  secretariatEnv: Record<string, string>;
}

/** Where a member's service key pair lives under the development keys' folder (its private key: private.jwk.json). */
export const devServiceKeyDir = (dir: string, country: string): string => join(dir, `service-${country.toLowerCase()}`);

/** Everything a development network of these member countries needs, under `dir`. */
export async function ensureDevTrust(dir: string, members: string[], partners: string[] = DEV_PARTNERS): Promise<DevTrust> {
  const issuer = await ensureDevIssuer(dir, DEV_ISSUER, { countries: [...members, 'XS', ...partners], roles: USER_ROLES });
  const gateway = await ensureKeyPair(join(dir, 'gateway'));
  const services = new Map<string, KeyPair & { issuer: string }>();
  for (const country of members) {
    services.set(country, { ...(await ensureKeyPair(devServiceKeyDir(dir, country))), issuer: devServiceIssuer(country) });
  }
  const prfKeyPath = join(dir, 'prf.key');
  if (!existsSync(prfKeyPath)) createPrfKeyFile(prfKeyPath);
  const trustedIssuers: TrustedIssuer[] = [
    issuer.trusted,
    ...[...services].map(([country, s]) => ({ issuer: s.issuer, jwks: s.jwksPath, countries: [country], roles: ['service'] as Role[] })),
  ];
  return {
    issuer, members, partners, gateway, services, trustedIssuers,
    env: {
      ENLACE_TRUSTED_ISSUERS: JSON.stringify(trustedIssuers),
      ENLACE_MEMBERS: members.join(','),
      ENLACE_PARTNERS: partners.join(','),
    },
    gatewayEnv: { ENLACE_GATEWAY_KEY: gateway.privatePath },
    memberEnv: (country) => ({
      ENLACE_GATEWAY_JWKS: gateway.jwksPath,
      MEMBER_SERVICE_KEY: services.get(country)!.privatePath,
      MEMBER_SERVICE_ISSUER: services.get(country)!.issuer,
    }),
    secretariatEnv: { ENLACE_PRF_KEY_FILE: prfKeyPath },
  };
}
