/**
 * The bound gateway → member hop (DESIGN.md, "Identity"; docs/hop.md). The gateway
 * signs, with its own key, one short-lived assertion per fan-out (the member
 * requests of one fetch): the SHA-256 of the caller's token and of the purpose and
 * case reference, and per member request an opaque tag,
 * SHA-256(member audience . nonce . SHA-256(body)), where the nonce is random and
 * sent to that member alone (header x-enlace-hop-nonce). A member serves a foreign
 * caller only when the tag it recomputes from its own name, the nonce it was given
 * and the body it received is in the signed list, and never twice for one nonce:
 * a request captured at one member cannot be replayed at another (its tag names
 * the first member; the other's nonce is shown only to the other), nor with another
 * query. One signature covers the whole fan-out: a 16-member fan-out signed 15
 * assertions before, about 0.4 ms of P-256.
 */
import { KeyObject, randomBytes, randomUUID, sign as signBytes } from 'node:crypto';
import { errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { HttpError } from './httpError';
import { ALGORITHMS, keySet, sha256Base64url, signingKeyFromFile, type SigningKey } from './keys';

export const HOP_HEADER = 'x-enlace-hop';
/** This member request's nonce: sent to the one member whose tag it is part of. */
export const HOP_NONCE_HEADER = 'x-enlace-hop-nonce';
export const HOP_ISSUER = 'enlace:gateway';
/** The audience of every fan-out assertion; which member a request is for is bound by its tag. */
export const MEMBERS_AUDIENCE = 'enlace:members';
/** How long an assertion is good for: one request's journey, not a session. */
const HOP_LIFETIME_SECONDS = 60;
const CLOCK_TOLERANCE_SECONDS = 5;
/** 128 random bits per member request. */
const NONCE_BYTES = 16;
const NONCE_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/**
 * Most tags in one assertion: a larger fan-out is signed in parts, so that the
 * header stays under HOP_HEADER_MAX_LENGTH (64 tags: about 4.4 kB).
 */
const MAX_TAGS_PER_ASSERTION = 64;
/** The longest x-enlace-hop header a member reads. */
export const HOP_HEADER_MAX_LENGTH = 8192;

/** The name a tag binds a member request to. */
export const memberAudience = (country: string) => `enlace:member:${country}`;

/**
 * The tag of one member request: binds the member, the nonce only it was given,
 * and the exact body. `.` cannot occur in a nonce or a hash (base64url), so the
 * input reads one way only.
 */
export const hopTag = (member: string, nonce: string, bodySha256: string): string =>
  sha256Base64url(`${memberAudience(member)}.${nonce}.${bodySha256}`);

/** On whose behalf a fan-out goes: the caller's token, purpose and case reference (decoded, as members read them). */
export interface RelayedCaller {
  token: string;
  purpose: string | null;
  caseRef: string | null;
}

/** One member request of a fan-out: the member, and the raw body exactly as sent. */
export interface MemberBody {
  member: string;
  body: string;
}

/** What a member received: one request of a fan-out, as sent. */
export interface RelayedRequest extends RelayedCaller, MemberBody {}

/** What one member request carries besides the caller's own headers. */
export interface HopHeaders {
  [HOP_HEADER]: string;
  [HOP_NONCE_HEADER]: string;
}

/** What a member reads from a request to check it. */
export interface HopProof {
  assertion: string | null;
  nonce: string | null;
}

interface CallerClaims {
  token_sha256: string;
  /** Of the purpose and case reference, which decide what the protocol grants. */
  purpose_sha256: string;
}

interface HopClaims extends CallerClaims {
  /** One per member request, sorted: a tag's place says nothing of whose it is. */
  tags: string[];
}

function callerClaimsOf(caller: RelayedCaller): CallerClaims {
  return {
    token_sha256: sha256Base64url(caller.token),
    purpose_sha256: sha256Base64url(JSON.stringify([caller.purpose, caller.caseRef])),
  };
}

export interface HopSigner {
  /**
   * The headers for each request of one fan-out (same order): one assertion over
   * all of them (for more than 64, one per 64), and each request's own nonce.
   */
  signFanOut(caller: RelayedCaller, requests: readonly MemberBody[]): Promise<HopHeaders[]>;
  /** A fan-out of one: a single relayed request (conformance suites, tests, tools). */
  sign(request: RelayedRequest): Promise<HopHeaders>;
}

export function createHopSigner(key: SigningKey): HopSigner {
  const signature = jwsSigner(key);
  const header = base64url({ alg: key.alg, kid: key.kid, typ: 'enlace-hop+jwt' });
  // The fetches of one request are signed for the same caller: its hashes are made once.
  let last: { caller: RelayedCaller; claims: CallerClaims } | null = null;
  const claimsFor = (caller: RelayedCaller): CallerClaims => {
    const l = last?.caller;
    if (!l || l.token !== caller.token || l.purpose !== caller.purpose || l.caseRef !== caller.caseRef) last = { caller, claims: callerClaimsOf(caller) };
    return last!.claims;
  };
  const assertion = async (claims: CallerClaims, tags: string[]): Promise<string> => {
    const iat = Math.floor(Date.now() / 1000);
    const payload = base64url({ ...claims, tags: tags.sort(), iss: HOP_ISSUER, aud: MEMBERS_AUDIENCE, jti: randomUUID(), iat, exp: iat + HOP_LIFETIME_SECONDS });
    const input = `${header}.${payload}`;
    return `${input}.${await signature(input)}`;
  };
  const signFanOut: HopSigner['signFanOut'] = async (caller, requests) => {
    const claims = claimsFor(caller);
    const random = randomBytes(NONCE_BYTES * requests.length);
    const nonces = requests.map((_, i) => random.subarray(i * NONCE_BYTES, (i + 1) * NONCE_BYTES).toString('base64url'));
    // Most fan-outs send every member the same bytes: each distinct body is hashed once.
    const bodyHashes = new Map<string, string>();
    const bodyHash = (body: string) => bodyHashes.get(body) ?? bodyHashes.set(body, sha256Base64url(body)).get(body)!;
    const tags = requests.map((r, i) => hopTag(r.member, nonces[i], bodyHash(r.body)));
    const headers: HopHeaders[] = [];
    for (let start = 0; start < requests.length; start += MAX_TAGS_PER_ASSERTION) {
      const signed = await assertion(claims, tags.slice(start, start + MAX_TAGS_PER_ASSERTION));
      for (let i = start; i < Math.min(start + MAX_TAGS_PER_ASSERTION, requests.length); i++) headers.push({ [HOP_HEADER]: signed, [HOP_NONCE_HEADER]: nonces[i] });
    }
    return headers;
  };
  return {
    signFanOut,
    async sign(request) {
      return (await signFanOut(request, [request]))[0];
    },
  };
}

const base64url = (json: unknown) => Buffer.from(JSON.stringify(json)).toString('base64url');

/**
 * JWS signatures (RFC 7515/7518) made with node:crypto directly: jose's SignJWT
 * took about twice the time of the signature itself (measured: 256 against 123 µs
 * a signature on a busy machine). Signed on the event loop: node's thread-pool
 * form did most of its work there anyway. Members verify them with jose, as any JWT.
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
  /** Resolves when `proof` is the gateway's, for this member, over exactly this request, and its nonce is new; throws 401 otherwise. */
  verify(proof: HopProof, request: RelayedRequest): Promise<void>;
}

const refused = (reason: string) => new HttpError(401, `Relayed request refused: ${reason}`, 'UNAUTHENTICATED');

/** Verifies assertions with the gateway's public keys (ENLACE_GATEWAY_JWKS: a URL or a file). */
export function createHopVerifier(gatewayJwks: string): HopVerifier {
  const keys: JWTVerifyGetKey = keySet(gatewayJwks);
  // Nonces seen and still unexpired: each member request is served once. (Keyed on the nonce, not the
  // assertion's jti: one assertion may cover several requests to this member, each with its own nonce.)
  const seen = new Map<string, number>();
  const remember = (nonce: string, exp: number) => {
    // Every assertion lives the same 60 s, so the map is about in order of expiry: drop the expired from the front.
    const now = Date.now() / 1000;
    for (const [k, e] of seen) {
      if (e + CLOCK_TOLERANCE_SECONDS >= now) break;
      seen.delete(k);
    }
    seen.set(nonce, exp);
  };
  return {
    async verify({ assertion, nonce }, request) {
      if (!assertion) throw refused('a foreign caller is served only through the gateway, with its assertion for this member');
      if (!nonce || !NONCE_PATTERN.test(nonce)) throw refused(`the gateway's assertion comes without a valid nonce (header ${HOP_NONCE_HEADER})`);
      let payload;
      try {
        ({ payload } = await jwtVerify(assertion, keys, {
          issuer: HOP_ISSUER,
          audience: MEMBERS_AUDIENCE,
          algorithms: ALGORITHMS,
          typ: 'enlace-hop+jwt',
          requiredClaims: ['exp', 'iat', 'jti'],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          maxTokenAge: HOP_LIFETIME_SECONDS, // also refuses an iat in the future
        }));
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) throw refused('the gateway\'s assertion has expired');
        if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === 'aud') throw refused('the gateway\'s assertion is not one for members');
        if (err instanceof joseErrors.JWTClaimValidationFailed) throw refused(`the gateway's assertion has no valid "${err.claim}"`);
        throw refused('the gateway\'s assertion cannot be verified');
      }
      const { iat, exp } = payload as { iat: number; exp: number };
      if (exp - iat > HOP_LIFETIME_SECONDS) throw refused('the gateway\'s assertion lives too long');
      const expected = callerClaimsOf(request);
      const got = payload as Partial<HopClaims>;
      if (got.token_sha256 !== expected.token_sha256) throw refused('the gateway\'s assertion is for another token');
      if (got.purpose_sha256 !== expected.purpose_sha256) throw refused('the gateway\'s assertion is for another purpose or case reference');
      // Another member's request, or this member's with another body or another nonce: no tag of the list matches.
      if (!Array.isArray(got.tags) || !got.tags.includes(hopTag(request.member, nonce, sha256Base64url(request.body)))) {
        throw refused('the gateway\'s assertion does not cover this body at this member with this nonce');
      }
      if (seen.has(nonce)) throw refused('the gateway\'s assertion was already used for this request');
      remember(nonce, exp);
    },
  };
}
