/**
 * `node scripts/dist/keys.js --out deploy/keys --countries AR,CO,PE`: the network's
 * own keys for a deployment, made once (existing ones are kept):
 * - gateway/private.jwk.json (ENLACE_GATEWAY_KEY, the gateway alone) and
 *   gateway/jwks.json (ENLACE_GATEWAY_JWKS, every member);
 * - service-<cc>/private.jwk.json (MEMBER_SERVICE_KEY, that member alone) and
 *   service-<cc>/jwks.json (in the secretariat's ENLACE_TRUSTED_ISSUERS).
 * Prints the ENLACE_TRUSTED_ISSUERS entries for the service issuers; the people's
 * identity providers are the members' and the secretariat's own.
 */
import { join } from 'node:path';
import { ensureKeyPair } from './devIssuer';
import { parseFlags } from './flags';

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), {
    out: { default: 'deploy/keys', pattern: /^.+$/, hint: 'where to write the keys (keep it out of version control)' },
    countries: { default: 'AR,CO,PE', pattern: /^[A-Z]{2}(,[A-Z]{2})*$/, hint: 'the member countries, e.g. AR,CO,PE' },
    'issuer-pattern': { default: 'https://service.{cc}.enlace.example', pattern: /\{cc\}/, hint: 'each member\'s service issuer name, {cc} for its code' },
    'jwks-dir': { default: '/keys', pattern: /^.+$/, hint: 'where the processes see the keys directory (in the containers)' },
  });
  await ensureKeyPair(join(flags.out, 'gateway'));
  const entries = [];
  for (const country of flags.countries.split(',')) {
    const dir = `service-${country.toLowerCase()}`;
    await ensureKeyPair(join(flags.out, dir));
    entries.push({ issuer: flags['issuer-pattern'].replace('{cc}', country.toLowerCase()), jwks: `${flags['jwks-dir']}/${dir}/jwks.json`, countries: [country], roles: ['service'] });
  }
  console.log(`keys in ${flags.out}; add these service issuers to ENLACE_TRUSTED_ISSUERS:\n${JSON.stringify(entries)}`);
}

main().catch((err: unknown) => {
  console.error(`cannot make the keys: ${(err as Error)?.message ?? String(err)}`);
  process.exit(1);
});
