/**
 * Issuer bindings and token lifetimes (issue 7, item 4): each trusted issuer
 * vouches only for the countries and roles it is bound to, every token must make
 * sense for the network whoever issued it, and lifetimes are bounded. Checked at
 * the gateway, at a member and at the secretariat, over real HTTP.
 */
import { importJWK, SignJWT } from 'jose';
import { AUDIENCE, createTokenVerifier, makeId, trustedIssuersFromEnv, type Role } from '@enlace/platform';
import { mintToken } from '@enlace/scripts/devIssuer';
import { bearer, gql, startNetwork, type TestNetwork } from '../support/network';

let net: TestNetwork;
const MEMBER_ROLES: Role[] = ['prosecutor', 'analyst', 'auditor'];

beforeAll(async () => {
  net = await startNetwork({
    countries: ['AR', 'CO'],
    persons: 20,
    issuers: {
      // Argentina's identity provider: its own country, member roles only.
      ar: { countries: ['AR'], roles: MEMBER_ROLES },
      // The secretariat's: XS, secretariat staff and its auditors.
      xs: { countries: ['XS'], roles: ['secretariat', 'auditor'] },
      // The partner network XP's: the partner role only.
      xp: { countries: ['XP'], roles: ['partner'] },
    },
  });
});
afterAll(() => net?.close());

const QUERY = `{ persons(countries: ["AR"], first: 1) { id } }`;
/** Where a token is checked, and a query each place answers (through the gateway it reaches the AR member). */
const everywhere = () => [
  ['gateway', net.gateway.url, QUERY],
  ['member AR', net.members.get('AR')!.url, QUERY],
  ['member CO', net.members.get('CO')!.url, QUERY],
  ['secretariat', net.secretariat.url, '{ __typename }'],
] as const;

/** Refused with 401 UNAUTHENTICATED and this reason, no data, no stack, at every service. */
async function refusedEverywhere(token: string, reason: RegExp): Promise<void> {
  for (const [where, url, query] of everywhere()) {
    const { status, body } = await gql(url, query, {}, bearer(token));
    expect({ where, status, code: body.errors?.[0]?.extensions?.code }).toEqual({ where, status: 401, code: 'UNAUTHENTICATED' });
    expect({ where, message: body.errors![0].message }).toEqual({ where, message: expect.stringMatching(reason) });
    expect(body.errors![0].message).not.toMatch(/\n|at .*\.ts/);
    expect(Object.keys(body.errors![0].extensions)).toEqual(['code']);
    expect(body.data).toBeUndefined();
  }
}

/**
 * Accepted: no authentication error anywhere, and through the gateway no member refused the request
 * (what the caller may see of the records is the protocol's business).
 */
async function acceptedEverywhere(token: string): Promise<void> {
  for (const [where, url, query] of everywhere()) {
    const { status, body } = await gql(url, query, {}, bearer(token));
    const refusals = (body.errors ?? []).filter((e) => ['UNAUTHENTICATED', 'MEMBER_UNAVAILABLE'].includes(e.extensions?.code));
    expect({ where, status, refusals }).toEqual({ where, status: 200, refusals: [] });
  }
}

describe('an issuer vouches only for what it is bound to', () => {
  test('Argentina\'s identity provider: an Argentine prosecutor is accepted', async () => {
    const token = await net.token({ issuer: 'ar', country: 'AR', roles: ['prosecutor'] });
    await acceptedEverywhere(token);
    const { body } = await gql(net.gateway.url, QUERY, {}, bearer(token));
    expect(body.data.persons).toEqual([{ id: expect.stringMatching(/^AR:P:/) }]);
  });

  test('Argentina\'s identity provider minting a Colombian prosecutor is refused', () =>
    net.token({ issuer: 'ar', country: 'CO', roles: ['prosecutor'] }).then((t) => refusedEverywhere(t, /issuer may not vouch for country CO/)));

  test('Argentina\'s identity provider minting the partner or secretariat role is refused', async () => {
    await refusedEverywhere(await net.token({ issuer: 'ar', country: 'AR', roles: ['partner'] }), /Role partner is not valid for AR/);
    await refusedEverywhere(await net.token({ issuer: 'ar', country: 'AR', roles: ['prosecutor', 'secretariat'] }), /Role secretariat is not valid for AR/);
  });

  test('Argentina\'s identity provider minting the secretariat\'s country is refused', () =>
    net.token({ issuer: 'ar', country: 'XS', roles: ['auditor'] }).then((t) => refusedEverywhere(t, /issuer may not vouch for country XS/)));

  test('the secretariat\'s issuer: staff and auditors of XS accepted, an XS prosecutor refused', async () => {
    await acceptedEverywhere(await net.token({ issuer: 'xs', country: 'XS', roles: ['secretariat'] }));
    await acceptedEverywhere(await net.token({ issuer: 'xs', country: 'XS', roles: ['auditor'] }));
    await refusedEverywhere(await net.token({ issuer: 'xs', country: 'XS', roles: ['prosecutor'] }), /Role prosecutor is not valid for XS/);
    await refusedEverywhere(await net.token({ issuer: 'xs', country: 'AR', roles: ['auditor'] }), /issuer may not vouch for country AR/);
  });

  test('a partner\'s issuer: its partners accepted, any other role refused', async () => {
    await acceptedEverywhere(await net.token({ issuer: 'xp', country: 'XP', roles: ['partner'] }));
    await refusedEverywhere(await net.token({ issuer: 'xp', country: 'XP', roles: ['prosecutor'] }), /Role prosecutor is not valid for XP/);
    await refusedEverywhere(await net.token({ issuer: 'xp', country: 'CO', roles: ['partner'] }), /Role partner is not valid for CO/);
  });
});

describe('a token must make sense for the network, whoever issued it (the development issuer is bound to every test country and role)', () => {
  test('an XS prosecutor is refused; XS secretariat staff are accepted', async () => {
    await refusedEverywhere(await net.token({ country: 'XS', roles: ['prosecutor'] }), /Role prosecutor is not valid for XS/);
    await acceptedEverywhere(await net.token({ country: 'XS', roles: ['secretariat'] }));
  });

  test('a country outside the network (ZZ) is refused; a member (CO) is accepted', async () => {
    await refusedEverywhere(await net.token({ country: 'ZZ', roles: ['prosecutor'] }), /Country ZZ is not a member, the secretariat or a partner/);
    await acceptedEverywhere(await net.token({ country: 'CO', roles: ['prosecutor'] }));
  });

  test('the secretariat role from a member country is refused (a CO prosecutor cannot make JITs by adding a role)', () =>
    net.token({ country: 'CO', roles: ['prosecutor', 'secretariat'] }).then((t) => refusedEverywhere(t, /Role secretariat is not valid for CO/)));

  test('the partner role for a member country is refused; for the configured partner code accepted', async () => {
    await refusedEverywhere(await net.token({ country: 'CO', roles: ['partner'] }), /Role partner is not valid for CO/);
    await acceptedEverywhere(await net.token({ country: 'XP', roles: ['partner'] }));
  });
});

describe('lifetimes are bounded', () => {
  const now = () => Math.floor(Date.now() / 1000);

  test('a 13 h token is refused, an 11 h and a 12 h token accepted', async () => {
    await refusedEverywhere(await net.token({ country: 'AR', expiresIn: '13h' }), /lifetime is longer than this network accepts \(12 h\)/);
    await acceptedEverywhere(await net.token({ country: 'AR', expiresIn: '11h' }));
    await acceptedEverywhere(await net.token({ country: 'AR', expiresIn: '12h' }));
  });

  test('a token issued in the future is refused; one issued an hour ago and still valid is accepted', async () => {
    await refusedEverywhere(await net.token({ country: 'AR', issuedAt: now() + 600, expiresIn: '1h' }), /issued in the future/);
    await acceptedEverywhere(await net.token({ country: 'AR', issuedAt: now() - 3600, expiresIn: '2h' }));
  });

  test('a token without iat is refused', async () => {
    const key = await importJWK(net.issuer.privateJwk, 'ES256');
    const token = await new SignJWT({ country: 'AR', roles: ['prosecutor'] })
      .setProtectedHeader({ alg: 'ES256', kid: net.issuer.privateJwk.kid })
      .setIssuer(net.issuer.issuer).setAudience(AUDIENCE).setSubject('timeless').setExpirationTime('1h')
      .sign(key);
    await refusedEverywhere(token, /claim "iat"/);
  });

  test('the maximum is a setting', async () => {
    const verifier = createTokenVerifier(net.trust.trustedIssuers, { members: ['AR', 'CO'], partners: ['XP'], maxLifetimeSeconds: 3600 });
    await expect(verifier.verify(await mintToken(net.issuer, { country: 'AR', roles: ['prosecutor'], expiresIn: '2h' }))).rejects.toThrow(/longer than this network accepts \(1 h\)/);
    await expect(verifier.verify(await mintToken(net.issuer, { country: 'AR', roles: ['prosecutor'], expiresIn: '59m' }))).resolves.toMatchObject({ country: 'AR' });
  });
});

describe('the configuration says what each issuer may vouch for, or the process does not start', () => {
  const jwks = () => net.issuer.jwksPath;

  test('the old issuer=jwks form is refused with what to write instead', () => {
    expect(() => trustedIssuersFromEnv({ ENLACE_TRUSTED_ISSUERS: `https://idp.example=${jwks()}` })).toThrow(/cannot say what each issuer may vouch for; write a JSON list instead, e\.g\. \[\{"issuer":.*"countries":\["AR"\],"roles":\[/);
  });

  test('an issuer without countries or roles is refused; with them it is accepted', () => {
    const issuers = trustedIssuersFromEnv({ ENLACE_TRUSTED_ISSUERS: JSON.stringify([{ issuer: 'https://idp.example', jwks: jwks() }]) });
    expect(() => createTokenVerifier(issuers, { members: ['AR'] })).toThrow(/must say which countries and roles it may vouch for/);
    expect(() => createTokenVerifier([{ ...issuers[0], countries: ['AR'], roles: ['prosecutor'] }], { members: ['AR'] })).not.toThrow();
  });

  test('an issuer bound to a country outside the network, or to an unknown role, is refused', () => {
    const base = { issuer: 'https://idp.example', jwks: jwks() };
    expect(() => createTokenVerifier([{ ...base, countries: ['ZZ'], roles: ['prosecutor'] }], { members: ['AR'] })).toThrow(/bound to ZZ, which is neither a member/);
    expect(() => createTokenVerifier([{ ...base, countries: ['AR'], roles: ['judge' as Role] }], { members: ['AR'] })).toThrow(/unknown role "judge"/);
  });

  test('a partner code may not be a member or XS', () => {
    expect(() => createTokenVerifier([], { members: ['AR'], partners: ['AR'] })).toThrow(/ENLACE_PARTNERS: AR is the secretariat or a member/);
    expect(() => createTokenVerifier([], { members: ['AR'], partners: ['XS'] })).toThrow(/ENLACE_PARTNERS: XS/);
  });
});

test('a record id in a refusal? none: the reason names only the token\'s own claims', async () => {
  const token = await net.token({ issuer: 'ar', country: 'CO', roles: ['prosecutor'] });
  const { body } = await gql(net.gateway.url, `{ person(id: "${makeId('AR', 'P', 1)}") { id } }`, {}, bearer(token));
  expect(body.errors).toEqual([{ message: 'Token issuer may not vouch for country CO', extensions: { code: 'UNAUTHENTICATED' } }]);
});
