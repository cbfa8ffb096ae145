/**
 * `npm run crash`: writers keep writing through the gateway while a member and
 * the secretariat are killed with SIGKILL at random instants and restarted; after
 * each restart and at the end it checks that the process is ready within the
 * bound, every acknowledged write is there, the audit chains verify and a rename
 * works (soak/crash.ts). Non-zero exit when any check fails.
 *
 *   npm run crash -- [--kills 50] [--writers 4] [--victims member,secretariat] [--member AR] [--json crash.json]
 */
import { join } from 'node:path';
import { parseFlags } from './flags';
import { runCrash, type Victim } from './soak/crash';
import { LOAD_FLAGS, NETWORK_FLAGS, startOwnNetwork, workloadOptions, writeJson } from './soak/flags';
import { exitWith } from './cli';

const flags = parseFlags(process.argv.slice(2), {
  kills: { default: '50', pattern: /^[1-9]\d*$/, hint: 'how many times a process is killed' },
  victims: { default: 'member,secretariat', pattern: /^(member|secretariat)(,(member|secretariat))*$/, hint: 'which processes are killed, in turn: member, secretariat' },
  member: { default: '', pattern: /^[A-Z]{2}$/, hint: 'the member that is killed (default: the cooperation owner, the first member)' },
  'min-delay-ms': { default: '300', pattern: /^\d+$/, hint: 'a kill comes at least this long after the writers were let go' },
  'max-delay-ms': { default: '4000', pattern: /^\d+$/, hint: '… and at most this long (uniformly drawn)' },
  'ready-within': { default: '60', pattern: /^[1-9]\d*$/, hint: 'seconds a restarted process has to answer /ready 200' },
  writers: { default: '4', pattern: /^[1-9]\d*$/, hint: 'concurrent writers' },
  readers: { default: '0', pattern: /^\d+$/, hint: 'concurrent readers beside them' },
  ...NETWORK_FLAGS,
  ...LOAD_FLAGS,
});

async function main(): Promise<number> {
  const log = (line: string) => console.log(line);
  if (Number(flags['max-delay-ms']) < Number(flags['min-delay-ms'])) throw new Error('--max-delay-ms is below --min-delay-ms');
  const net = await startOwnNetwork(flags, log);
  const stop = () => void net.close().then(() => process.exit(130));
  process.once('SIGINT', stop);
  try {
    const load = workloadOptions(flags, net.countries, Number(flags.writers), Number(flags.readers));
    const report = await runCrash(net, {
      ...load,
      kills: Number(flags.kills), victims: flags.victims.split(',') as Victim[], member: flags.member || load.owner,
      minDelayMs: Number(flags['min-delay-ms']), maxDelayMs: Number(flags['max-delay-ms']), readyWithinS: Number(flags['ready-within']), timeoutMs: Number(flags['timeout-ms']),
    }, log);
    writeJson(flags.json, report, log);
    if (flags.keep === 'yes') log(`data kept in ${net.dataDir} (each process's output in ${join(net.dataDir, 'logs')})`);
    return report.ok ? 0 : 1;
  } finally {
    process.off('SIGINT', stop);
    await net.close();
  }
}

exitWith('crash', main);
