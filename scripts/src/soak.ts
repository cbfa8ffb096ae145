/**
 * `npm run soak`: writers and readers against the network for a while, with
 * figures every few seconds and at the end; non-zero exit when an error other
 * than an acceptable refusal occurred, a process went away, or a process's
 * memory grew after warm-up (soak/memory.ts says how that is judged).
 *
 *   npm run soak -- [--minutes 2] [--writers 8] [--readers 8] [--target member|secretariat|both] [--json soak.json]
 *   npm run soak -- --gateway http://127.0.0.1:4000/graphql     (a network npm start runs; memory from data/pids.json)
 *
 * Without --gateway it starts its own network (as npm start does, in production
 * mode, on free ports, in a fresh temporary directory).
 */
import { join, resolve } from 'node:path';
import { parseFlags } from './flags';
import { LOAD_FLAGS, NETWORK_FLAGS, startOwnNetwork, workloadOptions, writeJson } from './soak/flags';
import { runningNetwork, type NetworkHandle } from './soak/network';
import { runSoak } from './soak/soak';
import { exitWith } from './cli';

const root = resolve(__dirname, '..', '..');
const flags = parseFlags(process.argv.slice(2), {
  minutes: { default: '2', pattern: /^\d+(\.\d+)?$/, hint: 'how long the load runs, in minutes (0.5 is 30 s)' },
  writers: { default: '8', pattern: /^\d+$/, hint: 'concurrent writers' },
  readers: { default: '8', pattern: /^\d+$/, hint: 'concurrent readers' },
  every: { default: '10', pattern: /^[1-9]\d*$/, hint: 'seconds between the periodic lines' },
  'rss-bound-mib': { default: '32', pattern: /^\d+$/, hint: 'how much a process\'s resident set may grow after warm-up (the first third), by the trend of the last two thirds' },
  gateway: { default: '', pattern: /^https?:\/\/.+/, hint: 'a running network\'s gateway GraphQL URL instead of starting one' },
  pids: { default: 'data/pids.json', pattern: /^.+$/, hint: 'with --gateway: npm start\'s pids file, to follow the processes\' memory' },
  'keys-dir': { default: '.dev-keys', pattern: /^.+$/, hint: 'with --gateway: the development issuer\'s keys, as npm start made them' },
  ...NETWORK_FLAGS,
  ...LOAD_FLAGS,
});

async function main(): Promise<number> {
  const log = (line: string) => console.log(line);
  const writers = Number(flags.writers);
  const readers = Number(flags.readers);
  if (writers + readers === 0) throw new Error('--writers and --readers are both 0: nothing to do');
  const net: NetworkHandle = flags.gateway
    ? await runningNetwork({ gatewayUrl: flags.gateway, pidsFile: resolve(root, flags.pids), keysDir: resolve(root, flags['keys-dir']), dataDir: null })
    : await startOwnNetwork(flags, log);
  const stop = () => void net.close().then(() => process.exit(130));
  process.once('SIGINT', stop);
  try {
    const report = await runSoak(net, {
      ...workloadOptions(flags, net.countries, writers, readers),
      seconds: Number(flags.minutes) * 60, everyS: Number(flags.every), rssBoundMiB: Number(flags['rss-bound-mib']), timeoutMs: Number(flags['timeout-ms']),
    }, log);
    writeJson(flags.json, report, log);
    if (flags.keep === 'yes' && net.dataDir) log(`data kept in ${net.dataDir} (each process's output in ${join(net.dataDir, 'logs')})`);
    return report.ok ? 0 : 1;
  } finally {
    process.off('SIGINT', stop);
    await net.close();
  }
}

exitWith('soak', main);
