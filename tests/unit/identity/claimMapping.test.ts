/**
 * An OpenID Connect provider's own claims mapped to the network's country and roles by
 * configuration (claimMapping.ts), and the mapped caller checked like any other: the
 * issuer's bindings, the network's rules, the audience it is configured for.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { checkClaimMapping as checkWith, createTokenVerifier, mapClaims, ROLES, type ClaimMapping, type TrustedIssuer } from '@enlace/platform';

const checkClaimMapping = (value: unknown, where: string) => checkWith(value, where, ROLES);

const KEYCLOAK_STYLE: ClaimMapping = {
  country: { claim: 'groups', values: { '/enlace/AR': 'AR', '/enlace/CO': 'CO', '/enlace/PE': 'PE' } },
  roles: { claim: 'realm_access.roles', values: { 'enlace-prosecutor': 'prosecutor', 'enlace-analyst': 'analyst' } },
};

describe('mapClaims', () => {
  it('maps groups and nested realm roles, ignoring words it does not know', () => {
    const payload = { groups: ['/staff', '/enlace/AR'], realm_access: { roles: ['offline_access', 'enlace-prosecutor', 'enlace-analyst'] } };
    expect(mapClaims(payload, KEYCLOAK_STYLE)).toEqual({ country: 'AR', roles: ['prosecutor', 'analyst'] });
  });

  it('takes the words as they are without a values map, and a fixed country', () => {
    expect(mapClaims({ ctry: 'CO', roles: 'analyst' }, { country: { claim: 'ctry' }, roles: { claim: 'roles' } })).toEqual({ country: 'CO', roles: ['analyst'] });
    expect(mapClaims({ roles: ['prosecutor'] }, { country: { value: 'AR' }, roles: { claim: 'roles' } })).toEqual({ country: 'AR', roles: ['prosecutor'] });
  });

  it('refuses a token that maps to no country, to several, or to no role', () => {
    expect(mapClaims({ groups: ['/staff'], realm_access: { roles: ['enlace-prosecutor'] } }, KEYCLOAK_STYLE)).toEqual({ refusal: 'Token\'s claim "groups" names no country of this network' });
    expect(mapClaims({ groups: ['/enlace/AR', '/enlace/CO'], realm_access: { roles: ['enlace-prosecutor'] } }, KEYCLOAK_STYLE))
      .toEqual({ refusal: 'Token\'s claim "groups" names several countries (AR, CO): a caller acts for one' });
    expect(mapClaims({ groups: ['/enlace/AR'], realm_access: { roles: ['admin'] } }, KEYCLOAK_STYLE)).toEqual({ refusal: 'Token\'s claim "realm_access.roles" names no role of this network' });
    // A value named like an inherited property is not a mapping.
    expect(mapClaims({ groups: ['toString'], realm_access: { roles: ['enlace-prosecutor'] } }, KEYCLOAK_STYLE)).toHaveProperty('refusal');
  });

  it('refuses a configuration that is malformed or maps a person to the service role', () => {
    expect(checkClaimMapping(KEYCLOAK_STYLE, 'X')).toBe(KEYCLOAK_STYLE);
    expect(() => checkClaimMapping({ country: { claim: 'groups' } }, 'X')).toThrow(/"claims" needs "country" and "roles"/);
    expect(() => checkClaimMapping({ country: { claim: 'c' }, roles: { claim: 'r', values: { admin: 'boss' } } }, 'X')).toThrow(/not a role/);
    expect(() => checkClaimMapping({ country: { claim: 'c' }, roles: { claim: 'r', values: { svc: 'service' } } }, 'X')).toThrow(/service role/);
    expect(() => checkClaimMapping({ country: { nothing: 1 }, roles: { claim: 'r' } }, 'X')).toThrow(/needs "claim"/);
  });
});

describe('a trusted issuer with a claim mapping', () => {
  const ISSUER = 'https://idp.fiscales.example';
  let dir: string;
  let sign: (claims: JWTPayload, audience?: string) => Promise<string>;
  const trusted = (extra: Partial<TrustedIssuer> = {}): TrustedIssuer => ({
    issuer: ISSUER, jwks: join(dir, 'jwks.json'), countries: ['AR', 'CO'], roles: ['prosecutor', 'analyst'], claims: KEYCLOAK_STYLE, ...extra,
  });
  const network = { members: ['AR', 'CO', 'PE'], partners: ['XP'] };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'enlace-claims-'));
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] }));
    sign = (claims, audience = 'enlace') => new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setIssuer(ISSUER).setAudience(audience)
      .setSubject('maria').setIssuedAt().setExpirationTime('1h').sign(privateKey);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts a mapped caller within the issuer\'s bindings', async () => {
    const caller = await createTokenVerifier([trusted()], network).verify(await sign({ groups: ['/enlace/AR'], realm_access: { roles: ['enlace-prosecutor'] } }));
    expect(caller).toMatchObject({ subject: 'maria', issuer: ISSUER, country: 'AR', roles: ['prosecutor'] });
  });

  it('refuses a caller mapped to a country the issuer is not bound to, however the provider says it', async () => {
    const verifier = createTokenVerifier([trusted()], network);
    await expect(verifier.verify(await sign({ groups: ['/enlace/PE'], realm_access: { roles: ['enlace-prosecutor'] } }))).rejects.toThrow('Token issuer may not vouch for country PE');
    // The provider's own `country` and `roles` claims are not read when a mapping says where they come from.
    await expect(verifier.verify(await sign({ country: 'AR', roles: ['prosecutor'], groups: ['/enlace/PE'], realm_access: { roles: ['enlace-prosecutor'] } })))
      .rejects.toThrow('Token issuer may not vouch for country PE');
    await expect(verifier.verify(await sign({ country: 'AR', roles: ['prosecutor'] }))).rejects.toThrow('names no country');
  });

  it('checks the audience the issuer is configured for, and enlace otherwise', async () => {
    const claims = { groups: ['/enlace/CO'], realm_access: { roles: ['enlace-analyst'] } };
    await expect(createTokenVerifier([trusted()], network).verify(await sign(claims, 'api://other'))).rejects.toThrow('Token claim "aud" is not valid');
    const own = createTokenVerifier([trusted({ audience: 'api://enlace' })], network);
    await expect(own.verify(await sign(claims, 'api://enlace'))).resolves.toMatchObject({ country: 'CO', roles: ['analyst'] });
    await expect(own.verify(await sign(claims))).rejects.toThrow('Token claim "aud" is not valid');
  });

  it('refuses a malformed mapping at start', () => {
    expect(() => createTokenVerifier([trusted({ claims: { country: { claim: 'groups' } } as unknown as ClaimMapping })], network)).toThrow(/ENLACE_TRUSTED_ISSUERS: issuer https:\/\/idp.fiscales.example: "claims" needs/);
  });
});
