/**
 * A member's own service identity, for calls it makes on its own account (to the
 * secretariat, about the JIT a request names): a short-lived token signed with
 * the member's service key, country = the member, roles ['service'], addressed to
 * the one service it calls, and naming the caller the call concerns (`obo`).
 * The caller's own token is never relayed. The secretariat trusts the service
 * issuer for that country and the service role only (ENLACE_TRUSTED_ISSUERS).
 */
import { SignJWT } from 'jose';
import { SECRETARIAT_AUDIENCE, type Caller } from './identity';
import type { KeyObject } from 'node:crypto';
import { signingKeyFromFile, type SigningKey } from './keys';
import { publicHalf } from './operatorToken';

/** Service tokens live for one call. */
const SERVICE_TOKEN_LIFETIME_SECONDS = 60;

export interface ServiceIdentity {
  country: string;
  issuer: string;
  /** A token for one call to `audience` (default: the secretariat), concerning `concerning` when given. */
  token(concerning?: Caller, audience?: string): Promise<string>;
  /** The public half of the service key: what the member checks its operator's tokens with (operatorToken.ts). */
  publicKey: { key: KeyObject; alg: string };
}

export function createServiceIdentity(country: string, issuer: string, key: SigningKey): ServiceIdentity {
  return {
    country,
    issuer,
    publicKey: publicHalf(key),
    token: (concerning, audience = SECRETARIAT_AUDIENCE) => {
      const obo = concerning && { sub: concerning.subject, iss: concerning.issuer, country: concerning.country, roles: concerning.roles };
      return new SignJWT({ country, roles: ['service'], org: `Enlace member ${country}`, ...(obo ? { obo } : {}) })
        .setProtectedHeader({ alg: key.alg, kid: key.kid })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(`service@${country.toLowerCase()}`)
        .setIssuedAt()
        .setExpirationTime(`${SERVICE_TOKEN_LIFETIME_SECONDS}s`)
        .sign(key.key);
    },
  };
}

/** MEMBER_SERVICE_KEY (the path of the member's private JWK) and MEMBER_SERVICE_ISSUER; none when unset. */
export async function serviceIdentityFromEnv(country: string, env: NodeJS.ProcessEnv): Promise<ServiceIdentity | undefined> {
  const path = env.MEMBER_SERVICE_KEY?.trim();
  const issuer = env.MEMBER_SERVICE_ISSUER?.trim();
  if (!path && !issuer) return undefined;
  if (!path || !issuer) throw new Error('MEMBER_SERVICE_KEY and MEMBER_SERVICE_ISSUER go together: the member\'s service key and the issuer name the network trusts it under');
  return createServiceIdentity(country, issuer, await signingKeyFromFile(path, 'MEMBER_SERVICE_KEY'));
}
