/**
 * The audit log's command line.
 *
 *   npm run audit -- verify --country AR [--data-dir data] [--log <file>] [--heads <file>]
 *
 * `verify` exits 0 when the log is intact and matches the heads the secretariat
 * holds, 1 naming the first entry that was changed, removed or reordered (or the
 * head that does not match), 2 on bad arguments. `--country XS` verifies the
 * secretariat's own log.
 */
import { resolve } from 'node:path';
import { parseFlags } from './flags';
import { auditPaths, verifyCommand } from './audit/verify';

const [command, ...rest] = process.argv.slice(2);
if (command !== 'verify') {
  console.error('usage: npm run audit -- verify --country AR [--data-dir data] [--log <file>] [--heads <file>]');
  process.exit(2);
}
const flags = parseFlags(rest, {
  country: { default: '', pattern: /^[A-Za-z]{2}$/, hint: 'the member\'s ISO code, or XS for the secretariat' },
  'data-dir': { default: 'data', pattern: /^.+$/, hint: 'where the network keeps its data, as for npm start' },
  log: { default: '', pattern: /^.+$/, hint: 'the audit log file, when not in the data dir' },
  heads: { default: '', pattern: /^.+$/, hint: 'the secretariat\'s register of heads, when not in the data dir' },
});
if (!flags.country) {
  console.error('--country is required (e.g. --country AR, or XS for the secretariat)');
  process.exit(2);
}
// Relative to the repository, as npm start's --data-dir.
process.chdir(resolve(__dirname, '..', '..'));
const country = flags.country.toUpperCase();
const paths = auditPaths(country, flags['data-dir']);
verifyCommand({ country, logPath: flags.log || paths.logPath, headsPath: flags.heads || paths.headsPath }).then(
  ({ ok, lines }) => {
    for (const l of lines) (ok ? console.log : console.error)(l);
    process.exit(ok ? 0 : 1);
  },
  (err: unknown) => {
    console.error(`cannot verify: ${(err as Error)?.message ?? String(err)}`);
    process.exit(1);
  },
);
