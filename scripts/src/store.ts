/**
 * The store's command line: what is wrong with a member's or the secretariat's store, and
 * mending what can be mended. Run it with that process stopped (Kùzu admits one process).
 *
 *   npm run store -- check  --country AR [--data-dir data] [--path <member.kuzu>] [--buffer-pool-mb 1024]
 *   npm run store -- repair --country AR …
 *
 * `--country XS` is the secretariat's store. With STORE=neo4j (and NEO4J_*), the Neo4j
 * database is checked instead. Exits 0 when the store is sound (or was mended), 1 when
 * something is wrong (and, for repair, could not be mended), 2 when the store cannot be
 * opened or the arguments are wrong, with what to do.
 */
import { join, resolve } from 'node:path';
import { SECRETARIAT_COUNTRY } from '@enlace/platform';
import { createStore, kuzuOpenAdvice, KuzuStore, storeConfigFromEnv, type Store } from '@enlace/store';
import { memberStoreSchema } from '@enlace/member';
import { secretariatStoreSchema } from '@enlace/secretariat';
import { parseFlags } from './flags';
import { checkStore } from './store/check';
import { exitWith } from './cli';

const USAGE = 'usage: npm run store -- check|repair --country AR [--data-dir data] [--path <store file>] [--buffer-pool-mb 1024]';
const [command, ...rest] = process.argv.slice(2);
if (command !== 'check' && command !== 'repair') {
  console.error(USAGE);
  process.exit(2);
}
const flags = parseFlags(rest, {
  country: { default: '', pattern: /^[A-Za-z]{2}$/, hint: "the member's ISO code, or XS for the secretariat" },
  'data-dir': { default: 'data', pattern: /^.+$/, hint: 'where the network keeps its data, as for npm start' },
  path: { default: '', pattern: /^.+$/, hint: 'the store file, when not in the data dir' },
  'buffer-pool-mb': { default: '1024', pattern: /^[1-9]\d*$/, hint: 'Kùzu buffer pool in MiB' },
}, USAGE);
if (!flags.country) {
  console.error(`--country is required (e.g. --country AR, or XS for the secretariat)\n${USAGE}`);
  process.exit(2);
}
// Relative to the repository, as npm start's --data-dir.
process.chdir(resolve(__dirname, '..', '..'));
const country = flags.country.toUpperCase();
const kind = country === SECRETARIAT_COUNTRY ? 'secretariat' : 'member';
const schema = kind === 'secretariat' ? secretariatStoreSchema : memberStoreSchema;
const defaultPath = kind === 'secretariat' ? join(flags['data-dir'], 'secretariat', 'secretariat.kuzu') : join(flags['data-dir'], country.toLowerCase(), 'member.kuzu');

async function open(): Promise<Store> {
  const config = storeConfigFromEnv(process.env, { path: flags.path || defaultPath });
  if (config.kind !== 'kuzu') return createStore(config);
  try {
    return new KuzuStore({ path: config.path, bufferPoolBytes: Number(flags['buffer-pool-mb']) * 1024 * 1024, readConnections: 1, log: (m) => console.log(m) });
  } catch (err) {
    throw new Error(kuzuOpenAdvice(config.path, (err as Error)?.message ?? String(err)));
  }
}

async function main(): Promise<number> {
  let store: Store;
  try {
    store = await open();
    await store.read('RETURN 1 AS ok'); // Kùzu opens lazily: the first statement replays its write-ahead log
  } catch (err) {
    console.error(`FAILED: ${(err as Error)?.message ?? String(err)}`);
    return 2;
  }
  try {
    console.log(`${kind} store of ${country} (${store.kind}):`);
    const findings = await checkStore(store, kind, schema, (m) => process.stderr.write(`  … ${m}\r`));
    for (const f of findings) console.log(`  ${f.ok ? 'ok' : 'PROBLEM'}: ${f.line}`);
    const problems = findings.filter((f) => !f.ok);
    if (!problems.length) {
      console.log(`OK: the store of ${country} is sound`);
      return 0;
    }
    if (command === 'check') {
      const mendable = problems.filter((p) => p.repair).length;
      console.log(`FAILED: ${problems.length} problem(s); \`npm run store -- repair --country ${country}\` mends ${mendable} of them (with the ${kind} stopped)`);
      return 1;
    }
    let unmended = 0;
    for (const p of problems) {
      if (!p.repair) unmended++;
      else console.log(`  repaired: ${await p.repair(store)}`);
    }
    if (unmended) {
      console.log(`FAILED: ${unmended} problem(s) cannot be mended here: restore the store from its latest backup`);
      return 1;
    }
    console.log(`OK: the store of ${country} was mended; start the ${kind} again`);
    return 0;
  } finally {
    await store.close();
  }
}

exitWith('store', main);
