/**
 * A member's own service identity (issue 7, item 4): when a member asks the
 * secretariat about the JIT a request names, it calls with a short-lived token
 * of its own (country = the member, roles ['service'], naming the caller the call
 * concerns), never with the caller's token. Service tokens are accepted only from
 * the issuer bound to that member and the service role, and only at the service
 * they are addressed to.
 */
import { decodeJwt, importJWK, SignJWT } from 'jose';
import {
  AUDIENCE, createTokenVerifier, makeId, SECRETARIAT_AUDIENCE, signingKey, type ServiceIdentity,
} from '@enlace/platform';
import { KuzuStore } from '@enlace/store';
import { startMember, type RunningMember } from '@enlace/member';
import { ANCHORS } from '@enlace/scripts/seed/generate';
import { seedMember } from '@enlace/scripts/seed/load';
import { bearer, gql, SEED, startNetwork, type TestNetwork } from '../support/network';
import { recordingProxy, type RecordingProxy } from './recordingProxy';

let net: TestNetwork;
let co: string;
const JIT = ANCHORS.jitId;
const VICTIM = makeId('AR', 'P', ANCHORS.victimAdultSeq);
const VICTIM_QUERY = `{ person(id: "${VICTIM}") { id familyNames } }`;
const JIT_QUERY = `{ jointInvestigationTeam(id: "${JIT}") { id } }`;

beforeAll(async () => {
  net = await startNetwork({ countries: ['AR', 'CO'], persons: 20 });
  co = await net.token({ country: 'CO', roles: ['prosecutor'] });
});
afterAll(() => net?.close());

const services = () => [
  ['gateway', net.gateway.url],
  ['member AR', net.members.get('AR')!.url],
  ['member CO', net.members.get('CO')!.url],
  ['secretariat', net.secretariat.url],
] as const;

async function refusedAt(where: ReadonlyArray<readonly [string, string]>, token: string, reason: RegExp): Promise<void> {
  for (const [name, url] of where) {
    const { status, body } = await gql(url, JIT_QUERY, {}, bearer(token));
    expect({ name, status, code: body.errors?.[0]?.extensions?.code }).toEqual({ name, status: 401, code: 'UNAUTHENTICATED' });
    expect({ name, message: body.errors![0].message }).toEqual({ name, message: expect.stringMatching(reason) });
  }
}

/** A token signed with the development (user) issuer's key, with any claims. */
async function userToken(claims: Record<string, unknown>, audience: string): Promise<string> {
  const key = await importJWK(net.issuer.privateJwk, 'ES256');
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: net.issuer.privateJwk.kid })
    .setIssuer(net.issuer.issuer).setAudience(audience).setSubject('someone@ar').setIssuedAt().setExpirationTime('1h').sign(key);
}

/** A token signed with AR's service key, with any claims. */
async function arServiceToken(claims: Record<string, unknown>): Promise<string> {
  const s = net.trust.services.get('AR')!;
  const key = await signingKey(s.privateJwk);
  return new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid: key.kid })
    .setIssuer(s.issuer).setAudience(SECRETARIAT_AUDIENCE).setSubject('service@ar').setIssuedAt().setExpirationTime('60s').sign(key.key);
}

describe('service tokens', () => {
  test('a user identity provider\'s token carrying the service role is refused everywhere, whatever its audience', async () => {
    await refusedAt(services(), await userToken({ country: 'AR', roles: ['service'] }, AUDIENCE), /issuer may not vouch for role service/);
    await refusedAt(services(), await userToken({ country: 'AR', roles: ['service'] }, SECRETARIAT_AUDIENCE), /issuer may not vouch for role service/);
  });

  test('a member\'s service token is accepted at the secretariat, and refused at the gateway and at members', async () => {
    const caller = await net.verifier.verify(co);
    const token = await net.services.get('AR')!.token(caller);
    const { status, body } = await gql(net.secretariat.url, JIT_QUERY, {}, bearer(token));
    expect(status).toBe(200);
    expect((body.errors ?? []).filter((e) => e.extensions?.code === 'UNAUTHENTICATED')).toEqual([]);
    await refusedAt(services().filter(([name]) => name !== 'secretariat'), token, /Service tokens are not accepted here/);
  });

  test('a member\'s service key vouches for that member and the service role alone', async () => {
    const secretariat = services().filter(([name]) => name === 'secretariat');
    await refusedAt(secretariat, await arServiceToken({ country: 'CO', roles: ['service'] }), /issuer may not vouch for country CO/);
    await refusedAt(secretariat, await arServiceToken({ country: 'AR', roles: ['prosecutor'] }), /issuer may not vouch for role prosecutor/);
    await refusedAt(secretariat, await arServiceToken({ country: 'AR', roles: ['service', 'prosecutor'] }), /service role alone/);
    const fine = await gql(net.secretariat.url, JIT_QUERY, {}, bearer(await arServiceToken({ country: 'AR', roles: ['service'] })));
    expect(fine.status).toBe(200);
  });

  test('the caller a service call concerns is on the verified Caller as onBehalfOf; a malformed one is refused', async () => {
    const secretariat = createTokenVerifier(net.trust.trustedIssuers, { members: net.trust.members, partners: net.trust.partners, serviceAudience: SECRETARIAT_AUDIENCE });
    const caller = await net.verifier.verify(co);
    const verified = await secretariat.verify(await net.services.get('AR')!.token(caller));
    expect(verified).toMatchObject({ country: 'AR', roles: ['service'], issuer: net.trust.services.get('AR')!.issuer });
    expect(verified.onBehalfOf).toEqual({ subject: caller.subject, issuer: caller.issuer, country: 'CO', roles: ['prosecutor'] });
    await expect(secretariat.verify(await arServiceToken({ country: 'AR', roles: ['service'], obo: { sub: 'x', country: 'CO', roles: ['service'] } }))).rejects.toThrow(/claim "obo"/);
  });
});

describe('the member\'s JIT check', () => {
  test('works through the gateway: a JIT member\'s prosecutor working for the JIT identifies an Argentine victim, otherwise not', async () => {
    const forJit = await gql(net.gateway.url, VICTIM_QUERY, {}, bearer(co, 'Joint investigation', JIT));
    expect(forJit.body.data.person).toEqual({ id: VICTIM, familyNames: expect.stringMatching(new RegExp(`^${ANCHORS.victimAdultFamilyName}`)) });
    const notForJit = await gql(net.gateway.url, VICTIM_QUERY, {}, bearer(co));
    expect(notForJit.body.data.person.familyNames).toBeNull();
  });

  describe('seen from the secretariat\'s side', () => {
    let proxy: RecordingProxy;
    const extra: RunningMember[] = [];
    const memberAsking = async (service: ServiceIdentity | undefined) => {
      const store = new KuzuStore({ path: ':memory:', bufferPoolBytes: 64 * 1024 * 1024, readConnections: 1 });
      await seedMember(store, 'AR', { persons: 10, seed: SEED });
      // No pseudonym index: its batches would be requests of another kind at the secretariat.
      const m = await startMember({ country: 'AR', store, verifier: net.verifier, secretariatUrl: proxy.url, service, pseudonyms: null });
      extra.push(m);
      return m;
    };
    beforeAll(async () => {
      proxy = await recordingProxy(net.secretariat.url);
    });
    afterAll(async () => {
      for (const m of extra) await m.close();
      await proxy?.close();
    });

    test('the member asks with its own service identity naming the caller, never with the caller\'s token', async () => {
      const member = await memberAsking(net.services.get('AR'));
      proxy.seen.length = 0;
      const { body } = await gql(member.url, VICTIM_QUERY, {}, bearer(co, 'Joint investigation', JIT));
      expect(body.data.person.familyNames).toMatch(new RegExp(`^${ANCHORS.victimAdultFamilyName}`));
      expect(proxy.seen.length).toBeGreaterThan(0);
      for (const seen of proxy.seen) {
        const token = String(seen.headers.authorization).replace(/^Bearer /, '');
        expect(token).not.toBe(co);
        const claims = decodeJwt(token);
        expect(claims).toMatchObject({ country: 'AR', roles: ['service'], aud: SECRETARIAT_AUDIENCE, obo: { sub: 'prosecutor@co', country: 'CO', roles: ['prosecutor'] } });
        expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(60);
      }
    });

    test('a member without a service identity does not ask, and no JIT clause holds (it fails closed)', async () => {
      const member = await memberAsking(undefined);
      proxy.seen.length = 0;
      const { body } = await gql(member.url, VICTIM_QUERY, {}, bearer(co, 'Joint investigation', JIT));
      expect(body.data.person.familyNames).toBeNull();
      expect(proxy.seen).toEqual([]);
    });
  });
});
