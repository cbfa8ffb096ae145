/**
 * Seeds member stores with deterministic data.
 *   node scripts/dist/seed.js [--countries AR,CO,PE] [--scale 200] [--seed 42] [--data-dir data] [--fresh yes] [--buffer-pool-mb 256]
 * Refuses to seed a store that already holds data unless --fresh yes (which deletes it first).
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { KuzuStore } from '@enlace/common';
import { parseFlags } from './flags';
import { isEmpty, seedMember } from './seed/load';
import { Progress } from './seed/progress';

const flags = parseFlags(process.argv.slice(2), {
  countries: { default: 'AR,CO,PE', pattern: /^[A-Z]{2}(,[A-Z]{2})*$/, hint: 'comma-separated ISO codes, e.g. AR,CO,PE' },
  scale: { default: '200', pattern: /^[1-9]\d*$/, hint: 'persons per member, a positive whole number' },
  seed: { default: '42', pattern: /^\d+$/, hint: 'a whole number' },
  'data-dir': { default: 'data', pattern: /^.+$/, hint: 'a folder' },
  fresh: { default: 'no', pattern: /^(yes|no)$/, hint: 'yes to delete existing stores first' },
  'buffer-pool-mb': { default: '256', pattern: /^[1-9]\d*$/, hint: 'megabytes for the embedded store' },
});

async function main(): Promise<void> {
  for (const country of flags.countries.split(',')) {
    const path = join(flags['data-dir'], country.toLowerCase(), 'member.kuzu');
    if (flags.fresh === 'yes') for (const p of [path, `${path}.wal`]) if (existsSync(p)) rmSync(p, { recursive: true, force: true });
    const store = new KuzuStore({ path, bufferPoolBytes: Number(flags['buffer-pool-mb']) * 1024 * 1024 });
    try {
      if (!(await isEmpty(store))) {
        console.error(`${country}: ${path} already holds data; use --fresh yes to replace it`);
        process.exitCode = 1;
        continue;
      }
      const persons = Number(flags.scale);
      const progress = new Progress(`seeding ${country}`, persons);
      const result = await seedMember(store, country, { persons, seed: Number(flags.seed), onProgress: (done) => progress.update(done) });
      progress.done(`${result.persons.toLocaleString('en')} persons, ${result.cases.toLocaleString('en')} cases, ${Math.round(result.persons / (result.ms / 1000)).toLocaleString('en')} persons/s`);
    } finally {
      await store.close();
    }
  }
}

main().catch((err: unknown) => {
  console.error(`seeding failed: ${(err as Error)?.message ?? String(err)}`);
  process.exit(1);
});
