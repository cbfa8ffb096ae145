/**
 * Verified tokens kept by their exact text (platform/src/verifiedTokens.ts), and the verifier
 * around them: what is kept lasts a short time and never past the token's expiry, only a token
 * that passed every check is kept, another token is verified afresh whoever it names, and the
 * store is bounded. Pure: a clock is given, and the verifier reads its keys from a file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { createTokenVerifier, VerifiedTokens, type TokenVerifier } from '@enlace/platform';

describe('the store of verified tokens', () => {
  let t = 1_000_000_000_000;
  const now = () => t;
  const exp = (secondsFromNow: number) => Math.floor(t / 1000) + secondsFromNow;

  test('keeps a token for the short time at most', () => {
    const tokens = new VerifiedTokens<string>({ ttlSeconds: 60, now });
    tokens.set('token-a', 'caller a', exp(3600));
    t += 59_000;
    expect(tokens.get('token-a')).toBe('caller a');
    t += 1_000;
    expect(tokens.get('token-a')).toBeUndefined();
    expect(tokens.size).toBe(0); // gone, not kept expired
  });

  test('never past the token\'s own expiry, and an expired token is not kept at all', () => {
    const tokens = new VerifiedTokens<string>({ ttlSeconds: 60, now });
    tokens.set('short', 'caller', exp(10));
    t += 9_000;
    expect(tokens.get('short')).toBe('caller');
    t += 1_000;
    expect(tokens.get('short')).toBeUndefined();
    tokens.set('expired', 'caller', exp(0));
    tokens.set('long expired', 'caller', exp(-100));
    tokens.set('no exp', 'caller', Number.NaN);
    expect(tokens.size).toBe(0);
  });

  test('knows a token by its exact text only', () => {
    const tokens = new VerifiedTokens<string>({ now });
    tokens.set('eyJ.a.sig', 'caller', exp(600));
    expect(tokens.get('eyJ.a.sig ')).toBeUndefined();
    expect(tokens.get('eyJ.a.siG')).toBeUndefined();
    expect(tokens.get('eyJ.a.sig')).toBe('caller');
  });

  test('is bounded: the least recently used token goes first', () => {
    const tokens = new VerifiedTokens<number>({ maxEntries: 3, now });
    for (const i of [1, 2, 3]) tokens.set(`token-${i}`, i, exp(600));
    expect(tokens.get('token-1')).toBe(1); // used: now the most recent
    tokens.set('token-4', 4, exp(600));
    expect(tokens.size).toBe(3);
    expect(tokens.get('token-2')).toBeUndefined();
    expect([1, 3, 4].map((i) => tokens.get(`token-${i}`))).toEqual([1, 3, 4]);
    for (let i = 5; i < 1000; i++) tokens.set(`token-${i}`, i, exp(600));
    expect(tokens.size).toBe(3);
  });
});

describe('the verifier keeps verified tokens only', () => {
  const ISSUER = 'https://idp.test.ar';
  let dir: string;
  let key: KeyLike;
  let verifier: TokenVerifier;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'enlace-verified-'));
    const pair = await generateKeyPair('ES256');
    key = pair.privateKey;
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), alg: 'ES256', kid: 'k1' }] }));
    verifier = createTokenVerifier([{ issuer: ISSUER, jwks: join(dir, 'jwks.json'), countries: ['AR'], roles: ['prosecutor', 'analyst'] }], { members: ['AR', 'CO'] });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => jest.useRealTimers());

  const token = (claims: Record<string, unknown>, lifetimeSeconds = 3600, signWith: KeyLike = key) =>
    new SignJWT({ country: 'AR', roles: ['prosecutor'], ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(ISSUER).setAudience('enlace').setSubject('ana').setIssuedAt().setExpirationTime(`${lifetimeSeconds}s`)
      .sign(signWith);

  test('a token is verified once, then served as the same frozen caller', async () => {
    const t = await token({});
    await verifier.verify(t);
    const again = await verifier.verify(t);
    expect(await verifier.verify(t)).toBe(again);
    expect(Object.isFrozen(again) && Object.isFrozen(again.roles)).toBe(true);
  });

  test('another token of the same subject is verified afresh: a forged one is refused, another role is read from it', async () => {
    await verifier.verify(await token({}));
    const other = await generateKeyPair('ES256');
    await expect(verifier.verify(await token({}, 3600, other.privateKey))).rejects.toThrow('Token signature cannot be verified');
    expect((await verifier.verify(await token({ roles: ['analyst'] }))).roles).toEqual(['analyst']);
    const tampered = (await token({})).replace(/\.([^.]+)\./, (_, payload: string) => `.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), roles: ['analyst', 'prosecutor'] })).toString('base64url')}.`);
    await expect(verifier.verify(tampered)).rejects.toThrow('Token signature cannot be verified');
  });

  test('a refused token is refused every time, never kept', async () => {
    const t = await token({ country: 'CO' });
    for (let i = 0; i < 3; i++) await expect(verifier.verify(t)).rejects.toThrow('Token issuer may not vouch for country CO');
  });

  test('an expired token is refused although it was verified and kept', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const t = await token({}, 20);
    const caller = await verifier.verify(t);
    jest.setSystemTime(Date.now() + 15_000);
    expect((await verifier.verify(t)).subject).toBe(caller.subject); // kept, not expired
    // 55 s after it was kept, within the store's 60 s, 35 s past its expiry: beyond the signature check's clock tolerance too.
    jest.setSystemTime(Date.now() + 40_000);
    await expect(verifier.verify(t)).rejects.toThrow('Token has expired');
  });
});
