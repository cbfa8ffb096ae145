/**
 * `kit init member|secretariat|gateway`: a directory with everything one process needs to run on
 * its own: its settings (enlace.env, the same variables `npm start` gives it), its own keys and the
 * place of its store and audit log, and the entry the others add to trust it. Nothing is trusted
 * yet: `kit trust` adds the others' entries. Production mode (no introspection, no explorer).
 * Paths in enlace.env are relative to the directory (`kit start` runs there), so it can be moved,
 * restored from a backup or mounted in a container at another path.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createPrfKeyFile, SECRETARIAT_COUNTRY } from '@enlace/platform';
import { ensureKeyPair } from '../devIssuer';
import type { ProcessKind } from '../network';
import { writeEnvFile, type Settings } from './envFile';
import { writeEntry, type Entry, type Jwks } from './entries';
import { KitError } from './kitError';
import { KIT_VERSION, kitPaths, writeManifest, type KitPaths } from './layout';

export interface InitOptions {
  kind: ProcessKind;
  dir: string;
  port: number;
  /** Where it listens (HOST): 127.0.0.1, or 0.0.0.0 behind a reverse proxy or in a container. */
  host: string;
  /** How the others reach it; default http://<host>:<port>/graphql. */
  publicUrl?: string;
  /** A member's ISO 3166-1 alpha-2 code. */
  country?: string;
  /** The secretariat's GraphQL URL (members and the gateway). */
  secretariatUrl?: string;
  /** The network's other members, as the secretariat lists them (ENLACE_MEMBERS). */
  members?: string[];
  /** A member's service issuer name (default urn:enlace:service:<cc>). */
  serviceIssuer?: string;
  /** Whom foreign callers should ask (a member's MEMBER_CONTACT_POINT). */
  contactPoint?: string;
}

export interface InitResult {
  paths: KitPaths;
  entry: Entry;
  url: string;
}

const readJwks = (path: string): Jwks => JSON.parse(readFileSync(path, 'utf8')) as Jwks;

export async function initKit(options: InitOptions): Promise<InitResult> {
  const { kind } = options;
  const paths = kitPaths(options.dir, kind);
  if (existsSync(paths.env) || existsSync(paths.manifest)) {
    throw new KitError(`${paths.dir} already holds a kit (enlace.env): edit it, or remove the directory to start again (its store and keys go with it)`);
  }
  if (kind === 'member' && !options.country) throw new KitError('a member needs --country (its ISO 3166-1 alpha-2 code)');
  if (kind === 'member' && options.country === SECRETARIAT_COUNTRY) throw new KitError(`${SECRETARIAT_COUNTRY} is the secretariat's code, not a member's`);
  for (const dir of [paths.dir, paths.keys, paths.trust]) mkdirSync(dir, { recursive: true, mode: 0o700 });
  mkdirSync(paths.store, { recursive: true, mode: 0o750 });

  const publicHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  const url = options.publicUrl ?? `http://${publicHost}:${options.port}/graphql`;
  const country = kind === 'member' ? options.country! : kind === 'secretariat' ? SECRETARIAT_COUNTRY : undefined;
  const settings: Settings = new Map([
    ['PORT', String(options.port)],
    ['HOST', options.host],
    // Production: no introspection, suggestions or explorer (README, "Operating").
    ['ENLACE_MODE', 'production'],
    ['ENLACE_LOG_LEVEL', 'info'],
    ['ENLACE_TRUSTED_ISSUERS', '[]'],
  ]);
  let entry: Entry;
  if (kind === 'member') {
    const cc = country!;
    const service = await ensureKeyPair(join(paths.keys, 'service'), 'private.jwk.json', `service-${cc.toLowerCase()}`);
    const serviceIssuer = options.serviceIssuer ?? `urn:enlace:service:${cc.toLowerCase()}`;
    settings.set('ENLACE_MEMBERS', [...new Set([cc, ...(options.members ?? [])])].join(','));
    settings.set('MEMBER_COUNTRY', cc);
    settings.set('KUZU_PATH', 'store/member.kuzu');
    // The audit log: hash-chained, synced, its head sent to the secretariat every 5 s (README, "Configuration").
    settings.set('AUDIT_PATH', 'store/audit.log');
    settings.set('AUDIT_SYNC', 'true');
    settings.set('AUDIT_HEAD_INTERVAL_MS', '5000');
    settings.set('MEMBER_SERVICE_KEY', relative(paths.dir, service.privatePath));
    settings.set('MEMBER_SERVICE_ISSUER', serviceIssuer);
    // Made by the member at its first start (0600), kept with the other keys.
    settings.set('MEMBER_HIT_REFERENCE_KEY_FILE', 'keys/hit-reference.key');
    if (options.secretariatUrl) settings.set('SECRETARIAT_URL', options.secretariatUrl);
    if (options.contactPoint) settings.set('MEMBER_CONTACT_POINT', options.contactPoint);
    entry = { kind: 'member', country: cc, url, serviceIssuer, serviceJwks: readJwks(service.jwksPath) };
  } else if (kind === 'secretariat') {
    settings.set('ENLACE_MEMBERS', (options.members ?? []).join(','));
    settings.set('KUZU_PATH', 'store/secretariat.kuzu');
    settings.set('AUDIT_PATH', 'store/audit.log');
    settings.set('AUDIT_HEADS_PATH', 'store/audit-heads.jsonl');
    settings.set('AUDIT_SYNC', 'true');
    // The network's pseudonym key (docs/PSEUDONYMS.md), 0600 in keys/: its evaluator serves members' hit/no-hit.
    createPrfKeyFile(join(paths.keys, 'prf.key'));
    settings.set('ENLACE_PRF_KEY_FILE', 'keys/prf.key');
    entry = { kind: 'secretariat', url };
  } else {
    if (!options.secretariatUrl) throw new KitError('the gateway needs --secretariat (the secretariat\'s GraphQL URL)');
    const key = await ensureKeyPair(join(paths.keys, 'gateway'), 'private.jwk.json', 'gateway');
    settings.set('ENLACE_GATEWAY_KEY', relative(paths.dir, key.privatePath));
    settings.set('SECRETARIAT_URL', options.secretariatUrl);
    // Filled by `kit trust --add-member`; the gateway's members are its directory's (ENLACE_MEMBERS unset).
    settings.set('MEMBER_DIRECTORY', '');
    settings.set('MEMBER_TIMEOUT_MS', '5000');
    entry = { kind: 'gateway', url, jwks: readJwks(key.jwksPath) };
  }
  writeEnvFile(paths.env, settings, [
    `Enlace ${kind}${kind === 'member' ? ` ${country}` : ''}: the settings \`kit start --dir ${paths.dir}\` runs it with.`,
    'Each line is a setting of README.md, "Configuration". Keep this file private (mode 0600).',
    'Trust (issuers, members, the gateway) is changed with `npm run kit -- trust`.',
  ]);
  writeManifest(paths, { kit: KIT_VERSION, process: kind, ...(country ? { country } : {}), url });
  writeEntry(paths.entry, entry);
  return { paths, entry, url };
}
