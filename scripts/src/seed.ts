/**
 * Seeds member stores (embedded Kùzu, one file per member) with deterministic data.
 *
 *   node scripts/dist/seed.js [--countries AR,CO,PE] [--scale 200] [--seed 42] [--data-dir data] [--fresh] [--buffer-pool-mb 2048]
 *
 * Refuses to touch a store that already holds persons unless --fresh, which deletes
 * that member's database files first. Memory stays bounded at any scale: data is
 * generated and written in batches of 5,000 persons, one transaction each.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { KuzuStore } from '@enlace/store';
import { isEmpty, SEEDING_BUFFER_POOL_MB, seedMember, type SeedResult } from './seed/load';
import { parseFlags } from './flags';
import { duration, fmt, Progress } from './seed/progress';

const USAGE = 'usage: node scripts/dist/seed.js [--countries AR,CO,PE] [--scale N] [--seed 42] [--data-dir data] [--fresh] [--buffer-pool-mb 2048]';

const between = (min: number, max: number) => (value: string) =>
  Number(value) < min || Number(value) > max ? `needs a whole number from ${fmt(min)} to ${fmt(max)}, got "${value}"` : undefined;

const raw = parseFlags(process.argv.slice(2), {
  countries: {
    default: 'AR,CO,PE', pattern: /^[A-Z]{2}(,[A-Z]{2})*$/, hint: 'member country codes (ISO 3166-1 alpha-2 in capitals), comma-separated, like AR,CO,PE',
    check: (v) => (v.split(',').includes('XS') ? "XS is the secretariat's code, not a member" : undefined),
  },
  scale: { default: '200', pattern: /^\d+$/, hint: 'persons per member, a whole number >= 1 (a member always gets at least 10)', check: between(1, 100_000_000) },
  seed: { default: '42', pattern: /^\d+$/, hint: 'a whole number; the same seed gives the same data', check: between(0, 2 ** 32 - 1) },
  'data-dir': { default: 'data', pattern: /\S/, hint: 'folder of the stores, <data-dir>/<cc>/member.kuzu' },
  fresh: { default: 'no', hint: "delete each member's existing store first (otherwise a non-empty store is refused)" },
  'buffer-pool-mb': { default: String(SEEDING_BUFFER_POOL_MB), pattern: /^\d+$/, hint: 'Kùzu buffer pool per store in MiB (building the full-text index over a million persons needs more than 256)', check: between(16, 1024 * 1024) },
}, USAGE);

const flags = {
  countries: [...new Set(raw.countries.split(','))],
  scale: Number(raw.scale),
  seed: Number(raw.seed),
  dataDir: raw['data-dir'],
  fresh: raw.fresh === 'yes',
  bufferPoolMb: Number(raw['buffer-pool-mb']),
};

/** A member's database: the file Kùzu opens plus its companions (write-ahead log, …). */
function storeFiles(path: string): string[] {
  const dir = dirname(path);
  if (!existsSync(dir)) return [];
  const name = basename(path);
  return readdirSync(dir).filter((f) => f === name || f.startsWith(`${name}.`)).map((f) => join(dir, f));
}

class StoreError extends Error {}

function openStore(path: string, bufferPoolMb: number): KuzuStore {
  try {
    return new KuzuStore({ path, bufferPoolBytes: bufferPoolMb * 1024 * 1024, readConnections: 1 });
  } catch (err) {
    throw new StoreError(`cannot open ${resolve(path)} (is a member running on it?): ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Deletes a member's database, after making sure no process holds it open (Kùzu locks the file). */
async function deleteStore(path: string): Promise<void> {
  const files = storeFiles(path);
  if (!files.length) return;
  await openStore(path, 64).close();
  for (const f of files) rmSync(f, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const pathOf = (cc: string) => join(flags.dataDir, cc.toLowerCase(), 'member.kuzu');

  // Check every store before writing any, so that a refusal leaves nothing half done.
  if (!flags.fresh) {
    const occupied: string[] = [];
    for (const cc of flags.countries) {
      const path = pathOf(cc);
      if (!storeFiles(path).length) continue;
      const store = openStore(path, 64);
      try {
        if (!(await isEmpty(store))) occupied.push(`${cc} (${resolve(path)})`);
      } finally {
        await store.close();
      }
    }
    if (occupied.length) {
      console.error(`seed: refusing to seed stores that already hold data: ${occupied.join(', ')}. Use --fresh to delete and re-create them.`);
      process.exit(1);
    }
  }

  const results: Array<{ cc: string; result: SeedResult }> = [];
  for (const cc of flags.countries) {
    const path = pathOf(cc);
    if (flags.fresh) await deleteStore(path);
    const store = openStore(path, flags.bufferPoolMb);
    try {
      const progress = new Progress(`seeding ${cc}`, Math.max(10, flags.scale));
      const result = await seedMember(store, cc, { persons: flags.scale, seed: flags.seed, onProgress: (done) => progress.update(done) });
      progress.done(`${fmt(result.records)} records`);
      results.push({ cc, result });
    } finally {
      await store.close();
    }
    const { result } = results[results.length - 1];
    const seconds = result.ms / 1000;
    console.log(
      `${cc}: ${fmt(result.persons)} persons, ${fmt(result.cases)} cases, ${fmt(result.documents)} documents, ${fmt(result.observations)} route observations` +
        ` — ${fmt(result.records)} records in ${seconds.toFixed(1)} s (${fmt(Math.round(result.records / Math.max(seconds, 0.001)))} records/s, ` +
        `${fmt(Math.round(result.persons / Math.max(seconds, 0.001)))} persons/s) → ${path}`,
    );
  }
  if (results.length > 1) {
    const ms = results.reduce((s, r) => s + r.result.ms, 0);
    const records = results.reduce((s, r) => s + r.result.records, 0);
    console.log(`total: ${results.length} members, ${fmt(records)} records in ${ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : duration(ms / 1000)}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof StoreError ? `seed: ${err.message}` : `seed: failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
