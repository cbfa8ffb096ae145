/**
 * The member's operator identity: whoever holds the member's own service key
 * (MEMBER_SERVICE_KEY) operates it, e.g. imports a national export into it while
 * it serves (`npm run import`). The operator signs a short-lived token with that
 * key, addressed to this member's operator path alone; the member checks it
 * against the public half of the same key. No other issuer is trusted there, and
 * a user's token (audience `enlace`) or a service token (the secretariat's
 * audience) is never accepted.
 */
import { createPublicKey, KeyObject } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT, type KeyLike } from 'jose';
import type { AuditCaller } from './audit/entry';
import { HttpError } from './httpError';
import type { SigningKey } from './keys';

export const OPERATOR_ROLE = 'operator';
/** An operator token lives for a few batches at most: the command signs a fresh one as it goes. */
export const OPERATOR_TOKEN_MAX_SECONDS = 300;
/** Clocks of the command and the member may differ a little (same machine, usually). */
const CLOCK_TOLERANCE_SECONDS = 30;

export const operatorAudience = (country: string): string => `member:${country.toUpperCase()}:operator`;
export const operatorSubject = (country: string): string => `operator@${country.toLowerCase()}`;
/** The issuer an operator token names: the member's own key vouches for it. */
export const operatorIssuer = (country: string): string => `member:${country.toUpperCase()}:service-key`;

/** A token for `country`'s operator path, signed with that member's service key. */
export function signOperatorToken(key: SigningKey, country: string, lifetimeSeconds = OPERATOR_TOKEN_MAX_SECONDS): Promise<string> {
  return new SignJWT({ country: country.toUpperCase(), roles: [OPERATOR_ROLE] })
    .setProtectedHeader({ alg: key.alg, kid: key.kid })
    .setIssuer(operatorIssuer(country))
    .setAudience(operatorAudience(country))
    .setSubject(operatorSubject(country))
    .setIssuedAt()
    .setExpirationTime(`${Math.min(lifetimeSeconds, OPERATOR_TOKEN_MAX_SECONDS)}s`)
    .sign(key.key);
}

/** The public half of a private signing key (what the member verifies operator tokens with). */
export function publicHalf(key: SigningKey): { key: KeyObject; alg: string } {
  if (!(key.key instanceof KeyObject)) throw new Error('the service key is not an asymmetric key object');
  return { key: key.key.type === 'public' ? key.key : createPublicKey(key.key), alg: key.alg };
}

export type OperatorVerifier = (authorization: string | undefined) => Promise<AuditCaller>;

const unauthenticated = (why: string) => new HttpError(401, `Operator token refused: ${why}`, 'UNAUTHENTICATED');
const forbidden = (why: string) => new HttpError(403, `Operator token refused: ${why}`, 'OPERATOR_FORBIDDEN');

/**
 * Checks a bearer token for `country`'s operator path: signed by the member's own key with its
 * algorithm, not expired and living at most OPERATOR_TOKEN_MAX_SECONDS, addressed to this member's
 * operator audience, for this country and the operator role. Refusals are HttpErrors: 401 for a
 * token that is missing, malformed, expired or signed by another key; 403 for one signed by this
 * key but meant for something else.
 */
export function operatorVerifier(country: string, publicKey: { key: KeyLike; alg: string }): OperatorVerifier {
  const cc = country.toUpperCase();
  return async (authorization) => {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw unauthenticated(`no bearer token; sign one with the member's service key (npm run import does)`);
    let payload;
    try {
      ({ payload } = await jwtVerify(token, publicKey.key, {
        algorithms: [publicKey.alg], requiredClaims: ['exp', 'iat', 'sub', 'aud'], clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw unauthenticated('it has expired');
      if (err instanceof joseErrors.JWSSignatureVerificationFailed) throw unauthenticated(`it is not signed by member ${cc}'s service key`);
      if (err instanceof joseErrors.JOSEAlgNotAllowed) throw unauthenticated(`it is not signed with ${publicKey.alg}, the algorithm of member ${cc}'s service key`);
      if (err instanceof joseErrors.JWTClaimValidationFailed) throw unauthenticated(err.message);
      throw unauthenticated('it is not a valid JWT');
    }
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (audiences.length !== 1 || audiences[0] !== operatorAudience(cc)) throw forbidden(`it is addressed to ${audiences.join(', ')}, not ${operatorAudience(cc)}`);
    if (payload.exp! - payload.iat! > OPERATOR_TOKEN_MAX_SECONDS) throw forbidden(`it lives ${payload.exp! - payload.iat!} s; an operator token lives at most ${OPERATOR_TOKEN_MAX_SECONDS} s`);
    if (payload.country !== cc) throw forbidden(`it is for country ${JSON.stringify(payload.country)}, not ${cc}`);
    const roles = Array.isArray(payload.roles) ? (payload.roles as unknown[]).filter((r): r is string => typeof r === 'string') : [];
    if (!roles.includes(OPERATOR_ROLE)) throw forbidden(`it lacks the ${OPERATOR_ROLE} role`);
    // The issuer is what vouched for the token: this member's own key (whatever `iss` the token names).
    return { subject: String(payload.sub), country: cc, roles, issuer: operatorIssuer(cc) };
  };
}
