/**
 * `npm run oidc`: DEVELOPMENT ONLY. The development OpenID Connect provider alone
 * (oidc/devProvider.ts), for a network started some other way (the kit's processes, tests):
 * prints its accounts, the trusted issuer entry that makes a network trust it (with the
 * mapping of its claims) and the gateway's ENLACE_SIGN_IN. `npm start` runs one itself.
 *
 *   node scripts/dist/oidc.js [--countries AR,CO,PE,XS,XP] [--partners XP] [--port 4009] [--keys-dir .dev-keys/oidc] [--bind AR,CO]
 */
import { join, resolve } from 'node:path';
import { parseFlags } from './flags';
import { DEV_OIDC_CLIENT_ID, startDevOidcProvider } from './oidc/devProvider';
import { DEV_PARTNERS } from './devIssuer';
import { DEFAULT_MEMBERS } from './members';

const root = resolve(__dirname, '..', '..');
const CODES = /^[A-Z]{2}(,[A-Z]{2})*$/;
const flags = parseFlags(process.argv.slice(2), {
  countries: { default: [...DEFAULT_MEMBERS, 'XS', ...DEV_PARTNERS].join(','), pattern: CODES, hint: 'the countries it has accounts for, e.g. AR,CO,XS,XP' },
  partners: { default: DEV_PARTNERS.join(','), pattern: CODES, hint: 'which of them are partners' },
  bind: { default: '', pattern: CODES, hint: 'the countries the printed entry binds it to (default: all of --countries)' },
  port: { default: '4009', pattern: /^\d{1,5}$/, hint: 'its port on 127.0.0.1 (0: any free port)' },
  'keys-dir': { default: join(root, '.dev-keys', 'oidc'), pattern: /^.+$/, hint: 'where its signing key is kept' },
});

async function main(): Promise<void> {
  const provider = await startDevOidcProvider({
    keysDir: flags['keys-dir'], countries: flags.countries.split(','), partners: flags.partners.split(','), port: Number(flags.port),
  });
  const trusted = provider.trusted(flags.bind ? flags.bind.split(',') : undefined);
  // The first line is for programs that start it (tests read the issuer from it).
  console.log(`development OIDC provider at ${provider.issuer}`);
  console.log(`
DEVELOPMENT ONLY: any password is accepted. Accounts (login):
${provider.accounts.map((a) => `  ${a.login.padEnd(18)} ${a.country} ${a.role}`).join('\n')}

Trust it (every process; or as an issuer entry for \`npm run kit -- trust --add-issuer\`, with "kind":"issuer"):
  ENLACE_TRUSTED_ISSUERS: ${JSON.stringify(trusted)}
Offer it on the gateway's console and explorer:
  ENLACE_SIGN_IN='${JSON.stringify([{ name: 'the development provider', issuer: provider.issuer, clientId: DEV_OIDC_CLIENT_ID, scope: 'openid profile' }])}'
Ctrl-C stops it.`);
  const stop = () => void provider.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`cannot start the development OIDC provider: ${(err as Error)?.message ?? String(err)}`);
  process.exit(1);
});
