/**
 * `npm run pseudonym`: the pseudonym(s) a hit/no-hit check carries, obtained as any client
 * obtains them (docs/PSEUDONYMS.md): built and blinded here, evaluated by the secretariat through
 * the gateway with the caller's token, unblinded here. Nothing but blinded elements leaves this
 * process. Prints the pseudonym alone (a document or an account) or a JSON list (a name's keys),
 * so `P=$(npm run -s pseudonym -- --document BO:65820417)` works.
 *
 *   node scripts/dist/pseudonym.js --document BO:65820417 | --account "193004578123045018 52"[@PE]
 *     | --name "QUISPE MAMANI Jhon" --born 1984[-02-05] [--sex MALE]   [--gateway URL] [--token T (default $TOKEN)]
 */
import { accountIdentifier, documentIdentifier, nameCheckIdentifiers, obtainPseudonyms, PseudonymsRefused, PseudonymsUnreachable } from '@enlace/platform';
import { parseFlags } from './flags';

const USAGE = 'usage: npm run -s pseudonym -- --document BO:65820417 | --account IBAN[@CC] | --name "QUISPE MAMANI Jhon" --born 1984 [--sex MALE]  (token: --token or $TOKEN)';

async function main(): Promise<void> {
  const flags = parseFlags(
    process.argv.slice(2),
    {
      document: { default: '', pattern: /^[A-Za-z]{2}:.+$/, hint: 'ISSUING_COUNTRY:NUMBER, e.g. BO:65820417' },
      account: { default: '', pattern: /^[^@]+(@[A-Za-z]{2})?$/, hint: 'an account identifier, with @CC for the country where it is held' },
      name: { default: '', pattern: /^.{3,200}$/, hint: 'a name on one line: "QUISPE MAMANI Jhon" or "Quispe Mamani, Jhon"' },
      born: { default: '', pattern: /^\d{4}(-\d{2}-\d{2})?$/, hint: 'with --name: the year (YYYY) or date (YYYY-MM-DD) of birth' },
      sex: { default: '', pattern: /^(MALE|FEMALE)$/, hint: 'with --name: MALE or FEMALE (none: both)' },
      gateway: { default: process.env.ENLACE_GATEWAY_URL ?? 'http://localhost:4000/graphql', pattern: /^https?:\/\/\S+$/, hint: 'the gateway (default http://localhost:4000/graphql)' },
      token: { default: process.env.TOKEN ?? '', pattern: /^\S+$/, hint: 'the caller\'s token (default $TOKEN)' },
    },
    USAGE,
  );
  const asked = [flags.document, flags.account, flags.name].filter(Boolean).length;
  if (asked !== 1 || !flags.token || (flags.name && !flags.born)) {
    console.error(`${asked !== 1 ? 'give one of --document, --account, --name' : !flags.token ? 'no token: --token or $TOKEN' : '--name needs --born'}\n${USAGE}`);
    process.exit(2);
  }
  let inputs: string[];
  if (flags.document) {
    const [issuer, ...number] = flags.document.split(':');
    inputs = [documentIdentifier(issuer, number.join(':'))];
  } else if (flags.account) {
    const [identifier, country] = flags.account.split('@');
    inputs = [accountIdentifier(identifier, country)];
  } else {
    inputs = nameCheckIdentifiers({ name: flags.name, born: flags.born, sex: flags.sex || null });
  }
  const { pseudonyms } = await obtainPseudonyms(inputs, { url: flags.gateway, token: () => flags.token });
  console.log(flags.name ? JSON.stringify(pseudonyms) : pseudonyms[0]);
}

main().catch((err: unknown) => {
  const known = err instanceof PseudonymsRefused || err instanceof PseudonymsUnreachable || (err instanceof Error && /^(born|name):/.test(err.message));
  console.error(`pseudonym: ${known ? (err as Error).message : `failed: ${String(err)}`}`);
  process.exit(1);
});
