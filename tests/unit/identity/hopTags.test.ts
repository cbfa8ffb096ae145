/**
 * The hop's signer and verifier on their own, without a network (hop.ts; the real
 * gateway and members are in hop.test.ts): one assertion per fan-out, a tag and a
 * nonce per member request, a large fan-out signed in parts, and what a member
 * refuses of another member's request.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, exportJWK, generateKeyPair } from 'jose';
import {
  createHopSigner, createHopVerifier, HOP_HEADER, HOP_NONCE_HEADER, hopTag, sha256Base64url, signingKey,
  type HopHeaders, type HopSigner, type HopVerifier, type MemberBody,
} from '@enlace/platform';

let dir: string;
let signer: HopSigner;
let verifier: HopVerifier;
const caller = { token: 'token-of-a-peruvian-prosecutor', purpose: 'Investigation', caseRef: 'C-1' };
const bodyOf = (n: number) => JSON.stringify({ query: `{ persons(first: ${n}) { id } }`, variables: {} });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'enlace-hop-'));
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  signer = createHopSigner(await signingKey({ ...(await exportJWK(privateKey)), alg: 'ES256', kid: 'gw' }));
  const jwks = join(dir, 'gateway.jwks.json');
  writeFileSync(jwks, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), alg: 'ES256', kid: 'gw', use: 'sig' }] }));
  verifier = createHopVerifier(jwks);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const proofOf = (h: HopHeaders) => ({ assertion: h[HOP_HEADER], nonce: h[HOP_NONCE_HEADER] });
const at = (member: string, body: string) => ({ member, body, ...caller });

test('a fan-out is one assertion with a sorted tag per request; each request carries it and a nonce of its own', async () => {
  const requests: MemberBody[] = ['PE', 'AR', 'CO'].map((member) => ({ member, body: bodyOf(5) }));
  const headers = await signer.signFanOut(caller, requests);
  expect(new Set(headers.map((h) => h[HOP_HEADER])).size).toBe(1);
  expect(new Set(headers.map((h) => h[HOP_NONCE_HEADER])).size).toBe(3);
  const { tags } = decodeJwt(headers[0][HOP_HEADER]) as { tags: string[] };
  const expected = requests.map((r, i) => hopTag(r.member, headers[i][HOP_NONCE_HEADER], sha256Base64url(r.body)));
  expect(tags).toEqual([...expected].sort());
  for (const [i, r] of requests.entries()) await expect(verifier.verify(proofOf(headers[i]), at(r.member, r.body))).resolves.toBeUndefined();
});

test('another member\'s request of the same fan-out is refused; that member\'s own is served once', async () => {
  const [forAr, forCo] = await signer.signFanOut(caller, [{ member: 'AR', body: bodyOf(5) }, { member: 'CO', body: bodyOf(5) }]);
  await expect(verifier.verify(proofOf(forAr), at('CO', bodyOf(5)))).rejects.toThrow(/does not cover this body at this member/);
  // CO's nonce with AR's tag list is CO's own request: accepted once, then spent.
  await expect(verifier.verify(proofOf(forCo), at('CO', bodyOf(5)))).resolves.toBeUndefined();
  await expect(verifier.verify(proofOf(forCo), at('CO', bodyOf(5)))).rejects.toThrow(/already used/);
});

test('a member\'s tag with the body changed is refused, even to a body another member\'s tag covers', async () => {
  const [forAr] = await signer.signFanOut(caller, [{ member: 'AR', body: bodyOf(5) }, { member: 'CO', body: bodyOf(6) }]);
  await expect(verifier.verify(proofOf(forAr), at('AR', bodyOf(6)))).rejects.toThrow(/does not cover this body at this member/);
  await expect(verifier.verify(proofOf(forAr), at('AR', bodyOf(5)))).resolves.toBeUndefined();
});

test('another token, purpose or case reference is refused', async () => {
  const h = await signer.sign(at('AR', bodyOf(5)));
  await expect(verifier.verify(proofOf(h), { ...at('AR', bodyOf(5)), token: 'another' })).rejects.toThrow(/another token/);
  await expect(verifier.verify(proofOf(h), { ...at('AR', bodyOf(5)), caseRef: 'C-2' })).rejects.toThrow(/another purpose or case reference/);
});

test('a fan-out of more than 64 requests is signed in parts of 64, each request good at its member', async () => {
  const requests = Array.from({ length: 70 }, (_, i) => ({ member: `M${String.fromCharCode(65 + (i % 26))}`, body: bodyOf(i) }));
  const headers = await signer.signFanOut(caller, requests);
  const assertions = [...new Set(headers.map((h) => h[HOP_HEADER]))];
  expect(assertions.map((a) => (decodeJwt(a) as { tags: string[] }).tags.length)).toEqual([64, 6]);
  expect(Math.max(...assertions.map((a) => a.length))).toBeLessThan(8192);
  for (const [i, r] of requests.entries()) await expect(verifier.verify(proofOf(headers[i]), at(r.member, r.body))).resolves.toBeUndefined();
});

test('no assertion, or no valid nonce, is refused', async () => {
  const h = await signer.sign(at('AR', bodyOf(5)));
  await expect(verifier.verify({ assertion: null, nonce: h[HOP_NONCE_HEADER] }, at('AR', bodyOf(5)))).rejects.toThrow(/served only through the gateway/);
  await expect(verifier.verify({ assertion: h[HOP_HEADER], nonce: null }, at('AR', bodyOf(5)))).rejects.toThrow(/without a valid nonce/);
  await expect(verifier.verify({ assertion: h[HOP_HEADER], nonce: 'short' }, at('AR', bodyOf(5)))).rejects.toThrow(/without a valid nonce/);
});
