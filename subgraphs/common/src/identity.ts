/**
 * Who is asking. Every process (gateway and each member) verifies the caller's
 * JWT itself against the JWKS of the network's trusted issuers, and reads the
 * stated purpose and case reference. Nothing set by the gateway is trusted.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { HttpError } from './http';
import { hasControlCharacter } from './store/codec';

export const ROLES = ['prosecutor', 'analyst', 'secretariat', 'partner', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export interface Caller {
  subject: string;
  issuer: string;
  /** ISO code of the caller's member state; the secretariat uses XS, partners their own code. */
  country: string;
  organisation: string;
  roles: Role[];
}

/** What a request carries besides the query: who, why, for which case. */
export interface RequestIdentity {
  caller: Caller;
  /** The stated purpose (header x-enlace-purpose), or null. */
  purpose: string | null;
  /** The case reference the request is made for (header x-enlace-case-ref), or null. */
  caseRef: string | null;
  /** The raw bearer token, to forward downstream. */
  token: string;
}

export interface TrustedIssuer {
  issuer: string;
  /** A JWKS: an http(s) URL, or a file path (optionally prefixed with file:). */
  jwks: string;
}

export const AUDIENCE = 'enlace';
export const PURPOSE_HEADER = 'x-enlace-purpose';
export const CASE_REF_HEADER = 'x-enlace-case-ref';

export interface TokenVerifier {
  verify(token: string): Promise<Caller>;
}

function keySet(jwks: string): JWTVerifyGetKey {
  if (/^https?:\/\//.test(jwks)) return createRemoteJWKSet(new URL(jwks), { cooldownDuration: 30_000 });
  const path = jwks.replace(/^file:/, '');
  return createLocalJWKSet(JSON.parse(readFileSync(path, 'utf8')));
}

const unauthenticated = (message: string) => new HttpError(401, message, 'UNAUTHENTICATED');

export function createTokenVerifier(issuers: readonly TrustedIssuer[], audience = AUDIENCE): TokenVerifier {
  const keys = new Map(issuers.map((i) => [i.issuer, keySet(i.jwks)] as const));
  return {
    async verify(token: string): Promise<Caller> {
      let issuer: string | undefined;
      try {
        issuer = decodeJwt(token).iss;
      } catch {
        throw unauthenticated('Malformed token');
      }
      const getKey = issuer ? keys.get(issuer) : undefined;
      if (!issuer || !getKey) throw unauthenticated('Token issuer is not trusted by this network');
      let payload;
      try {
        ({ payload } = await jwtVerify(token, getKey, {
          issuer,
          audience,
          algorithms: ['ES256', 'RS256', 'EdDSA'],
          requiredClaims: ['exp', 'sub'],
          clockTolerance: 30,
        }));
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) throw unauthenticated('Token has expired');
        if (err instanceof joseErrors.JWTClaimValidationFailed) throw unauthenticated(`Token claim "${err.claim}" is not valid`);
        throw unauthenticated('Token signature cannot be verified');
      }
      const { sub, country, org, roles } = payload as Record<string, unknown>;
      if (typeof country !== 'string' || !/^[A-Z]{2}$/.test(country)) throw unauthenticated('Token has no valid country claim');
      if (!Array.isArray(roles) || !roles.length || !roles.every((r) => (ROLES as readonly unknown[]).includes(r))) {
        throw unauthenticated(`Token roles must be some of: ${ROLES.join(', ')}`);
      }
      return { subject: String(sub), issuer, country, organisation: typeof org === 'string' ? org : '', roles: roles as Role[] };
    },
  };
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  const value = (Array.isArray(v) ? v[0] : v)?.trim();
  if (!value) return null;
  if (value.length > 200 || hasControlCharacter(value)) throw new HttpError(400, `Header ${name} is not valid`, 'BAD_REQUEST');
  return value;
}

/** Verifies the bearer token of a request and reads its purpose and case reference. */
export async function identify(req: IncomingMessage, verifier: TokenVerifier): Promise<RequestIdentity> {
  const auth = req.headers.authorization ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(auth);
  if (!m) throw unauthenticated('A bearer token is required');
  const caller = await verifier.verify(m[1]);
  return { caller, purpose: header(req, PURPOSE_HEADER), caseRef: header(req, CASE_REF_HEADER), token: m[1] };
}

/**
 * The trusted issuers from ENLACE_TRUSTED_ISSUERS: a JSON list of {issuer, jwks},
 * or `issuer=jwks` pairs separated by commas. Falls back to `fallback`.
 */
export function trustedIssuersFromEnv(env: NodeJS.ProcessEnv, fallback: TrustedIssuer[] = []): TrustedIssuer[] {
  const raw = env.ENLACE_TRUSTED_ISSUERS?.trim();
  if (!raw) return fallback;
  if (raw.startsWith('[')) return JSON.parse(raw) as TrustedIssuer[];
  return raw.split(',').map((pair) => {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`ENLACE_TRUSTED_ISSUERS: expected issuer=jwks, got "${pair}"`);
    return { issuer: pair.slice(0, at).trim(), jwks: pair.slice(at + 1).trim() };
  });
}
