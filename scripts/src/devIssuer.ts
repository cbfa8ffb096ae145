/**
 * A local token issuer for development and tests: an ES256 key pair created on
 * first use (kept in .dev-keys/, never committed) and tokens minted with it.
 * Production networks configure their real issuers' JWKS instead.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { AUDIENCE, type Role, type TrustedIssuer } from '@enlace/common';

export const DEV_ISSUER = 'https://issuer.enlace.dev.local';

export interface DevIssuer {
  issuer: string;
  jwksPath: string;
  privateJwk: JWK;
  trusted: TrustedIssuer;
}

/** Loads the key pair from `dir`, creating it on first use. */
export async function ensureDevIssuer(dir: string, issuer = DEV_ISSUER): Promise<DevIssuer> {
  const privatePath = join(dir, 'issuer.private.jwk.json');
  const jwksPath = join(dir, 'jwks.json');
  if (!existsSync(privatePath) || !existsSync(jwksPath)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = `dev-${Date.now().toString(36)}`;
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'ES256' };
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    writeFileSync(privatePath, JSON.stringify(privateJwk), { mode: 0o600 });
    writeFileSync(jwksPath, JSON.stringify({ keys: [publicJwk] }));
  }
  const privateJwk = JSON.parse(readFileSync(privatePath, 'utf8')) as JWK;
  return { issuer, jwksPath, privateJwk, trusted: { issuer, jwks: jwksPath } };
}

export interface TokenClaims {
  subject?: string;
  country: string;
  roles: Role[];
  organisation?: string;
  /** Lifetime, e.g. '8h' (jose's time span syntax). */
  expiresIn?: string;
}

export async function mintToken(issuer: Pick<DevIssuer, 'issuer' | 'privateJwk'>, claims: TokenClaims): Promise<string> {
  const key = await importJWK(issuer.privateJwk, 'ES256');
  return new SignJWT({ country: claims.country, roles: claims.roles, org: claims.organisation ?? `Fiscalía ${claims.country}` })
    .setProtectedHeader({ alg: 'ES256', kid: issuer.privateJwk.kid })
    .setIssuer(issuer.issuer)
    .setAudience(AUDIENCE)
    .setSubject(claims.subject ?? `${claims.roles[0]}@${claims.country.toLowerCase()}`)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '8h')
    .sign(key);
}
