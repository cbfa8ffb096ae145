/**
 * The explorer's token picker in development: short tokens from the development
 * issuer, for the identities it may vouch for. It exists only when `npm start`
 * hands the process that issuer's private key (ENLACE_DEV_ISSUER_KEY) and the
 * process runs in development mode; a production process never mints.
 */
import { SignJWT } from 'jose';
import { badInput } from './errors';
import {
  AUDIENCE, countryList, MEMBER_ROLES, PARTNER_ROLES, SECRETARIAT_COUNTRY, SECRETARIAT_ROLES, trustedIssuersFromEnv, type Role,
} from './identity';
import { signingKeyFromFile, type SigningKey } from './keys';

/** One identity the picker offers: a country and a role the network accepts together. */
export interface DevIdentity {
  country: string;
  role: Role;
}

export interface DevTokenIssuer {
  issuer: string;
  identities: DevIdentity[];
  mint(identity: DevIdentity): Promise<string>;
}

/** Where the explorer asks for a development token (served by http.ts, called from explorer.ts's page). */
export const DEV_TOKEN_PATH = '/dev/token';

/** An hour: enough to explore, short enough not to matter if copied somewhere. */
const LIFETIME_SECONDS = 3600;

/** The roles the network accepts for a country (identity.ts): the secretariat's, a partner's, or a member's people. */
function rolesFor(country: string, partners: readonly string[]): readonly Role[] {
  if (country === SECRETARIAT_COUNTRY) return SECRETARIAT_ROLES;
  if (partners.includes(country)) return PARTNER_ROLES;
  return MEMBER_ROLES.filter((r) => r !== 'service');
}

export function devTokenIssuer(issuer: string, key: SigningKey, binding: { countries: string[]; roles: Role[] }, partners: readonly string[] = []): DevTokenIssuer {
  const identities = binding.countries.flatMap((country) => rolesFor(country, partners).filter((r) => binding.roles.includes(r)).map((role) => ({ country, role })));
  return {
    issuer,
    identities,
    mint: async ({ country, role }) => {
      if (!identities.some((i) => i.country === country && i.role === role)) {
        throw badInput('role', `the development issuer cannot vouch for a ${role} of ${country}`);
      }
      const iat = Math.floor(Date.now() / 1000);
      return new SignJWT({ country, roles: [role], org: `Development ${country}` })
        .setProtectedHeader({ alg: key.alg, kid: key.kid })
        .setIssuer(issuer)
        .setAudience(AUDIENCE)
        .setSubject(`${role}@${country.toLowerCase()}`)
        .setIssuedAt(iat)
        .setExpirationTime(iat + LIFETIME_SECONDS)
        .sign(key.key);
    },
  };
}

/**
 * The development issuer from ENLACE_DEV_ISSUER_KEY (its private JWK file) and ENLACE_DEV_ISSUER
 * (its name, which ENLACE_TRUSTED_ISSUERS must list: its binding is what the picker offers); null without them.
 */
export async function devTokenIssuerFromEnv(env: NodeJS.ProcessEnv): Promise<DevTokenIssuer | null> {
  const keyPath = env.ENLACE_DEV_ISSUER_KEY?.trim();
  if (!keyPath) return null;
  const name = env.ENLACE_DEV_ISSUER?.trim();
  const trusted = trustedIssuersFromEnv(env).find((t) => t.issuer === name);
  if (!trusted) throw new Error(`ENLACE_DEV_ISSUER must name an issuer of ENLACE_TRUSTED_ISSUERS, got "${name ?? ''}"`);
  return devTokenIssuer(trusted.issuer, await signingKeyFromFile(keyPath, 'ENLACE_DEV_ISSUER_KEY'), trusted, countryList(env.ENLACE_PARTNERS));
}
