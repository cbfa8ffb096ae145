/**
 * `npm run kit -- <command>`: run one process of the network (a member, the secretariat or the
 * gateway) from its own directory, on its own machine. See README, "Run one member".
 *
 *   init member --country AR --dir /srv/enlace-ar --port 4101 [--secretariat URL] [--host H] [--public-url URL]
 *   init secretariat --dir /srv/enlace-xs --port 4100
 *   init gateway --dir /srv/enlace-gw --port 4000 --secretariat URL
 *   trust --dir D --add-member F | --add-gateway F | --add-issuer F | --add-partner XP | --add-conformance F | --remove-conformance
 *   start --dir D          (what a systemd unit or a container runs: node scripts/dist/kit.js start --dir D)
 *   seed --dir D           (a member's demonstration data, into an empty store)
 *   show --dir D
 *   health --dir D         (exit 0 when the directory's process answers /ready: a container's health check)
 *   issuer --dir I --countries AR,XS      (a test identity provider, to try a network by hand)
 *   token --issuer-dir I --country AR --role prosecutor
 */
import { COUNTRY_PATTERN, SECRETARIAT_COUNTRY, type Role } from '@enlace/platform';
import { spanSeconds, USER_ROLES } from './devIssuer';
import { makeIssuer, loadIssuer } from './conformance/testIdentity';
import { readFlags, type FlagSpec } from './flags';
import { initKit } from './kit/init';
import { KitError } from './kit/kitError';
import { addConformance, addGateway, addIssuer, addMember, addPartner, describeTrust, removeConformance } from './kit/trust';
import type { ProcessKind } from './network';
// `start` and `seed` load the processes and the stores: required when asked for, so the other commands start fast.

const USAGE = `usage: npm run kit -- <command> [flags]   (--help after a command lists its flags)
  init member|secretariat|gateway   make a process's directory: settings, keys, its entry for the others
  trust                             add what another operator sent (an entry), or a conformance run's issuer
  start                             run the directory's process (production mode)
  seed                              put demonstration data into a member's empty store
  show                              what a directory trusts
  health                            whether the directory's process answers /ready (exit 0) or not (1)
  issuer, token                     a test identity provider and its tokens, to try a network by hand`;

const dirFlag: FlagSpec = { default: '', pattern: /^.+$/, hint: 'the process\'s directory' };
const codeList = /^[A-Z]{2}(,[A-Z]{2})*$/;

/** Reads a command's flags; a usage mistake is a KitError (exit 2), --help prints and ends. */
function flagsOf<K extends string>(argv: string[], specs: Record<K, FlagSpec>, required: NoInfer<K>[], usage: string): Record<K, string> {
  const outcome = readFlags(argv, specs, usage);
  if ('help' in outcome && !('error' in outcome)) {
    console.log(outcome.help);
    process.exit(0);
  }
  if ('error' in outcome) throw new KitError(`${outcome.error}\n${outcome.help}`);
  const missing = required.filter((k) => !outcome.values[k]);
  if (missing.length) throw new KitError(`${missing.map((k) => `--${k}`).join(' and ')} ${missing.length > 1 ? 'are' : 'is'} required\n${usage}`);
  return outcome.values;
}

async function init(argv: string[]): Promise<void> {
  const kind = argv[0] as ProcessKind;
  if (!['member', 'secretariat', 'gateway'].includes(kind)) throw new KitError(`init needs what to make: member, secretariat or gateway\n${USAGE}`);
  const f = flagsOf(argv.slice(1), {
    dir: dirFlag,
    port: { default: '', pattern: /^\d{2,5}$/, hint: 'the port it listens on' },
    host: { default: '127.0.0.1', pattern: /^[\w.:-]+$/, hint: 'the address it listens on (0.0.0.0 behind a proxy or in a container)' },
    'public-url': { default: '', pattern: /^https?:\/\/\S+\/graphql$/, hint: 'how the others reach it, ending in /graphql (default http://<host>:<port>/graphql)' },
    country: { default: '', pattern: COUNTRY_PATTERN, hint: 'a member\'s ISO 3166-1 alpha-2 code, in capitals' },
    secretariat: { default: '', pattern: /^https?:\/\/\S+$/, hint: 'the secretariat\'s GraphQL URL' },
    members: { default: '', pattern: codeList, hint: 'the network\'s other members, e.g. CO,PE' },
    'service-issuer': { default: '', pattern: /^\S{3,200}$/, hint: 'a member\'s service issuer name (default urn:enlace:service:<cc>)' },
    'contact-point': { default: '', pattern: /^.{3,200}$/, hint: 'whom foreign callers should ask about a hit' },
  }, kind === 'member' ? ['dir', 'port', 'country'] : kind === 'gateway' ? ['dir', 'port', 'secretariat'] : ['dir', 'port'], `usage: npm run kit -- init ${kind} --dir D --port P …`);
  const result = await initKit({
    kind, dir: f.dir, port: Number(f.port), host: f.host, publicUrl: f['public-url'] || undefined, country: f.country || undefined,
    secretariatUrl: f.secretariat || undefined, members: f.members ? f.members.split(',') : undefined,
    serviceIssuer: f['service-issuer'] || undefined, contactPoint: f['contact-point'] || undefined,
  });
  const d = result.paths.dir;
  const sendTo = kind === 'member'
    ? `the secretariat, which adds it to the gateway and the secretariat (and tells the other members your code):
    npm run kit -- trust --dir <gateway dir> --add-member ${result.paths.entry}
    npm run kit -- trust --dir <secretariat dir> --add-member ${result.paths.entry}`
    : kind === 'gateway'
      ? `every member, which trusts the gateway's assertions with it:\n    npm run kit -- trust --dir <member dir> --add-gateway ${result.paths.entry}`
      : 'every member, with the URL to give as --secretariat';
  console.log(`Made the ${kind}${result.entry.kind === 'member' ? ` ${result.entry.country}` : ''} in ${d} (${result.url}):
  enlace.env   its settings (0600; README, "Configuration")
  keys/        its private keys (0700; never send them)
  store/       its store and audit log

Its directory entry (public), in ${result.paths.entry}:
${JSON.stringify(result.entry, null, 2)}

Send that file to ${sendTo}

Then trust what you are sent, and start:
${kind === 'member' ? `  npm run kit -- trust --dir ${d} --add-gateway <gateway-entry.json>\n` : ''}${kind !== 'member' ? `  npm run kit -- trust --dir ${d} --add-member <member-entry.json>   (each member)\n` : ''}  npm run kit -- trust --dir ${d} --add-issuer <issuer-entry.json>   (each identity provider of the network)
  npm run kit -- start --dir ${d}`);
}

function trust(argv: string[]): void {
  const f = flagsOf(argv, {
    dir: dirFlag,
    'add-member': { default: '', pattern: /^.+$/, hint: 'a member\'s entry file' },
    'add-gateway': { default: '', pattern: /^.+$/, hint: 'the gateway\'s entry file (members)' },
    'add-issuer': { default: '', pattern: /^.+$/, hint: 'an identity provider\'s entry file' },
    'add-partner': { default: '', pattern: COUNTRY_PATTERN, hint: 'a partner network\'s two-letter code' },
    'add-conformance': { default: '', pattern: /^.+$/, hint: 'a conformance issuer\'s entry, trusted for one run' },
    'remove-conformance': { default: '', hint: 'stop trusting the conformance issuer' },
  }, ['dir'], 'usage: npm run kit -- trust --dir D --add-member F (or --add-gateway, --add-issuer, --add-partner, --add-conformance, --remove-conformance)');
  const done: string[] = [];
  if (f['add-member']) done.push(addMember(f.dir, f['add-member']));
  if (f['add-gateway']) done.push(addGateway(f.dir, f['add-gateway']));
  if (f['add-partner']) done.push(addPartner(f.dir, f['add-partner']));
  if (f['add-issuer']) done.push(addIssuer(f.dir, f['add-issuer']));
  if (f['add-conformance']) done.push(addConformance(f.dir, f['add-conformance']));
  if (f['remove-conformance'] === 'yes') done.push(removeConformance(f.dir));
  if (!done.length) throw new KitError('trust needs what to add: --add-member, --add-gateway, --add-issuer, --add-partner, --add-conformance or --remove-conformance');
  for (const line of done) console.log(line);
  console.log('The process reads its settings at start: restart it for them to take effect.');
}

async function issuer(argv: string[]): Promise<void> {
  const f = flagsOf(argv, {
    dir: dirFlag,
    countries: { default: '', pattern: codeList, hint: `the countries it vouches for, e.g. AR,${SECRETARIAT_COUNTRY}` },
    issuer: { default: 'https://issuer.enlace.test.local', pattern: /^\S{3,200}$/, hint: 'its issuer name' },
  }, ['dir', 'countries'], 'usage: npm run kit -- issuer --dir I --countries AR,XS');
  const made = await makeIssuer(f.dir, { issuer: f.issuer, countries: f.countries.split(','), roles: USER_ROLES, kidPrefix: 'test' });
  console.log(`A test identity provider in ${f.dir} (for trying a network; a real one is the member's or the secretariat's own).
Trust it:  npm run kit -- trust --dir <each process's dir> --add-issuer ${made.entryPath}
Tokens:    npm run kit -- token --issuer-dir ${f.dir} --country ${f.countries.split(',')[0]} --role prosecutor`);
}

async function token(argv: string[]): Promise<void> {
  const f = flagsOf(argv, {
    'issuer-dir': { default: '', pattern: /^.+$/, hint: 'the directory `kit issuer` made' },
    country: { default: '', pattern: COUNTRY_PATTERN, hint: 'the caller\'s country code' },
    role: { default: '', pattern: new RegExp(`^(${USER_ROLES.join('|')})(,(${USER_ROLES.join('|')}))*$`), hint: `roles of ${USER_ROLES.join(', ')}` },
    expires: { default: '1h', pattern: /^\d+(s|m|h)$/, hint: 'a lifetime such as 30m or 8h (at most 12h)' },
  }, ['issuer-dir', 'country', 'role'], 'usage: npm run kit -- token --issuer-dir I --country AR --role prosecutor');
  const local = await loadIssuer(f['issuer-dir']);
  if (!local.entry.countries.includes(f.country)) throw new KitError(`this issuer vouches for ${local.entry.countries.join(', ')}, not ${f.country}`);
  if (spanSeconds(f.expires) > 12 * 3600) throw new KitError('--expires: at most 12h');
  process.stdout.write(`${await local.mint({ country: f.country, roles: f.role.split(',') as Role[], expiresIn: f.expires })}\n`);
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const dirOnly = () => flagsOf(rest, { dir: dirFlag }, ['dir'], `usage: npm run kit -- ${command} --dir D`).dir;
  switch (command) {
    case 'init': await init(rest); return 0;
    case 'trust': trust(rest); return 0;
    case 'start': (await import('./kit/start')).startKit(dirOnly()); return -1;
    case 'seed': {
      const f = flagsOf(rest, { dir: dirFlag, persons: { default: '200', pattern: /^[1-9]\d{0,6}$/, hint: 'persons to generate' } }, ['dir'], 'usage: npm run kit -- seed --dir D [--persons 200]');
      console.log(await (await import('./kit/seed')).seedKit(f.dir, Number(f.persons)));
      return 0;
    }
    case 'show': console.log(describeTrust(dirOnly()).join('\n')); return 0;
    case 'health': return (await import('./kit/health')).readyCode(dirOnly());
    case 'issuer': await issuer(rest); return 0;
    case 'token': await token(rest); return 0;
    case undefined: case '--help': case '-h': console.log(USAGE); return 0;
    default: throw new KitError(`unknown command "${command}"\n${USAGE}`);
  }
}

main().then(
  // start hands this Node process over to the process it runs; every other command ends here.
  (code) => { if (code >= 0) process.exit(code); },
  (err: unknown) => {
    console.error(`kit: ${(err as Error)?.message ?? String(err)}`);
    process.exit(err instanceof KitError ? 2 : 1);
  },
);
