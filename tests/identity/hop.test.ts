/**
 * The bound gateway → member hop (issue 7, item 4; issue 23, item 4: one signature
 * per fan-out). Per fan-out the gateway signs one assertion with the SHA-256 of the
 * caller's token and purpose, and per member request a tag over that member, a
 * nonce sent to it alone and the SHA-256 of the body it sends. A member serves a
 * foreign caller only when its own tag (its name, the nonce it got, the body it
 * received) is in a valid assertion, once per nonce; its own office calls it
 * directly. What the gateway really sends is recorded by a proxy in front of AR,
 * then replayed as a member or an eavesdropper would.
 */
import { randomBytes } from 'node:crypto';
import { decodeJwt, generateKeyPair, importJWK, SignJWT } from 'jose';
import {
  createTokenVerifier, HOP_HEADER, HOP_ISSUER, HOP_NONCE_HEADER, hopTag, MEMBERS_AUDIENCE, sha256Base64url, type HopHeaders,
} from '@enlace/platform';
import { KuzuStore } from '@enlace/store';
import { startMember, type RunningMember } from '@enlace/member';
import { seedMember } from '@enlace/scripts/seed/load';
import { bearer, gql, SEED, startNetwork, type TestNetwork } from '../support/network';
import { recordingProxy, type RecordingProxy, type Seen } from './recordingProxy';

let net: TestNetwork;
let proxy: RecordingProxy;
let ar: string;
let co: string;
let pe: string;
const QUERY = '{ persons(countries: ["AR"], first: 2) { id } }';
const OTHER_QUERY = '{ persons(countries: ["AR"], first: 50) { id familyNames } }';
/** Asked of AR and CO in one fetch: one assertion, a tag for each. */
const FAN_OUT_QUERY = '{ persons(countries: ["AR", "CO"], first: 2) { id } }';

beforeAll(async () => {
  // The gateway reaches AR through the recording proxy.
  proxy = await recordingProxy();
  net = await startNetwork({ countries: ['AR', 'CO', 'PE'], persons: 20, directoryOverrides: { AR: proxy.url } });
  proxy.target = net.members.get('AR')!.url;
  [ar, co, pe] = await Promise.all(['AR', 'CO', 'PE'].map((country) => net.token({ country, roles: ['prosecutor'] })));
});
afterAll(async () => {
  await net?.close();
  await proxy?.close();
});

const memberUrl = (c: string) => net.members.get(c)!.url;

/** Posts exactly these bytes with exactly these headers (a replay). */
async function postRaw(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: { data?: any; errors?: any[] } }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
  return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: any[] } }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const headersOf = (seen: Seen): Record<string, string> =>
  Object.fromEntries(['authorization', 'x-enlace-purpose', 'x-enlace-case-ref', HOP_HEADER, HOP_NONCE_HEADER].filter((h) => typeof seen.headers[h] === 'string').map((h) => [h, seen.headers[h] as string]));

/** What the gateway sent to AR for one request of `token`. */
async function viaGateway(token: string, query = QUERY): Promise<Seen> {
  proxy.seen.length = 0;
  const { body } = await gql(net.gateway.url, query, {}, bearer(token));
  expect(body.errors).toBeUndefined();
  expect(proxy.seen).toHaveLength(1);
  return proxy.seen[0];
}

function expectRefused(answer: { status: number; body: { data?: unknown; errors?: any[] } }, reason: RegExp): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  expect({ status: answer.status, code: answer.body.errors?.[0]?.extensions?.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  expect(answer.body.errors![0].message).toMatch(reason);
  expect(answer.body.data).toBeUndefined();
}

test('through the gateway a foreign caller is served, and each member request carries an assertion with a tag for that member, its nonce and that body, for that token', async () => {
  const { body } = await gql(net.gateway.url, QUERY, {}, bearer(co));
  expect(body.errors).toBeUndefined();
  expect(body.data.persons).toHaveLength(2);
  const seen = await viaGateway(co);
  const claims = decodeJwt(seen.headers[HOP_HEADER] as string);
  const nonce = seen.headers[HOP_NONCE_HEADER] as string;
  expect(nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
  expect(claims).toMatchObject({
    iss: HOP_ISSUER,
    aud: MEMBERS_AUDIENCE,
    tags: [hopTag('AR', nonce, sha256Base64url(seen.body))],
    token_sha256: sha256Base64url(co),
    jti: expect.any(String),
  });
  expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(60);
  expect(JSON.parse(seen.body)).toEqual({ query: expect.stringContaining('persons'), variables: expect.any(Object) });
});

test('a fetch fanned out to several members carries one assertion: a tag per member request, none of them readable as a member\'s name', async () => {
  const seen = await viaGateway(pe, FAN_OUT_QUERY);
  const claims = decodeJwt(seen.headers[HOP_HEADER] as string) as { tags: string[] };
  expect(claims.tags).toHaveLength(2);
  expect(claims.tags).toContain(hopTag('AR', seen.headers[HOP_NONCE_HEADER] as string, sha256Base64url(seen.body)));
  // Nothing else: no member's name, only the caller's hashes and opaque tags (SHA-256, base64url).
  expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'purpose_sha256', 'tags', 'token_sha256']);
  for (const tag of claims.tags) expect(tag).toMatch(/^[A-Za-z0-9_-]{43}$/);
});

test('a foreign caller\'s token sent straight to a member without an assertion is refused; the member\'s own office is served without one', async () => {
  expectRefused(await gql(memberUrl('AR'), QUERY, {}, bearer(co), { relay: false }), /served only through the gateway/);
  expectRefused(await gql(memberUrl('CO'), QUERY, {}, bearer(pe), { relay: false }), /served only through the gateway/);
  const own = await gql(memberUrl('AR'), QUERY, {}, bearer(ar), { relay: false });
  expect(own.status).toBe(200);
  expect(own.body.errors).toBeUndefined();
  expect(own.body.data.persons).toHaveLength(2);
});

describe('what the gateway sent to AR for a Peruvian prosecutor, replayed', () => {
  let seen: Seen;
  beforeAll(async () => {
    seen = await viaGateway(pe);
  });

  test('at CO (as AR itself could): refused, the assertion is for another member', async () => {
    expectRefused(await postRaw(memberUrl('CO'), seen.body, headersOf(seen)), /does not cover this body at this member/);
  });

  test('at AR with another query: refused', async () => {
    expectRefused(await postRaw(memberUrl('AR'), JSON.stringify({ query: OTHER_QUERY, variables: {} }), headersOf(seen)), /does not cover this body at this member/);
  });

  test('at AR without its nonce, or with another: refused', async () => {
    const { [HOP_NONCE_HEADER]: _nonce, ...withoutNonce } = headersOf(seen);
    expectRefused(await postRaw(memberUrl('AR'), seen.body, withoutNonce), /without a valid nonce/);
    expectRefused(await postRaw(memberUrl('AR'), seen.body, { ...withoutNonce, [HOP_NONCE_HEADER]: randomBytes(16).toString('base64url') }), /does not cover this body at this member/);
  });

  test('at AR with another token (a Colombian prosecutor\'s): refused', async () => {
    expectRefused(await postRaw(memberUrl('AR'), seen.body, { ...headersOf(seen), authorization: `Bearer ${co}` }), /assertion is for another token/);
  });

  test('at AR with another purpose or case reference: refused', async () => {
    expectRefused(await postRaw(memberUrl('AR'), seen.body, { ...headersOf(seen), 'x-enlace-case-ref': 'OTHER-CASE' }), /another purpose or case reference/);
  });

  test('at AR exactly as sent: refused, each assertion is good for one request', async () => {
    expectRefused(await postRaw(memberUrl('AR'), seen.body, headersOf(seen)), /already used/);
  });
});

describe('a fetch fanned out to AR and CO for a Peruvian prosecutor', () => {
  let seen: Seen;
  beforeAll(async () => {
    // CO was served its own request of the same fetch: its tag is in the assertion AR received.
    seen = await viaGateway(pe, FAN_OUT_QUERY);
  });

  test('AR\'s request replayed at CO, with AR\'s nonce: refused, though CO\'s tag is in the list', async () => {
    expect((decodeJwt(seen.headers[HOP_HEADER] as string) as { tags: string[] }).tags).toHaveLength(2);
    expectRefused(await postRaw(memberUrl('CO'), seen.body, headersOf(seen)), /does not cover this body at this member/);
  });

  test('AR\'s request replayed at AR: refused, each nonce is good for one request', async () => {
    expectRefused(await postRaw(memberUrl('AR'), seen.body, headersOf(seen)), /already used/);
  });
});

describe('assertions made by hand', () => {
  const relayed = (token: string) => ({ token, purpose: bearer(token)['x-enlace-purpose'], caseRef: 'TEST-1' });
  const bodyOf = (query: string) => JSON.stringify({ query, variables: {} });
  const sign = (member: string, query: string, token: string) => net.hop.sign({ member, body: bodyOf(query), ...relayed(token) });
  const send = (url: string, query: string, token: string, hop: Partial<HopHeaders>) => gql(url, query, {}, { ...bearer(token), ...hop });

  test('the gateway\'s assertion for AR is accepted at AR, and refused at CO', async () => {
    const ok = await send(memberUrl('AR'), QUERY, pe, await sign('AR', QUERY, pe));
    expect(ok.status).toBe(200);
    expect(ok.body.errors).toBeUndefined();
    expectRefused(await send(memberUrl('CO'), QUERY, pe, await sign('AR', QUERY, pe)), /does not cover this body at this member/);
  });

  test('an assertion whose tag is over another query is refused', async () => {
    expectRefused(await send(memberUrl('AR'), OTHER_QUERY, pe, await sign('AR', QUERY, pe)), /does not cover this body at this member/);
  });

  test('one fan-out to AR and CO: AR\'s request (assertion and nonce) is refused at CO, each is served where it was meant to go', async () => {
    const [forAr, forCo] = await net.hop.signFanOut(relayed(pe), [{ member: 'AR', body: bodyOf(QUERY) }, { member: 'CO', body: bodyOf(QUERY) }]);
    expect(forAr[HOP_HEADER]).toBe(forCo[HOP_HEADER]); // one signature
    expectRefused(await send(memberUrl('CO'), QUERY, pe, forAr), /does not cover this body at this member/);
    for (const [country, proof] of [['AR', forAr], ['CO', forCo]] as const) {
      const ok = await send(memberUrl(country), QUERY, pe, proof);
      expect({ country, status: ok.status, errors: ok.body.errors }).toEqual({ country, status: 200, errors: undefined });
    }
  });

  test('a tag list holding AR\'s tag, with the body changed: refused, even when the new body is one the list covers at another member', async () => {
    const [forAr] = await net.hop.signFanOut(relayed(pe), [{ member: 'AR', body: bodyOf(QUERY) }, { member: 'CO', body: bodyOf(OTHER_QUERY) }]);
    expectRefused(await send(memberUrl('AR'), OTHER_QUERY, pe, forAr), /does not cover this body at this member/);
    expect((await send(memberUrl('AR'), QUERY, pe, forAr)).body.errors).toBeUndefined();
  });

  test('an expired assertion, one that lives too long, one issued in the future, one for another audience and one signed with another key are refused', async () => {
    const key = await importJWK(net.trust.gateway.privateJwk, 'ES256');
    const now = Math.floor(Date.now() / 1000);
    const make = async (k: Parameters<SignJWT['sign']>[0], iat: number, exp: number, audience = MEMBERS_AUDIENCE): Promise<HopHeaders> => {
      const nonce = randomBytes(16).toString('base64url');
      const claims = {
        tags: [hopTag('AR', nonce, sha256Base64url(bodyOf(QUERY)))], token_sha256: sha256Base64url(pe),
        purpose_sha256: sha256Base64url(JSON.stringify([bearer(pe)['x-enlace-purpose'], 'TEST-1'])),
      };
      const assertion = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: net.trust.gateway.privateJwk.kid, typ: 'enlace-hop+jwt' })
        .setIssuer(HOP_ISSUER).setAudience(audience).setJti(`${iat}-${exp}-${Math.random()}`).setIssuedAt(iat).setExpirationTime(exp).sign(k);
      return { [HOP_HEADER]: assertion, [HOP_NONCE_HEADER]: nonce };
    };
    expectRefused(await send(memberUrl('AR'), QUERY, pe, await make(key, now - 200, now - 100)), /assertion has expired/);
    expectRefused(await send(memberUrl('AR'), QUERY, pe, await make(key, now, now + 3600)), /lives too long/);
    expectRefused(await send(memberUrl('AR'), QUERY, pe, await make(key, now + 600, now + 630)), /no valid "iat"/); // issued in the future
    expectRefused(await send(memberUrl('AR'), QUERY, pe, await make(key, now, now + 30, 'enlace:member:AR')), /not one for members/); // the former one-member form
    expectRefused(await send(memberUrl('AR'), QUERY, pe, await make((await generateKeyPair('ES256')).privateKey, now, now + 30)), /cannot be verified/);
    // The same assertion, made properly, is accepted: the refusals above are for what differs.
    const fine = await send(memberUrl('AR'), QUERY, pe, await make(key, now, now + 30));
    expect(fine.body.errors).toBeUndefined();
  });
});

describe('a member that trusts no gateway', () => {
  let lone: RunningMember;
  beforeAll(async () => {
    const store = new KuzuStore({ path: ':memory:', bufferPoolBytes: 64 * 1024 * 1024, readConnections: 1 });
    await seedMember(store, 'AR', { persons: 10, seed: SEED });
    const verifier = createTokenVerifier(net.trust.trustedIssuers, { members: net.trust.members, partners: net.trust.partners });
    lone = await startMember({ country: 'AR', store, verifier });
  });
  afterAll(() => lone?.close());

  test('serves its own office, and no foreign caller even with a valid assertion', async () => {
    expect((await gql(lone.url, QUERY, {}, bearer(ar), { relay: false })).body.data.persons).toHaveLength(2);
    expectRefused(await gql(lone.url, QUERY, {}, bearer(co)), /trusts no gateway/);
  });
});
