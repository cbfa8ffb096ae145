/**
 * Who is asking. Every process verifies the caller's JWT itself against the
 * JWKS of the network's trusted issuers, and reads the stated purpose and case
 * reference. Nothing set by the gateway is trusted as a claim about the caller.
 *
 * Each issuer is trusted only for what it may vouch for (its bindings: the
 * countries and roles it may assert), and every token must also make sense for
 * the network whoever issued it (DESIGN.md, "Identity"):
 * - XS (the secretariat) carries only the secretariat's roles;
 * - a partner code (ENLACE_PARTNERS) only the partner role;
 * - a member country (ENLACE_MEMBERS) only member roles, or `service` for the
 *   member's own service identity (calls it makes on its own account);
 * - any other country is refused.
 * Lifetimes are bounded: `iat` is required and not in the future, and
 * `exp - iat` is at most ENLACE_MAX_TOKEN_LIFETIME (12 h by default).
 */
import type { IncomingMessage } from 'node:http';
import { decodeJwt, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { createHopVerifier, HOP_HEADER, HOP_HEADER_MAX_LENGTH, HOP_NONCE_HEADER, type HopVerifier } from './hop';
import { HttpError } from './httpError';
import { COUNTRY_PATTERN } from './ids';
import { ALGORITHMS, keySet } from './keys';
import { hasControlCharacter } from './controlCharacters';
import { decodeHeaderText } from './headerText';
import { isPlaceholderText } from './placeholder';
import { checkClaimMapping, mapClaims, type ClaimMapping } from './claimMapping';
import { VerifiedTokens } from './verifiedTokens';

export const ROLES = ['prosecutor', 'analyst', 'secretariat', 'partner', 'auditor', 'service'] as const;
export type Role = (typeof ROLES)[number];

/** The secretariat's country code. */
export const SECRETARIAT_COUNTRY = 'XS';
/** Roles a token for XS may carry: secretariat staff, and the secretariat's own auditors (it audits its own log). */
export const SECRETARIAT_ROLES: readonly Role[] = ['secretariat', 'auditor'];
/** Roles a member country's token may carry (`service` only alone, from a service issuer). */
export const MEMBER_ROLES: readonly Role[] = ['prosecutor', 'analyst', 'auditor', 'service'];
export const PARTNER_ROLES: readonly Role[] = ['partner'];

/** The caller a service call concerns (the `obo` claim of a service token). */
export interface OnBehalfOf {
  subject: string;
  issuer: string;
  country: string;
  roles: Role[];
}

export interface Caller {
  subject: string;
  issuer: string;
  /** ISO code of the caller's member state; the secretariat uses XS, partners their own code. */
  country: string;
  organisation: string;
  roles: Role[];
  /** For a member's service identity: the caller on whose request it asks. */
  onBehalfOf?: OnBehalfOf;
}

/** What a request carries besides the query: who, why, for which case. */
export interface RequestIdentity {
  caller: Caller;
  /** The stated purpose (header x-enlace-purpose, decoded: headerText.ts), or null. */
  purpose: string | null;
  /** The case reference the request is made for (header x-enlace-case-ref, decoded), or null. */
  caseRef: string | null;
  /** The raw bearer token, to forward downstream. */
  token: string;
}

/** A trusted issuer and what it may vouch for. */
export interface TrustedIssuer {
  issuer: string;
  /** A JWKS: an http(s) URL, or a file path (optionally prefixed with file:). */
  jwks: string;
  /** The countries its tokens may name (a member's identity provider: its own country only). */
  countries: string[];
  /** The roles its tokens may carry. */
  roles: Role[];
  /**
   * For an OpenID Connect provider that speaks in its own claims (groups, realm or app roles):
   * which of them mean which country and role (claimMapping.ts). Without it, tokens carry `country` and `roles`.
   */
  claims?: ClaimMapping;
  /** The audience its tokens carry for the network, where the provider cannot say `enlace` (default `enlace`). */
  audience?: string;
}

/** The audience of every caller token: the network. */
export const AUDIENCE = 'enlace';
/** The audience of service tokens for the secretariat: accepted there and nowhere else. */
export const SECRETARIAT_AUDIENCE = 'enlace:secretariat';
export const PURPOSE_HEADER = 'x-enlace-purpose';
export const CASE_REF_HEADER = 'x-enlace-case-ref';
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;
const CLOCK_TOLERANCE_SECONDS = 30;

export interface TrustOptions {
  /** The network's member countries (ENLACE_MEMBERS, or the gateway's directory). */
  members?: Iterable<string>;
  /** Partner codes (ENLACE_PARTNERS): their tokens carry the partner role only. */
  partners?: Iterable<string>;
  /** The longest `exp - iat` accepted (ENLACE_MAX_TOKEN_LIFETIME). */
  maxLifetimeSeconds?: number;
  /** The audience naming this process for service tokens; without it service tokens are refused here. */
  serviceAudience?: string;
  /** The gateway's public keys (ENLACE_GATEWAY_JWKS): members check relayed requests with them. */
  gatewayJwks?: string;
}

export interface TokenVerifier {
  verify(token: string): Promise<Caller>;
  /** The gateway's assertion checker; null when this process does not trust a gateway (foreign callers refused). */
  readonly relay: HopVerifier | null;
}

const unauthenticated = (message: string) => new HttpError(401, message, 'UNAUTHENTICATED');
const isRole = (r: unknown): r is Role => (ROLES as readonly unknown[]).includes(r);

/** Checks the configuration at start: a mistake here is a start-up error, not a silent hole. */
function checkConfiguration(issuers: readonly TrustedIssuer[], members: Set<string>, partners: Set<string>): void {
  const where = 'ENLACE_TRUSTED_ISSUERS';
  const seen = new Set<string>();
  for (const p of partners) {
    if (!COUNTRY_PATTERN.test(p)) throw new Error(`ENLACE_PARTNERS: "${p}" is not a two-letter code`);
    if (p === SECRETARIAT_COUNTRY || members.has(p)) throw new Error(`ENLACE_PARTNERS: ${p} is the secretariat or a member, not a partner`);
  }
  for (const m of members) if (!COUNTRY_PATTERN.test(m) || m === SECRETARIAT_COUNTRY) throw new Error(`ENLACE_MEMBERS: "${m}" is not a member country code`);
  for (const i of issuers) {
    const example = `{"issuer":"${i?.issuer ?? '…'}","jwks":"…","countries":["AR"],"roles":["prosecutor","analyst","auditor"]}`;
    if (typeof i?.issuer !== 'string' || !i.issuer || typeof i.jwks !== 'string' || !i.jwks) throw new Error(`${where}: each issuer needs "issuer" and "jwks", e.g. ${example}`);
    if (seen.has(i.issuer)) throw new Error(`${where}: issuer ${i.issuer} is listed twice`);
    seen.add(i.issuer);
    if (!Array.isArray(i.countries) || !i.countries.length || !Array.isArray(i.roles) || !i.roles.length) {
      throw new Error(`${where}: issuer ${i.issuer} must say which countries and roles it may vouch for, e.g. ${example}`);
    }
    for (const c of i.countries) {
      if (typeof c !== 'string' || !(c === SECRETARIAT_COUNTRY || members.has(c) || partners.has(c))) {
        throw new Error(`${where}: issuer ${i.issuer} is bound to ${String(c)}, which is neither a member (ENLACE_MEMBERS), XS nor a partner (ENLACE_PARTNERS)`);
      }
    }
    for (const r of i.roles) if (!isRole(r)) throw new Error(`${where}: issuer ${i.issuer} is bound to the unknown role "${String(r)}" (roles: ${ROLES.join(', ')})`);
    if (i.claims !== undefined) checkClaimMapping(i.claims, `${where}: issuer ${i.issuer}`, ROLES);
    if (i.audience !== undefined && (typeof i.audience !== 'string' || !i.audience)) throw new Error(`${where}: issuer ${i.issuer}: "audience" must be a text`);
  }
}

/** Why a country may not carry these roles in this network, or null when it may. */
function networkRefusal(country: string, roles: Role[], members: Set<string>, partners: Set<string>): string | null {
  const allowed = country === SECRETARIAT_COUNTRY ? SECRETARIAT_ROLES : partners.has(country) ? PARTNER_ROLES : members.has(country) ? MEMBER_ROLES : null;
  if (!allowed) return `Country ${country} is not a member, the secretariat or a partner of this network`;
  const wrong = roles.find((r) => !allowed.includes(r));
  if (wrong) return `Role ${wrong} is not valid for ${country}`;
  if (roles.includes('service') && roles.length > 1) return 'A service token carries the service role alone';
  return null;
}

function onBehalfOf(claim: unknown): OnBehalfOf | undefined {
  if (claim === undefined) return undefined;
  const o = claim as Record<string, unknown> | null;
  const valid =
    typeof o === 'object' && o !== null && typeof o.sub === 'string' && typeof o.iss === 'string' &&
    typeof o.country === 'string' && COUNTRY_PATTERN.test(o.country) &&
    Array.isArray(o.roles) && o.roles.every((r) => isRole(r) && r !== 'service');
  if (!valid) throw unauthenticated('Token claim "obo" is not valid');
  return { subject: o.sub as string, issuer: o.iss as string, country: o.country as string, roles: o.roles as Role[] };
}

export function createTokenVerifier(issuers: readonly TrustedIssuer[], options: TrustOptions = {}): TokenVerifier {
  const members = new Set(options.members ?? []);
  const partners = new Set(options.partners ?? []);
  checkConfiguration(issuers, members, partners);
  const maxLifetime = options.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  const trusted = new Map(issuers.map((i) => [i.issuer, { binding: i, keys: keySet(i.jwks) as JWTVerifyGetKey }] as const));
  const verified = new VerifiedTokens<Caller>();
  const verify = async (token: string): Promise<{ caller: Caller; exp: number }> => {
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw unauthenticated('Malformed token');
    }
    const entry = issuer ? trusted.get(issuer) : undefined;
    if (!issuer || !entry) throw unauthenticated('Token issuer is not trusted by this network');
    let payload;
    try {
      ({ payload } = await jwtVerify(token, entry.keys, {
        issuer,
        // The audience is checked below, once the roles say which one the token needs.
        algorithms: ALGORITHMS,
        requiredClaims: ['exp', 'iat', 'sub'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw unauthenticated('Token has expired');
      if (err instanceof joseErrors.JWTClaimValidationFailed) throw unauthenticated(`Token claim "${err.claim}" is not valid`);
      throw unauthenticated('Token signature cannot be verified');
    }
    const { binding } = entry;
    const { sub, org, iat, exp, aud, obo } = payload as Record<string, unknown>;
    let { country, roles } = payload as Record<string, unknown>;
    if (binding.claims) {
      // The provider's own words, mapped by configuration; then checked like any token's.
      const mapped = mapClaims(payload as Record<string, unknown>, binding.claims);
      if ('refusal' in mapped) throw unauthenticated(mapped.refusal);
      ({ country, roles } = mapped);
    }
    if (typeof iat !== 'number' || typeof exp !== 'number') throw unauthenticated('Token claim "iat" is not valid');
    if (iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS) throw unauthenticated('Token was issued in the future');
    if (exp - iat > maxLifetime) throw unauthenticated(`Token lifetime is longer than this network accepts (${formatSpan(maxLifetime)})`);
    if (typeof country !== 'string' || !COUNTRY_PATTERN.test(country)) throw unauthenticated('Token has no valid country claim');
    if (!Array.isArray(roles) || !roles.length || !roles.every(isRole)) {
      throw unauthenticated(`Token roles must be some of: ${ROLES.filter((r) => r !== 'service').join(', ')}`);
    }
    const refusal = networkRefusal(country, roles, members, partners);
    if (refusal) throw unauthenticated(refusal);
    if (!binding.countries.includes(country)) throw unauthenticated(`Token issuer may not vouch for country ${country}`);
    const unbound = roles.find((r) => !binding.roles.includes(r));
    if (unbound) throw unauthenticated(`Token issuer may not vouch for role ${unbound}`);
    // A service token is good only where it is addressed; a caller token never names a service audience alone.
    const audList = Array.isArray(aud) ? aud : [aud];
    const isService = roles.includes('service');
    if (isService && !(options.serviceAudience && audList.includes(options.serviceAudience))) throw unauthenticated('Service tokens are not accepted here');
    if (!isService && !audList.includes(binding.audience ?? AUDIENCE)) throw unauthenticated('Token claim "aud" is not valid');
    const caller: Caller = { subject: String(sub), issuer, country, organisation: typeof org === 'string' ? org : '', roles: roles as Role[] };
    if (isService) {
      const concerned = onBehalfOf(obo);
      if (concerned) caller.onBehalfOf = concerned;
    }
    return { caller, exp };
  };
  return {
    relay: options.gatewayJwks ? createHopVerifier(options.gatewayJwks) : null,
    async verify(token: string): Promise<Caller> {
      const known = verified.get(token);
      if (known) return known;
      const { caller, exp } = await verify(token);
      verified.set(token, frozen(caller), exp);
      return caller;
    },
  };
}

/** A caller shared by the requests that send its token: nobody may change it. */
function frozen(caller: Caller): Caller {
  const copy: Caller = { ...caller, roles: Object.freeze([...caller.roles]) as Role[] };
  if (caller.onBehalfOf) copy.onBehalfOf = Object.freeze({ ...caller.onBehalfOf, roles: Object.freeze([...caller.onBehalfOf.roles]) as Role[] });
  return Object.freeze(copy);
}

/** 43200 → "12 h". */
function formatSpan(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

function rawHeader(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function header(req: IncomingMessage, name: string, maxLength: number): string | null {
  const value = rawHeader(req, name)?.trim();
  if (!value) return null;
  if (value.length > maxLength || hasControlCharacter(value)) throw new HttpError(400, `Header ${name} is not valid`, 'INVALID_HEADER', { header: name });
  return value;
}

const WHAT_TO_STATE: Record<string, string> = { [PURPOSE_HEADER]: 'a purpose: say why you need these records', [CASE_REF_HEADER]: 'a case reference: give the reference of your case' };

/** A purpose or case reference as stated; a placeholder (`<why you need these records>`) is refused, not logged as one. */
function statedText(name: string, text: string | null): string | null {
  if (text !== null && isPlaceholderText(text)) {
    throw new HttpError(400, `Header ${name} holds a placeholder, not ${WHAT_TO_STATE[name] ?? 'a value'}`, 'INVALID_HEADER', { header: name });
  }
  return text;
}

/** For a member: which member it is, and the raw body received (the gateway's assertion covers it). */
export interface MemberRequest {
  member: string;
  body: string;
}

/**
 * Verifies the bearer token of a request and reads its purpose and case reference.
 * At a member (`at` given), a foreign caller must also come with the gateway's
 * assertion for this member over exactly this request; the member's own office
 * calls it directly.
 */
export async function identify(req: IncomingMessage, verifier: TokenVerifier, at?: MemberRequest): Promise<RequestIdentity> {
  const auth = req.headers.authorization ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(auth);
  if (!m) throw unauthenticated('A bearer token is required');
  const caller = await verifier.verify(m[1]);
  // Text, sent percent-encoded (headerText.ts): decoded here, once, for the protocol, the assertion and the audit log.
  const text = (name: string) => statedText(name, decodeHeaderText(name, rawHeader(req, name)));
  const identity: RequestIdentity = { caller, purpose: text(PURPOSE_HEADER), caseRef: text(CASE_REF_HEADER), token: m[1] };
  if (at && caller.country !== at.member) {
    if (!verifier.relay) throw unauthenticated('Relayed request refused: this member serves foreign callers only through the gateway, and trusts no gateway');
    const proof = { assertion: header(req, HOP_HEADER, HOP_HEADER_MAX_LENGTH), nonce: header(req, HOP_NONCE_HEADER, 64) };
    await verifier.relay.verify(proof, {
      member: at.member, body: at.body, token: identity.token, purpose: identity.purpose, caseRef: identity.caseRef,
    });
  }
  return identity;
}

/**
 * The trusted issuers from ENLACE_TRUSTED_ISSUERS: a JSON list of
 * {issuer, jwks, countries, roles}. The old `issuer=jwks` form cannot say what
 * an issuer may vouch for, so it is refused with what to write instead.
 */
export function trustedIssuersFromEnv(env: NodeJS.ProcessEnv, fallback: TrustedIssuer[] = []): TrustedIssuer[] {
  const raw = env.ENLACE_TRUSTED_ISSUERS?.trim();
  if (!raw) return fallback;
  if (!raw.startsWith('[')) {
    throw new Error(
      'ENLACE_TRUSTED_ISSUERS: the issuer=jwks form cannot say what each issuer may vouch for; write a JSON list instead, e.g. ' +
        '[{"issuer":"https://idp.fiscales.gob.ar","jwks":"https://idp.fiscales.gob.ar/jwks.json","countries":["AR"],"roles":["prosecutor","analyst","auditor"]}]',
    );
  }
  try {
    return JSON.parse(raw) as TrustedIssuer[];
  } catch (err) {
    throw new Error(`ENLACE_TRUSTED_ISSUERS is not valid JSON: ${(err as Error).message}`);
  }
}

/** A list of country codes (`AR,CO,PE`) from a setting. */
export function countryList(value: string | undefined): string[] {
  return (value ?? '').split(/[,\s]+/).map((c) => c.trim().toUpperCase()).filter(Boolean);
}

/** The longest token lifetime the network accepts (ENLACE_MAX_TOKEN_LIFETIME, 12 h when unset), in seconds. */
export function maxTokenLifetimeFromEnv(env: NodeJS.ProcessEnv): number {
  const value = env.ENLACE_MAX_TOKEN_LIFETIME?.trim();
  return value ? parseLifetime(value) : DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
}

/** `12h`, `90m`, `3600` (seconds) → seconds; for ENLACE_MAX_TOKEN_LIFETIME. */
export function parseLifetime(value: string, name = 'ENLACE_MAX_TOKEN_LIFETIME'): number {
  const m = /^(\d+)\s*(s|m|h|d)?$/.exec(value.trim());
  const seconds = m ? Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? 's') as 's'] : NaN;
  if (!Number.isSafeInteger(seconds) || seconds < 1) throw new Error(`${name} must be a lifetime such as 12h, 90m or 3600 (seconds), got "${value}"`);
  return seconds;
}
