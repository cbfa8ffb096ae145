/**
 * The network for the protocol tests. Like tests/support/network.ts, with two
 * differences the protocol needs: the secretariat starts first, so that each
 * member knows where to ask about JITs (secretariatUrl), and each member may be
 * given its own options (a tightening, say). Shaped like TestNetwork so the
 * tests can move to startNetwork once it takes these options.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenVerifier, KuzuStore } from '@enlace/common';
import { startGateway } from '@enlace/gateway';
import { startMember, type MemberOptions, type RunningMember } from '@enlace/member';
import { seedSecretariat, startSecretariat } from '@enlace/secretariat';
import { ensureDevIssuer, mintToken } from '@enlace/scripts/devIssuer';
import { generateSecretariat } from '@enlace/scripts/seed/generate';
import { seedMember } from '@enlace/scripts/seed/load';
import type { TestNetwork } from '../support/network';

export { bearer, gql } from '../support/network';

export interface ProtocolNetworkOptions {
  countries?: string[];
  persons?: number;
  seed?: number;
  /** Extra options per member (country → options), e.g. a protocol tightening. */
  memberOptions?: Record<string, Partial<MemberOptions>>;
}

const BUFFER_POOL = 64 * 1024 * 1024;
export const SEED = 42;

export async function startProtocolNetwork(options: ProtocolNetworkOptions = {}): Promise<TestNetwork> {
  const countries = options.countries ?? ['AR', 'CO', 'PE'];
  const seed = options.seed ?? SEED;
  const keysDir = mkdtempSync(join(tmpdir(), 'enlace-keys-'));
  const issuer = await ensureDevIssuer(keysDir);
  const verifier = createTokenVerifier([issuer.trusted]);

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
  const gateway = await startGateway({ directory, secretariatUrl: secretariat.url, verifier, memberTimeoutMs: 5000 });

  return {
    gateway, members, secretariat, issuer, verifier, directory,
    token: ({ country, roles = ['prosecutor'], expiresIn }) => mintToken(issuer, { country, roles, expiresIn }),
    close: async () => {
      await gateway.close();
      for (const m of members.values()) await m.close();
      await secretariat.close();
      rmSync(keysDir, { recursive: true, force: true });
    },
  };
}
