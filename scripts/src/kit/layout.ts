/**
 * What a kit directory holds. One directory per process (a member, the secretariat, the gateway):
 *   enlace.env        the process's settings (envFile.ts), 0600
 *   kit.json          which process this is, and its public URL
 *   <kind>-entry.json what the others add to trust it (public: no secret in it)
 *   keys/             its own private keys, 0700 (a member's service key; the gateway's hop key)
 *   trust/            public keys of the others it trusts (written by `kit trust`)
 *   store/            its store and audit log
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ProcessKind } from '../network';
import { KitError } from './kitError';

export const KIT_VERSION = 1;

export interface KitManifest {
  kit: number;
  process: ProcessKind;
  /** A member's country; XS for the secretariat; absent for the gateway. */
  country?: string;
  /** Where the others reach its GraphQL endpoint. */
  url: string;
}

export interface KitPaths {
  dir: string;
  env: string;
  manifest: string;
  entry: string;
  keys: string;
  trust: string;
  store: string;
}

export function kitPaths(dir: string, kind?: ProcessKind): KitPaths {
  const root = resolve(dir);
  return {
    dir: root,
    env: join(root, 'enlace.env'),
    manifest: join(root, 'kit.json'),
    entry: join(root, `${kind ?? 'process'}-entry.json`),
    keys: join(root, 'keys'),
    trust: join(root, 'trust'),
    store: join(root, 'store'),
  };
}

export function readManifest(dir: string): { manifest: KitManifest; paths: KitPaths } {
  const file = kitPaths(dir).manifest;
  if (!existsSync(file)) throw new KitError(`${resolve(dir)} is not a kit directory (no kit.json): make one with \`npm run kit -- init member|secretariat|gateway --dir ${dir} …\``);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as KitManifest;
  if (manifest.kit !== KIT_VERSION) throw new KitError(`${file} was written by kit version ${manifest.kit}; this kit reads version ${KIT_VERSION}`);
  return { manifest, paths: kitPaths(dir, manifest.process) };
}

export function writeManifest(paths: KitPaths, manifest: KitManifest): void {
  writeFileSync(paths.manifest, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o644 });
}
