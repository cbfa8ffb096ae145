/**
 * DEVELOPMENT ONLY: an OpenID Connect provider (oidc-provider, a certified implementation)
 * on loopback, with one account per country and role, so that the console's and the
 * explorer's sign-in can be tried and tested without a real provider. Any password is
 * accepted (oidc-provider's development login page) and every loopback origin may use it:
 * nothing here is fit for a real network, which configures its own provider (README,
 * "Sign-in").
 *
 * It speaks as Keycloak does, in its own claims: a group per country (`/enlace/AR`) and a
 * realm role per role (`enlace-prosecutor`) in JWT access tokens for the network
 * (audience `enlace`), so that the network's claim mapping (claimMapping.ts) is what
 * makes them a country and roles, as it would for a real provider.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AUDIENCE, MEMBER_ROLES, PARTNER_ROLES, SECRETARIAT_COUNTRY, SECRETARIAT_ROLES, type ClaimMapping, type Role, type TrustedIssuer } from '@enlace/platform';
import { ensureKeyPair } from '../devIssuer';

/** The console's client at the development provider (a public client: PKCE, no secret). */
export const DEV_OIDC_CLIENT_ID = 'enlace-console';
/** The resource indicator of the network's API at the provider (RFC 8707); its tokens say audience `enlace`. */
export const DEV_OIDC_RESOURCE = 'urn:enlace:api';
const ACCESS_TOKEN_SECONDS = 3600;

export interface DevAccount {
  /** The login typed on the provider's page, e.g. `prosecutor.ar`. */
  login: string;
  country: string;
  role: Role;
}

/** One account per country and role the network accepts for it: `prosecutor.ar`, `secretariat.xs`, `partner.xp`… */
export function devAccounts(countries: readonly string[], partners: readonly string[] = []): DevAccount[] {
  const rolesOf = (c: string) => (c === SECRETARIAT_COUNTRY ? SECRETARIAT_ROLES : partners.includes(c) ? PARTNER_ROLES : MEMBER_ROLES.filter((r) => r !== 'service'));
  return countries.flatMap((country) => rolesOf(country).map((role) => ({ login: `${role}.${country.toLowerCase()}`, country, role })));
}

/** The provider's group for a country and realm role for a role, as a Keycloak realm would name them. */
export const devGroup = (country: string) => `/enlace/${country}`;
export const devRealmRole = (role: Role) => `enlace-${role}`;

/** How the network reads this provider's claims (the trusted issuer's `claims`). */
export function devClaimMapping(countries: readonly string[], roles: readonly Role[]): ClaimMapping {
  return {
    country: { claim: 'groups', values: Object.fromEntries(countries.map((c) => [devGroup(c), c])) },
    roles: { claim: 'realm_access.roles', values: Object.fromEntries(roles.map((r) => [devRealmRole(r), r])) },
  };
}

export interface DevOidcProvider {
  issuer: string;
  jwksPath: string;
  accounts: DevAccount[];
  /** How a network trusts it, bound to `countries` (default: every account's) with the mapping of its claims. */
  trusted(countries?: string[]): TrustedIssuer;
  close(): Promise<void>;
}

export interface DevOidcOptions {
  /** Where its signing key lives (made on first use). */
  keysDir: string;
  /** The countries it has accounts for; `partners` among them get the partner role. */
  countries: string[];
  partners?: string[];
  port?: number;
  host?: string;
}

const isLoopbackOrigin = (origin: string) => /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(origin);

export async function startDevOidcProvider(options: DevOidcOptions): Promise<DevOidcProvider> {
  // oidc-provider is an ES module: loaded when asked for, so that the rest of the scripts load without it.
  const { default: Provider, interactionPolicy } = await import('oidc-provider');
  // A native client is asked to consent every time (its redirect could be another program's on the same machine);
  // the console is the network's own client here, so that question is left out.
  const policy = interactionPolicy.base();
  policy.get('consent')!.checks.remove('native_client_prompt');
  const keys = await ensureKeyPair(options.keysDir, 'oidc.private.jwk.json', 'oidc');
  const accounts = devAccounts(options.countries, options.partners);
  const byLogin = new Map(accounts.map((a) => [a.login, a]));
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const issuer = `http://${host}:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: DEV_OIDC_CLIENT_ID,
      // Native, so that a loopback redirect may be on any port (RFC 8252): the gateway's, wherever it runs here.
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['http://127.0.0.1/console/', 'http://localhost/console/'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: 'ES256',
    }],
    jwks: { keys: [keys.privateJwk as never] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    scopes: ['openid', 'profile'],
    claims: { openid: ['sub'], profile: ['name'] },
    findAccount: (_ctx, id) => {
      const account = byLogin.get(id);
      return account ? { accountId: id, claims: () => ({ sub: id, name: `${account.role} ${account.country} (development)` }) } : undefined;
    },
    // The network's own claims stay out: it maps these (devClaimMapping), as it would a real provider's.
    extraTokenClaims: (_ctx, token) => {
      const account = 'accountId' in token ? byLogin.get(token.accountId) : undefined;
      return account ? { groups: [devGroup(account.country)], realm_access: { roles: [devRealmRole(account.role)] } } : undefined;
    },
    // The console is the network's own client: no consent page.
    loadExistingGrant: async (ctx) => {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid profile');
      grant.addResourceScope(DEV_OIDC_RESOURCE, 'enlace');
      await grant.save();
      return grant;
    },
    clientBasedCORS: (_ctx, origin) => isLoopbackOrigin(origin),
    interactions: { policy },
    features: {
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => DEV_OIDC_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: 'enlace', audience: AUDIENCE, accessTokenFormat: 'jwt', accessTokenTTL: ACCESS_TOKEN_SECONDS, jwt: { sign: { alg: 'ES256' } },
        }),
      },
    },
    ttl: { AccessToken: ACCESS_TOKEN_SECONDS, IdToken: ACCESS_TOKEN_SECONDS, AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600 },
  });
  // Its development pages ask Google for a font: left out, so that nothing here leaves the machine.
  provider.use(async (ctx, next) => {
    await next();
    if (typeof ctx.body === 'string' && ctx.response.is('html')) ctx.body = ctx.body.replace(/@import url\(https:\/\/fonts\.googleapis\.com[^)]*\);/g, '');
  });
  server.on('request', provider.callback());
  const roles = [...new Set(accounts.map((a) => a.role))];
  const all = [...new Set(accounts.map((a) => a.country))];
  return {
    issuer,
    jwksPath: keys.jwksPath,
    accounts,
    trusted: (countries = all) => ({ issuer, jwks: keys.jwksPath, countries, roles, claims: devClaimMapping(all, roles) }),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
