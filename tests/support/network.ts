/**
 * The whole network on loopback for tests: real member subgraphs (in-memory
 * Kùzu stores, seeded), the secretariat, and the gateway, all over real HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import request from 'supertest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenVerifier, KuzuStore, type Role, type TokenVerifier } from '@enlace/common';
import { startGateway, type RunningGateway } from '@enlace/gateway';
import { startMember, type MemberOptions, type RunningMember } from '@enlace/member';
import { seedSecretariat, startSecretariat, type RunningSecretariat } from '@enlace/secretariat';
import { ensureDevIssuer, mintToken, type DevIssuer } from '@enlace/scripts/devIssuer';
import { generateSecretariat } from '@enlace/scripts/seed/generate';
import { seedMember } from '@enlace/scripts/seed/load';

export interface TestNetwork {
  gateway: RunningGateway;
  members: Map<string, RunningMember>;
  secretariat: RunningSecretariat;
  issuer: DevIssuer;
  verifier: TokenVerifier;
  /** Directory the gateway routes by; tests may point an entry elsewhere before starting. */
  directory: Map<string, string>;
  token(claims: { country: string; roles?: Role[]; expiresIn?: string }): Promise<string>;
  close(): Promise<void>;
}

export interface NetworkOptions {
  countries?: string[];
  persons?: number;
  seed?: number;
  memberTimeoutMs?: number;
  /** Replace some directory entries (e.g. with a fake member) before the gateway starts. */
  directoryOverrides?: Record<string, string>;
  /** Extra options per member (country → options), e.g. a protocol tightening. */
  memberOptions?: Record<string, Partial<MemberOptions>>;
}

export const SEED = 42;

const BUFFER_POOL = 64 * 1024 * 1024;

export async function startNetwork(options: NetworkOptions = {}): Promise<TestNetwork> {
  const countries = options.countries ?? ['AR', 'CO', 'PE'];
  const seed = options.seed ?? SEED;
  const keysDir = mkdtempSync(join(tmpdir(), 'enlace-keys-'));
  const issuer = await ensureDevIssuer(keysDir);
  const verifier = createTokenVerifier([issuer.trusted]);

  // The secretariat first: members ask it about JITs.
  const secretariatStore = new KuzuStore({ path: ':memory:', bufferPoolBytes: BUFFER_POOL, readConnections: 2 });
  await seedSecretariat(secretariatStore, generateSecretariat(countries, seed));
  const secretariat = await startSecretariat({ store: secretariatStore, verifier });
  const members = new Map<string, RunningMember>();
  for (const country of countries) {
    const store = new KuzuStore({ path: ':memory:', bufferPoolBytes: BUFFER_POOL, readConnections: 2 });
    await seedMember(store, country, { persons: options.persons ?? 60, seed });
    members.set(country, await startMember({ country, store, verifier, secretariatUrl: secretariat.url, ...options.memberOptions?.[country] }));
  }
  const directory = new Map([...members].map(([c, m]) => [c, m.url] as const));
  for (const [c, url] of Object.entries(options.directoryOverrides ?? {})) directory.set(c, url);
  const gateway = await startGateway({ directory, secretariatUrl: secretariat.url, verifier, memberTimeoutMs: options.memberTimeoutMs ?? 3000 });

  return {
    gateway, members, secretariat, issuer, verifier, directory,
    token: ({ country, roles = ['prosecutor'], expiresIn }) => mintToken(issuer, { country, roles, expiresIn }),
    close: async () => {
      await gateway.close();
      await secretariat.close();
      for (const m of members.values()) await m.close();
      rmSync(keysDir, { recursive: true, force: true });
    },
  };
}

/** Posts a GraphQL request with supertest and returns the parsed body (and status). */
export async function gql(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ status: number; body: { data?: any; errors?: any[] } }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const { origin, pathname } = new URL(url);
  const res = await request(origin).post(pathname).set({ 'content-type': 'application/json', ...headers }).send({ query, variables });
  return { status: res.status, body: res.body };
}

export const bearer = (token: string, purpose = 'Investigation of trafficking network', caseRef = 'TEST-1') => ({
  authorization: `Bearer ${token}`,
  'x-enlace-purpose': purpose,
  'x-enlace-case-ref': caseRef,
});
