/**
 * The bound gateway → member hop (DESIGN.md, "Identity"). Per member request the
 * gateway signs, with its own key, a short-lived assertion naming the target
 * member (audience) and the SHA-256 of what it sends: the body (operation and
 * variables), the caller's token, the purpose and case reference. A member
 * serves a foreign caller only with a valid assertion for itself over exactly
 * what it received, so a token relayed to one member cannot be replayed at
 * another, nor with another query.
 */
import { KeyObject, randomUUID, sign as signBytes } from 'node:crypto';
import { errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { HttpError } from './httpError';
import { ALGORITHMS, keySet, sha256Base64url, signingKeyFromFile, type SigningKey } from './keys';

export const HOP_HEADER = 'x-enlace-hop';
export const HOP_ISSUER = 'enlace:gateway';
/** How long an assertion is good for: one request's journey, not a session. */
const HOP_LIFETIME_SECONDS = 60;
const CLOCK_TOLERANCE_SECONDS = 5;

/** The audience of assertions for one member. */
export const memberAudience = (country: string) => `enlace:member:${country}`;

/** What the gateway sends to a member, exactly as sent (and as the member received it). */
export interface RelayedRequest {
  member: string;
  /** The raw request body. */
  body: string;
  /** The caller's bearer token. */
  token: string;
  purpose: string | null;
  caseRef: string | null;
}

interface HopClaims {
  body_sha256: string;
  token_sha256: string;
  /** Of the purpose and case reference, which decide what the protocol grants. */
  purpose_sha256: string;
}

function claimsOf(request: RelayedRequest): HopClaims {
  return {
    body_sha256: sha256Base64url(request.body),
    token_sha256: sha256Base64url(request.token),
    purpose_sha256: sha256Base64url(JSON.stringify([request.purpose, request.caseRef])),
  };
}

export interface HopSigner {
  /** The assertion for one request to one member (the value of the x-enlace-hop header). */
  sign(request: RelayedRequest): Promise<string>;
}

export function createHopSigner(key: SigningKey): HopSigner {
  const signature = jwsSigner(key);
  const header = base64url({ alg: key.alg, kid: key.kid, typ: 'enlace-hop+jwt' });
  // A request fanned out to many members sends them the same body: its hashes are made once.
  let last: { request: RelayedRequest; claims: HopClaims } | null = null;
  const claimsFor = (request: RelayedRequest): HopClaims => {
    const l = last?.request;
    if (!l || l.body !== request.body || l.token !== request.token || l.purpose !== request.purpose || l.caseRef !== request.caseRef) {
      last = { request, claims: claimsOf(request) };
    }
    return last!.claims;
  };
  return {
    async sign(request) {
      const iat = Math.floor(Date.now() / 1000);
      const payload = base64url({
        ...claimsFor(request), iss: HOP_ISSUER, aud: memberAudience(request.member), jti: randomUUID(), iat, exp: iat + HOP_LIFETIME_SECONDS,
      });
      const input = `${header}.${payload}`;
      return `${input}.${await signature(input)}`;
    },
  };
}

const base64url = (json: unknown) => Buffer.from(JSON.stringify(json)).toString('base64url');

/**
 * JWS signatures (RFC 7515/7518) made with node:crypto directly: a fan-out to 16
 * members signs 15 assertions per request, and jose's SignJWT took about twice
 * the time of the signature itself (measured: 256 against 123 µs a signature on
 * a busy machine), which was most of what the gateway's fan-out added. Signed
 * on the event loop: node's thread-pool form did most of its work there anyway
 * and spread the member requests further (fan-out to 16: 1.6 against 1.1 ms).
 * Members verify them with jose, as any JWT.
 */
function jwsSigner({ alg, key }: SigningKey): (input: string) => Promise<string> {
  if (!(key instanceof KeyObject) || key.type !== 'private') throw new Error('the gateway\'s signing key must be a private key');
  const [digest, options] =
    alg === 'ES256' ? ['sha256', { key, dsaEncoding: 'ieee-p1363' as const }] :
    alg === 'RS256' ? ['sha256', { key }] :
    alg === 'EdDSA' ? [null, { key }] :
    [undefined, undefined];
  if (digest === undefined || !options) throw new Error(`cannot sign with ${alg}`);
  return async (input) => signBytes(digest, Buffer.from(input), options).toString('base64url');
}

/** The gateway's signer from ENLACE_GATEWAY_KEY: the path of its private JWK. */
export async function hopSignerFromEnv(env: NodeJS.ProcessEnv): Promise<HopSigner> {
  const path = env.ENLACE_GATEWAY_KEY?.trim();
  if (!path) throw new Error('ENLACE_GATEWAY_KEY is not set: the path of the private JWK the gateway signs member requests with');
  return createHopSigner(await signingKeyFromFile(path, 'ENLACE_GATEWAY_KEY'));
}

export interface HopVerifier {
  /** Resolves when `assertion` is the gateway's, for this member, over exactly this request; throws 401 otherwise. */
  verify(assertion: string | null, request: RelayedRequest): Promise<void>;
}

const refused = (reason: string) => new HttpError(401, `Relayed request refused: ${reason}`, 'UNAUTHENTICATED');

/** Verifies assertions with the gateway's public keys (ENLACE_GATEWAY_JWKS: a URL or a file). */
export function createHopVerifier(gatewayJwks: string): HopVerifier {
  const keys: JWTVerifyGetKey = keySet(gatewayJwks);
  // Assertions seen and still unexpired: each is good for one request.
  const seen = new Map<string, number>();
  const remember = (jti: string, exp: number) => {
    // Every assertion lives the same 60 s, so the map is in order of expiry: drop the expired from the front.
    const now = Date.now() / 1000;
    for (const [k, e] of seen) {
      if (e + CLOCK_TOLERANCE_SECONDS >= now) break;
      seen.delete(k);
    }
    seen.set(jti, exp);
  };
  return {
    async verify(assertion, request) {
      if (!assertion) throw refused('a foreign caller is served only through the gateway, with its assertion for this member');
      let payload;
      try {
        ({ payload } = await jwtVerify(assertion, keys, {
          issuer: HOP_ISSUER,
          audience: memberAudience(request.member),
          algorithms: ALGORITHMS,
          typ: 'enlace-hop+jwt',
          requiredClaims: ['exp', 'iat', 'jti'],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          maxTokenAge: HOP_LIFETIME_SECONDS, // also refuses an iat in the future
        }));
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) throw refused('the gateway\'s assertion has expired');
        if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === 'aud') throw refused('the gateway\'s assertion is for another member');
        if (err instanceof joseErrors.JWTClaimValidationFailed) throw refused(`the gateway's assertion has no valid "${err.claim}"`);
        throw refused('the gateway\'s assertion cannot be verified');
      }
      const { iat, exp, jti } = payload as { iat: number; exp: number; jti: string };
      if (exp - iat > HOP_LIFETIME_SECONDS) throw refused('the gateway\'s assertion lives too long');
      const expected = claimsOf(request);
      const got = payload as Partial<HopClaims>;
      if (got.token_sha256 !== expected.token_sha256) throw refused('the gateway\'s assertion is for another token');
      if (got.body_sha256 !== expected.body_sha256) throw refused('the gateway\'s assertion is for another query');
      if (got.purpose_sha256 !== expected.purpose_sha256) throw refused('the gateway\'s assertion is for another purpose or case reference');
      if (seen.has(jti)) throw refused('the gateway\'s assertion was already used');
      remember(jti, exp);
    },
  };
}
