/**
 * What `npm start` and the durability harness (soak, crash) share to run the
 * network as separate processes: seeding empty stores, each process's script and
 * settings, and waiting until a process answers.
 */
import { join } from 'node:path';
import { SECRETARIAT_COUNTRY } from '@enlace/platform';
import { KuzuStore, storeConfigFromEnv } from '@enlace/store';
import { seedSecretariat, secretariatIsEmpty } from '@enlace/secretariat';
import { auditPaths } from './audit/verify';
import type { DevTrust } from './devIssuer';
import { generateSecretariat } from './seed/generate';
import { isEmpty, SEEDING_BUFFER_POOL_MB, seedMember } from './seed/load';

/** The seed of the development data (`npm start`, the tests, the harness). */
export const SEED = 42;

export type ProcessKind = 'secretariat' | 'member' | 'gateway';

/** Each process's entry point, relative to the repository root: what `npm start` and `kit start` run. */
export const PROCESS_SCRIPTS: Record<ProcessKind, string> = {
  secretariat: 'subgraphs/secretariat/dist/main.js',
  member: 'subgraphs/member/dist/main.js',
  gateway: 'gateway/dist/main.js',
};

/** One process of the network: what to run and with which settings (without the parent's environment). */
export interface ProcessSpec {
  name: string;
  kind: ProcessKind;
  /** The member's country; XS for the secretariat; '' for the gateway. */
  country: string;
  /** Relative to the repository root. */
  script: string;
  port: number;
  url: string;
  env: Record<string, string>;
}

export interface NetworkSpecs {
  secretariat: ProcessSpec;
  members: ProcessSpec[];
  gateway: ProcessSpec;
}

export interface SeedOptions {
  countries: string[];
  dataDir: string;
  persons: number;
  /** Called per member with the persons done so far (seeding a large store takes a while). */
  onProgress?: (country: string, done: number) => void;
  onSeeded?: (country: string, result: { persons: number; cases: number }) => void;
}

/** Seeds every empty store under `dataDir` (members, then the secretariat); stores that hold data are left as they are. */
export async function seedStores(options: SeedOptions): Promise<void> {
  for (const country of options.countries) {
    const store = new KuzuStore({ path: memberStorePath(options.dataDir, country), bufferPoolBytes: SEEDING_BUFFER_POOL_MB * 1024 * 1024 });
    try {
      if (await isEmpty(store)) {
        const result = await seedMember(store, country, { persons: options.persons, seed: SEED, onProgress: (done) => options.onProgress?.(country, done) });
        options.onSeeded?.(country, result);
      }
    } finally {
      await store.close();
    }
  }
  // The pool the operator set (KUZU_BUFFER_POOL_MB) reaches the secretariat's store here too, as in its process.
  const config = storeConfigFromEnv(process.env, { path: secretariatStorePath(options.dataDir) });
  const store = new KuzuStore({ path: secretariatStorePath(options.dataDir), bufferPoolBytes: config.kind === 'kuzu' ? config.bufferPoolBytes : undefined });
  try {
    if (await secretariatIsEmpty(store)) await seedSecretariat(store, generateSecretariat(options.countries, SEED));
  } finally {
    await store.close();
  }
}

export const memberStorePath = (dataDir: string, country: string) => join(dataDir, country.toLowerCase(), 'member.kuzu');
export const secretariatStorePath = (dataDir: string) => join(dataDir, 'secretariat', 'secretariat.kuzu');

export interface SpecOptions {
  countries: string[];
  dataDir: string;
  trust: DevTrust;
  ports: { gateway: number; secretariat: number; members: number[] };
  /** Settings every process gets besides the network's trust (e.g. ENLACE_MODE). */
  env?: Record<string, string>;
}

/** The secretariat, one member per country and the gateway, on loopback, with their stores and audit files under `dataDir`. */
export function networkSpecs(options: SpecOptions): NetworkSpecs {
  const { dataDir, trust } = options;
  const common = { ...trust.env, ...options.env, HOST: '127.0.0.1', APOLLO_TELEMETRY_DISABLED: 'true' };
  const spec = (name: string, kind: ProcessKind, country: string, script: string, port: number, env: Record<string, string>): ProcessSpec => ({
    name, kind, country, script, port, url: `http://127.0.0.1:${port}/graphql`, env: { ...common, ...env, PORT: String(port) },
  });
  const xs = auditPaths(SECRETARIAT_COUNTRY, dataDir);
  const secretariat = spec('secretariat', 'secretariat', SECRETARIAT_COUNTRY, PROCESS_SCRIPTS.secretariat, options.ports.secretariat, {
    ...trust.secretariatEnv,
    KUZU_PATH: secretariatStorePath(dataDir),
    // The audit log and the register of chain heads beside the store, where `npm run audit -- verify` reads them.
    AUDIT_PATH: xs.logPath, AUDIT_HEADS_PATH: xs.headsPath,
  });
  const members = options.countries.map((country, i) =>
    spec(`member ${country}`, 'member', country, PROCESS_SCRIPTS.member, options.ports.members[i], {
      ...trust.memberEnv(country), MEMBER_COUNTRY: country, SECRETARIAT_URL: secretariat.url, KUZU_PATH: memberStorePath(dataDir, country),
      AUDIT_PATH: auditPaths(country, dataDir).logPath,
    }));
  // The directory lists every configured member, started or not: the gateway reports the missing ones.
  const gateway = spec('gateway', 'gateway', '', PROCESS_SCRIPTS.gateway, options.ports.gateway, {
    ...trust.gatewayEnv,
    MEMBER_DIRECTORY: members.map((m) => `${m.country}=${m.url}`).join(','),
    SECRETARIAT_URL: secretariat.url,
  });
  return { secretariat, members, gateway };
}

/** A process's /health, /ready, … beside its GraphQL URL. */
export const endpointOf = (graphqlUrl: string, path: 'health' | 'ready') => new URL(path, graphqlUrl).toString();

/** Polls `url` until it answers 200; false when `gone()` says the process exited or the time runs out. */
export async function waitFor200(url: string, gone: () => boolean, timeoutMs: number, intervalMs = 150): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone()) return false;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(Math.max(500, Math.min(5000, deadline - Date.now()))) });
      await res.body?.cancel();
      if (res.ok) return true;
    } catch {
      /* not listening yet, or too slow */
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return false;
}
