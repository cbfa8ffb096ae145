/** The flags `npm run soak` and `npm run crash` share: the network they start and the load. */
import { writeFileSync } from 'node:fs';
import type { Role } from '@enlace/platform';
import { USER_ROLES } from '../devIssuer';
import type { FlagSpec } from '../flags';
import { OwnNetwork } from './network';
import { TARGETS, type Target, type WorkloadOptions } from './workload';

const COUNTRY = /^[A-Z]{2}$/;
const role = (what: string, fallback: Role): FlagSpec => ({
  default: fallback, pattern: /^[a-z]+$/, hint: `the ${what}' role (${USER_ROLES.join(', ')})`,
  check: (v) => (USER_ROLES.includes(v as Role) ? undefined : `is not one of ${USER_ROLES.join(', ')}`),
});

export const NETWORK_FLAGS = {
  countries: { default: 'AR,CO,PE', pattern: /^[A-Z]{2}(,[A-Z]{2})*$/, hint: 'the member countries of the network it starts, e.g. AR,CO,PE' },
  persons: { default: '200', pattern: /^[1-9]\d*$/, hint: 'persons seeded per member (as npm start --scale)' },
  'data-dir': { default: '', pattern: /^.+$/, hint: 'where its network keeps its data (default: a fresh temporary directory, removed at the end)' },
  keep: { default: 'no', hint: 'keep the temporary data directory (stores, audit logs, each process\'s log in logs/)' },
  'log-level': { default: 'warn', pattern: /^(fatal|error|warn|info|debug)$/, hint: 'the processes\' ENLACE_LOG_LEVEL (their output goes to logs/ in the data dir)' },
} satisfies Record<string, FlagSpec>;

export const LOAD_FLAGS = {
  target: { default: 'both', pattern: /^(member|secretariat|both)$/, hint: `what the load exercises: ${TARGETS.join(', ')} (members' records, the secretariat's cooperation workflow, or both)` },
  'writer-countries': { default: '', pattern: /^[A-Z]{2}(,[A-Z]{2})*$/, hint: 'whose persons and cases writers change, in turn (default: every member)' },
  owner: { default: '', pattern: COUNTRY, hint: 'cooperation: the country whose records are asked for (default: the first member)' },
  requester: { default: '', pattern: COUNTRY, hint: 'cooperation: the country that asks (default: the second member)' },
  'writer-role': role('writers', 'prosecutor'),
  'reader-role': role('readers', 'prosecutor'),
  'think-ms': { default: '0', pattern: /^\d+$/, hint: 'a pause between one request of a worker and its next (0: each worker sends its next request at once)' },
  'timeout-ms': { default: '30000', pattern: /^[1-9]\d*$/, hint: 'the client gives up on a request after this long (TIMEOUT)' },
  seed: { default: '1', pattern: /^\d+$/, hint: 'the seed of the random choices' },
  json: { default: '', pattern: /^.+$/, hint: 'also write the figures as JSON to this file' },
} satisfies Record<string, FlagSpec>;

type Values<T> = Record<keyof T, string>;

export function workloadOptions(v: Values<typeof LOAD_FLAGS>, countries: string[], writers: number, readers: number): WorkloadOptions {
  return {
    writers,
    readers,
    target: v.target as Target,
    writerCountries: v['writer-countries'] ? v['writer-countries'].split(',') : countries,
    owner: v.owner || countries[0],
    requester: v.requester || countries[1] || countries[0],
    writerRole: v['writer-role'] as Role,
    readerRole: v['reader-role'] as Role,
    thinkMs: Number(v['think-ms']),
    seed: Number(v.seed),
  };
}

export function startOwnNetwork(v: Values<typeof NETWORK_FLAGS>, log: (line: string) => void): Promise<OwnNetwork> {
  return OwnNetwork.start({
    countries: v.countries.split(','), persons: Number(v.persons), dataDir: v['data-dir'] || undefined, keep: v.keep === 'yes', logLevel: v['log-level'], log,
  });
}

export function writeJson(path: string, value: unknown, log: (line: string) => void): void {
  if (!path) return;
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  log(`figures written to ${path}`);
}
