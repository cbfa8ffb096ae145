/**
 * `npm run token`: prints a token of the local development issuer (.dev-keys/,
 * created on first use, never committed) for a caller of the network.
 *
 *   node scripts/dist/token.js --country AR --role prosecutor [--expires 8h] [--subject fiscal.perez@ar] [--org "Fiscalía AR"]
 *
 * Several roles: --role prosecutor,analyst. The token alone is printed on
 * stdout, so `export TOKEN=$(node scripts/dist/token.js --country CO --role prosecutor)` works.
 * Requests also state a purpose and a case reference (headers x-enlace-purpose,
 * x-enlace-case-ref; for a JIT's cases in full, the JIT's id, e.g. XS:J:0oq2dni for the seeded JIT).
 * The country must be a member of the network (members.ts), the secretariat (XS) or a development
 * partner: the network would refuse a token for any other, so it is refused here, with the list.
 */
import { join, resolve } from 'node:path';
import { maxTokenLifetimeFromEnv, SECRETARIAT_COUNTRY, type Role } from '@enlace/platform';
import { DEV_PARTNERS, ensureDevIssuer, mintToken, spanSeconds, USER_ROLES } from './devIssuer';
import { parseFlags } from './flags';
import { DEFAULT_MEMBERS, networkMembers, notAMember } from './members';

const USAGE = 'usage: node scripts/dist/token.js --country AR --role prosecutor [--expires 8h]\n'
  + `Only a member country (ENLACE_COUNTRIES, else the countries with a store in --data-dir, else ${DEFAULT_MEMBERS.join(',')}), ${SECRETARIAT_COUNTRY} or ${DEV_PARTNERS.join(', ')} gets a token; any other is refused (exit 2).`;
const root = resolve(__dirname, '..', '..');
const ROLE_LIST = new RegExp(`^(${USER_ROLES.join('|')})(,(${USER_ROLES.join('|')}))*$`);

async function main(): Promise<void> {
  const flags = parseFlags(
    process.argv.slice(2),
    {
      country: { default: '', pattern: /^[A-Za-z]{2}$/, hint: `the caller's ISO 3166-1 alpha-2 code (XS for the secretariat, ${DEV_PARTNERS.join(', ')} for the partner)` },
      role: { default: '', pattern: ROLE_LIST, hint: `one or more of ${USER_ROLES.join(', ')}, comma-separated` },
      expires: { default: '8h', pattern: /^\d+\s?(s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days|w|week|weeks)$/, hint: 'a lifetime such as 30m, 8h or 12h' },
      subject: { default: '', pattern: /^\S{1,200}$/, hint: 'the caller\'s id, without spaces' },
      org: { default: '', pattern: /^.{1,200}$/, hint: 'the caller\'s organisation' },
      'keys-dir': { default: join(root, '.dev-keys'), pattern: /^.+$/, hint: 'where the development issuer keeps its keys' },
      'data-dir': { default: join(root, 'data'), pattern: /^.+$/, hint: "npm start's data folder: the countries with a store there are the members (unless ENLACE_COUNTRIES)" },
    },
    USAGE,
  );
  if (!flags.country || !flags.role) {
    console.error(`--country and --role are required\n${USAGE}`);
    process.exit(2);
  }
  const country = flags.country.toUpperCase();
  const members = networkMembers(flags['data-dir']);
  if (!members.countries.includes(country) && country !== SECRETARIAT_COUNTRY && !DEV_PARTNERS.includes(country)) {
    console.error(`token: ${notAMember(country, members, `also taken: ${SECRETARIAT_COUNTRY}, the secretariat, and ${DEV_PARTNERS.join(', ')}, the development partner`)}`);
    process.exit(2);
  }
  // The network refuses longer-lived tokens: say so now rather than with a 401 later.
  const max = maxTokenLifetimeFromEnv(process.env);
  if (spanSeconds(flags.expires) > max) {
    console.error(`--expires ${flags.expires} is longer than the network accepts (ENLACE_MAX_TOKEN_LIFETIME, ${max / 3600} h)`);
    process.exit(2);
  }
  const issuer = await ensureDevIssuer(flags['keys-dir']);
  const token = await mintToken(issuer, {
    country,
    roles: [...new Set(flags.role.split(','))] as Role[],
    expiresIn: flags.expires.replace(/\s/g, ''),
    subject: flags.subject || undefined,
    organisation: flags.org || undefined,
  });
  process.stdout.write(`${token}\n`);
}

main().catch((err: unknown) => {
  console.error(`cannot mint a token: ${(err as Error)?.message ?? String(err)}`);
  process.exit(1);
});
