/**
 * `kit seed --dir D`: the deterministic demonstration data `npm start` seeds (invented persons and
 * cases), into a member's empty Kùzu store, to try a network by hand. Never for a real member's
 * store: a store that holds any person is refused. Run it with the member stopped (Kùzu admits
 * one process).
 */
import { resolve } from 'node:path';
import { KuzuStore } from '@enlace/store';
import { SEED } from '../network';
import { isEmpty, seedMember } from '../seed/load';
import { readEnvFile } from './envFile';
import { KitError } from './kitError';
import { readManifest } from './layout';

export async function seedKit(dir: string, persons: number): Promise<string> {
  const { manifest, paths } = readManifest(dir);
  if (manifest.process !== 'member') throw new KitError('seed fills a member\'s store; this directory is the ' + manifest.process);
  const settings = readEnvFile(paths.env);
  if ((settings.get('STORE') ?? 'kuzu') !== 'kuzu') throw new KitError('seed writes to an embedded Kùzu store only (STORE=kuzu)');
  const setting = settings.get('KUZU_PATH');
  if (!setting) throw new KitError(`KUZU_PATH is not set in ${paths.env}`);
  const path = resolve(paths.dir, setting);
  let store: KuzuStore;
  try {
    store = new KuzuStore({ path, bufferPoolBytes: 256 * 1024 * 1024 });
  } catch (err) {
    throw new KitError(`cannot open the store ${path} (is the member running? stop it first): ${(err as Error).message}`);
  }
  try {
    if (!(await isEmpty(store))) throw new KitError(`${path} already holds persons: seed only fills an empty store`);
    const result = await seedMember(store, manifest.country!, { persons, seed: SEED });
    return `seeded ${manifest.country}: ${result.persons} persons, ${result.cases} cases of demonstration data in ${path}`;
  } finally {
    await store.close();
  }
}
