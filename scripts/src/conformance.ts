/**
 * `npm run conformance`: a black-box check of a deployed process against the network's contract,
 * with tokens of a conformance issuer the operator trusts for the run (README, "Run one member").
 *
 *   npm run conformance -- issuer --dir <dir>                       make the run's issuer (once)
 *   npm run kit -- trust --dir <process dir> --add-conformance <dir>/issuer-entry.json   (then restart it)
 *   npm run conformance -- --member URL --issuer-dir <dir> [--report file]
 *   npm run conformance -- --secretariat URL --issuer-dir <dir>
 *   npm run conformance -- --gateway URL --issuer-dir <dir>
 *   npm run kit -- trust --dir <process dir> --remove-conformance   (then restart it)
 *
 * Prints the report (and writes it to --report); exit 0 when the process conforms, 1 when not, 2 for a usage mistake.
 */
import { writeFileSync } from 'node:fs';
import { readFlags } from './flags';
import { runGatewaySuite } from './conformance/gateway';
import { runMemberSuite } from './conformance/member';
import { Report } from './conformance/report';
import { runSecretariatSuite } from './conformance/secretariat';
import { loadIssuer, makeConformanceIssuer } from './conformance/testIdentity';
import { KitError } from './kit/kitError';

const USAGE = `usage: npm run conformance -- issuer --dir <dir>
       npm run conformance -- --member URL | --secretariat URL | --gateway URL  --issuer-dir <dir> [--report <file>]`;

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv[0] === 'issuer') {
    const f = readFlags(argv.slice(1), { dir: { default: '', pattern: /^.+$/, hint: 'where to keep the issuer (its private key stays there)' } }, USAGE);
    if (!('values' in f) || !f.values.dir) throw new KitError(`--dir is required\n${USAGE}`);
    const issuer = await makeConformanceIssuer(f.values.dir);
    console.log(`The conformance issuer ${issuer.entry.issuer} is in ${f.values.dir}.
Trust it for a run, on each process to check, then restart that process:
  npm run kit -- trust --dir <process dir> --add-conformance ${issuer.entryPath}
and afterwards:
  npm run kit -- trust --dir <process dir> --remove-conformance`);
    return 0;
  }
  const url = { default: '', pattern: /^https?:\/\/\S+$/, hint: 'its GraphQL URL' };
  const outcome = readFlags(argv, {
    member: url, secretariat: url, gateway: url,
    'issuer-dir': { default: '', pattern: /^.+$/, hint: 'the directory `npm run conformance -- issuer` made' },
    report: { default: '', pattern: /^.+$/, hint: 'also write the report to this file' },
  }, USAGE);
  if ('help' in outcome && !('error' in outcome)) {
    console.log(outcome.help);
    return 0;
  }
  if ('error' in outcome) throw new KitError(`${outcome.error}\n${outcome.help}`);
  const f = outcome.values;
  const targets = (['member', 'secretariat', 'gateway'] as const).filter((k) => f[k]);
  if (targets.length !== 1) throw new KitError(`name one process: --member, --secretariat or --gateway\n${USAGE}`);
  if (!f['issuer-dir']) throw new KitError(`--issuer-dir is required\n${USAGE}`);
  const kind = targets[0];
  const issuer = await loadIssuer(f['issuer-dir']);
  const report = new Report({ kind, url: f[kind] });
  const suite = kind === 'member' ? runMemberSuite : kind === 'secretariat' ? runSecretariatSuite : runGatewaySuite;
  try {
    await suite(report, f[kind], issuer);
  } catch (err) {
    report.check('run', 'the suite ran to its end', [(err as Error).message]);
  }
  const text = report.toText();
  process.stdout.write(text);
  if (f.report) writeFileSync(f.report, text);
  return report.passed ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`conformance: ${(err as Error)?.message ?? String(err)}`);
    process.exit(err instanceof KitError ? 2 : 1);
  },
);
