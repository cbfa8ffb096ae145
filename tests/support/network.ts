/**
 * The whole network on loopback for tests: real member subgraphs (in-memory
 * Kùzu stores, seeded), the secretariat, and the gateway, all over real HTTP.
 * Keys (the development issuer, the gateway's key, one service key per member)
 * are generated into a temporary directory, as `npm start` does into .dev-keys/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import request from 'supertest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CASE_REF_HEADER, createHopSigner, createServiceIdentity, createTokenVerifier, decodeHeaderText, encodeHeaderText, HOP_HEADER, PURPOSE_HEADER,
  accountIdentifier, documentIdentifier, obtainPseudonyms, prfKeyFromFile, SECRETARIAT_AUDIENCE, signingKey,
  type HopSigner, type PrfKey, type Role, type ServiceIdentity, type TokenVerifier, type TrustedIssuer, type TrustOptions,
} from '@enlace/platform';
import { KuzuStore } from '@enlace/store';
import { startGateway, type GatewayOptions, type RunningGateway } from '@enlace/gateway';
import { keyHolderClient, startMember, type MemberOptions, type RunningMember } from '@enlace/member';
import { seedSecretariat, startSecretariat, type RunningSecretariat, type SecretariatOptions } from '@enlace/secretariat';
import { DEV_PARTNERS, ensureDevIssuer, ensureDevTrust, mintToken, type DevIssuer, type DevTrust } from '@enlace/scripts/devIssuer';
import { generateSecretariat } from '@enlace/scripts/seed/generate';
import { seedMember } from '@enlace/scripts/seed/load';

export interface TokenRequest {
  country: string;
  roles?: Role[];
  expiresIn?: string;
  /** Seconds since the epoch (default now). */
  issuedAt?: number;
  subject?: string;
  /** One of `NetworkOptions.issuers` by name (default: the development issuer). */
  issuer?: string;
}

export interface TestNetwork {
  gateway: RunningGateway;
  members: Map<string, RunningMember>;
  secretariat: RunningSecretariat;
  /** The development issuer: every test country, XS and the partner XP, every user role. */
  issuer: DevIssuer;
  /** The further issuers of `NetworkOptions.issuers`, by name. */
  issuers: Map<string, DevIssuer>;
  /** All keys and settings of this network (as `npm start` makes them). */
  trust: DevTrust;
  /** How members verify callers: the trusted issuers with their bindings, and the gateway's key for relayed requests. */
  verifier: TokenVerifier;
  /** The gateway's signer of member assertions (tests sign with it as the gateway would). */
  hop: HopSigner;
  /** Each member's service identity, by country. */
  services: Map<string, ServiceIdentity>;
  /** The network's pseudonym key, which the secretariat's evaluator holds (tests compute F_k with it directly). */
  prfKey: PrfKey;
  /** Directory the gateway routes by; tests may point an entry elsewhere before starting. */
  directory: Map<string, string>;
  token(claims: TokenRequest): Promise<string>;
  close(): Promise<void>;
}

export interface NetworkOptions {
  countries?: string[];
  persons?: number;
  seed?: number;
  memberTimeoutMs?: number;
  /** Replace some directory entries (e.g. with a fake member) before the gateway starts. */
  directoryOverrides?: Record<string, string>;
  /** Members whose store is a file at this path (country → path), not in memory: tests that read the files. */
  storePaths?: Record<string, string>;
  /** Extra options per member (country → options), e.g. a protocol tightening. */
  memberOptions?: Record<string, Partial<MemberOptions>>;
  /** Extra options for the secretariat, e.g. where its audit files go. */
  secretariatOptions?: Partial<SecretariatOptions>;
  /** Extra options for the gateway, e.g. its logger and metrics. */
  gatewayOptions?: Partial<GatewayOptions>;
  /** Further identity providers the network trusts, by name, each with what it may vouch for. */
  issuers?: Record<string, { countries: string[]; roles: Role[] }>;
  /** Issuers trusted as they are (e.g. the development OIDC provider, with its claim mapping). */
  trusted?: TrustedIssuer[];
  /** Partner codes (default XP). */
  partners?: string[];
  /** ENLACE_MAX_TOKEN_LIFETIME, in seconds (default 12 h). */
  maxTokenLifetimeSeconds?: number;
  /**
   * How members pseudonymise their records for hit/no-hit: 'blinded' through the secretariat's evaluator, as in
   * production; 'direct' (default) with the network's key in the test process (the same pseudonyms, a fifth of the CPU).
   */
  pseudonyms?: 'blinded' | 'direct';
}

export const SEED = 42;

const BUFFER_POOL = 64 * 1024 * 1024;

/**
 * Who answers at each URL gql posts to: requests straight to a member of a running
 * test network carry the gateway's assertion for that member, as if relayed by the
 * gateway, so tests "directly at the member" exercise the member's own enforcement.
 * `gql(…, { relay: false })` sends the bare request.
 */
const relays = { hop: null as HopSigner | null, memberAt: new Map<string, string | null>() };

export async function startNetwork(options: NetworkOptions = {}): Promise<TestNetwork> {
  const countries = options.countries ?? ['AR', 'CO', 'PE'];
  const seed = options.seed ?? SEED;
  const keysDir = mkdtempSync(join(tmpdir(), 'enlace-keys-'));
  const memberCountries = [...new Set([...countries, ...Object.keys(options.directoryOverrides ?? {})])];
  const trust = await ensureDevTrust(keysDir, memberCountries, options.partners ?? DEV_PARTNERS);
  const issuers = new Map<string, DevIssuer>();
  for (const [name, binding] of Object.entries(options.issuers ?? {})) {
    issuers.set(name, await ensureDevIssuer(join(keysDir, `idp-${name}`), `https://idp.${name}.enlace.test`, binding));
  }
  const trusted = [...trust.trustedIssuers, ...[...issuers.values()].map((i) => i.trusted), ...(options.trusted ?? [])];
  const network: TrustOptions = { members: memberCountries, partners: trust.partners, maxLifetimeSeconds: options.maxTokenLifetimeSeconds };
  const verifier = createTokenVerifier(trusted, { ...network, gatewayJwks: trust.gateway.jwksPath });
  const hop = createHopSigner(await signingKey(trust.gateway.privateJwk));
  const services = new Map<string, ServiceIdentity>();
  for (const [country, s] of trust.services) services.set(country, createServiceIdentity(country, s.issuer, await signingKey(s.privateJwk)));

  const prfKey = prfKeyFromFile(trust.secretariatEnv.ENLACE_PRF_KEY_FILE);

  // The secretariat first: members ask it about JITs.
  const secretariatStore = new KuzuStore({ path: ':memory:', bufferPoolBytes: BUFFER_POOL, readConnections: 2 });
  await seedSecretariat(secretariatStore, generateSecretariat(countries, seed));
  const secretariat = await startSecretariat({
    store: secretariatStore,
    verifier: createTokenVerifier(trusted, { ...network, serviceAudience: SECRETARIAT_AUDIENCE }),
    pseudonyms: { key: prfKey },
    ...options.secretariatOptions,
  });
  const members = new Map<string, RunningMember>();
  for (const country of countries) {
    const store = new KuzuStore({ path: options.storePaths?.[country] ?? ':memory:', bufferPoolBytes: BUFFER_POOL, readConnections: 2 });
    await seedMember(store, country, { persons: options.persons ?? 60, seed });
    members.set(country, await startMember({
      country, store, verifier, secretariatUrl: secretariat.url, service: services.get(country),
      ...(options.pseudonyms === 'blinded' ? {} : { pseudonyms: keyHolderClient(secretariatKey(options, prfKey)) }),
      ...options.memberOptions?.[country],
    }));
  }
  // Hit/no-hit finds a record once its member indexed it: every test starts from an indexed network.
  await Promise.all([...members.values()].map((m) => m.pseudonymIndex?.settled()));
  const directory = new Map([...members].map(([c, m]) => [c, m.url] as const));
  for (const [c, url] of Object.entries(options.directoryOverrides ?? {})) directory.set(c, url);
  const gateway = await startGateway({
    directory, secretariatUrl: secretariat.url, hop, verifier: createTokenVerifier(trusted, network), memberTimeoutMs: options.memberTimeoutMs ?? 3000,
    ...options.gatewayOptions,
  });

  relays.hop = hop;
  relays.memberAt = new Map<string, string | null>([[gateway.url, null], [secretariat.url, null], ...[...members].map(([c, m]) => [m.url, c] as const)]);
  return {
    gateway, members, secretariat, issuer: trust.issuer, issuers, trust, verifier, hop, services, prfKey, directory,
    token: ({ country, roles = ['prosecutor'], expiresIn, issuedAt, subject, issuer }) => {
      const from = issuer === undefined ? trust.issuer : issuers.get(issuer);
      if (!from) throw new Error(`no issuer "${issuer}" in this test network`);
      return mintToken(from, { country, roles, expiresIn, issuedAt, subject });
    },
    close: async () => {
      if (relays.hop === hop) relays.hop = null;
      await gateway.close();
      await secretariat.close();
      for (const m of members.values()) await m.close();
      rmSync(keysDir, { recursive: true, force: true });
    },
  };
}

/** The key the secretariat evaluates with (a test may give it its own). */
const secretariatKey = (options: NetworkOptions, key: PrfKey): PrfKey => options.secretariatOptions?.pseudonyms?.key ?? key;

/**
 * The pseudonyms of a requester's check, as a client obtains them: blinded here, evaluated by the
 * secretariat through the gateway's relay with the caller's token, unblinded here.
 */
export async function checkPseudonyms(net: TestNetwork, token: string, inputs: readonly string[]): Promise<string[]> {
  return (await obtainPseudonyms(inputs, { url: net.gateway.url, token: () => token })).pseudonyms;
}

/** The pseudonym a check of this document carries (F_k with the network's key: what the evaluator's round trip gives). */
export const documentPseudonym = (net: TestNetwork, issuingCountry: string, number: string): string => net.prfKey.pseudonym(documentIdentifier(issuingCountry, number));

/** The pseudonym a check of this account carries (in `country` when given). */
export const accountPseudonym = (net: TestNetwork, identifier: string, country?: string | null): string => net.prfKey.pseudonym(accountIdentifier(identifier, country));

/** The member country served at `url`, or null (asked once, from its /health). */
async function memberAt(url: string): Promise<string | null> {
  if (!relays.memberAt.has(url)) {
    let country: string | null = null;
    try {
      const health = (await (await fetch(url.replace(/graphql$/, 'health'))).json()) as { member?: unknown };
      if (typeof health.member === 'string') country = health.member;
    } catch {
      /* not an Enlace process: no assertion */
    }
    relays.memberAt.set(url, country);
  }
  return relays.memberAt.get(url) ?? null;
}

export interface GqlOptions {
  /** Sign the gateway's assertion for requests straight to a member (default true); false sends the bare request. */
  relay?: boolean;
}

/** Posts a GraphQL request with supertest and returns the parsed body (and status). */
export async function gql(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
  options: GqlOptions = {},
): Promise<{ status: number; body: { data?: any; errors?: any[] } }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const { origin, pathname } = new URL(url);
  const body = JSON.stringify({ query, variables });
  const token = /^Bearer (\S+)$/.exec(headers.authorization ?? '')?.[1];
  const member = options.relay !== false && relays.hop && token && !(HOP_HEADER in headers) ? await memberAt(url) : null;
  // Sign what the member will read: the text, decoded (a value it refuses is refused before the assertion is checked).
  const asRead = (name: string) => {
    try {
      return decodeHeaderText(name, headers[name]);
    } catch {
      return null;
    }
  };
  const hop = member && relays.hop
    ? await relays.hop.sign({ member, body, token: token!, purpose: asRead(PURPOSE_HEADER), caseRef: asRead(CASE_REF_HEADER) })
    : {};
  const res = await request(origin).post(pathname).set({ 'content-type': 'application/json', ...headers, ...hop }).send(body);
  return { status: res.status, body: res.body };
}

/** A caller's headers: the purpose and case reference are text, sent percent-encoded as every client must (headerText.ts). */
export const bearer = (token: string, purpose = 'Investigation of trafficking network', caseRef = 'TEST-1') => ({
  authorization: `Bearer ${token}`,
  [PURPOSE_HEADER]: encodeHeaderText(purpose),
  [CASE_REF_HEADER]: encodeHeaderText(caseRef),
});
