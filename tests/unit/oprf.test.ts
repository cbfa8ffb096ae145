/**
 * The pseudonyms' oblivious PRF (platform/src/pseudonyms): both clients, blinded and
 * unblinded around the evaluator, give F_k(x) as the key computes it directly; blinding hides the
 * input; another key gives other pseudonyms; what is not a P-256 x-coordinate is refused.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  blindForPseudonyms, blindForPseudonymsInBrowser, createPrfKeyFile, P256_P, PrfInputError, PrfKey, prfKeyFromFile, type BlindedBatch,
} from '@enlace/platform';

const clients: Array<[string, (inputs: readonly string[]) => BlindedBatch, number]> = [
  ['Node (native ECDH)', blindForPseudonyms, 100],
  ['browser (@noble/curves)', blindForPseudonymsInBrowser, 20],
];

const key = PrfKey.generate();
const roundTrip = (blind: (inputs: readonly string[]) => BlindedBatch, inputs: string[], k = key) => {
  const batch = blind(inputs);
  return batch.unblind(k.evaluate(batch.elements));
};

const element = (x: bigint, bytes = 32) => Buffer.from(x.toString(16).padStart(bytes * 2, '0'), 'hex').toString('base64url');

// P-256: y² = x³ − 3x + b. An x is a point's coordinate when the right side is a square mod p (Euler's criterion).
const B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;
const modPow = (b: bigint, e: bigint, m: bigint): bigint => {
  let r = 1n;
  for (b %= m; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
};
const onCurve = (x: bigint) => {
  const rhs = (((x * x * x - 3n * x + B) % P256_P) + P256_P) % P256_P;
  return rhs === 0n || modPow(rhs, (P256_P - 1n) / 2n, P256_P) === 1n;
};
const offCurveX = (() => {
  let x = 1n;
  while (onCurve(x)) x++;
  return x;
})();

describe.each(clients)('the %s client', (_name, blind, runs) => {
  it('gives, through the evaluator, the pseudonym the key computes directly, for any input', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }), { minLength: 1, maxLength: 4 }), (inputs) => {
        expect(roundTrip(blind, inputs)).toEqual(inputs.map((x) => key.pseudonym(x)));
      }),
      { numRuns: runs },
    );
  });

  it('sends elements that change with every blinding and that are not the pseudonym', () => {
    const input = 'doc:AR:AAB123456';
    const first = blind([input, input]);
    const second = blind([input]);
    const elements = [...first.elements, ...second.elements];
    expect(new Set(elements).size).toBe(3);
    for (const e of elements) expect(Buffer.from(e, 'base64url')).toHaveLength(32);
    expect(elements).not.toContain(key.pseudonym(input));
    // Unrelated as bits too: two blindings of one input agree on about half their bits, as random strings do.
    const a = Buffer.from(first.elements[0], 'base64url');
    const b = Buffer.from(second.elements[0], 'base64url');
    let same = 0;
    for (let i = 0; i < 32; i++) for (let bit = 0; bit < 8; bit++) same += ((a[i] ^ b[i]) >> bit) & 1 ? 0 : 1;
    expect(same).toBeGreaterThan(80);
    expect(same).toBeLessThan(176);
    // …and both unblind to the same pseudonym.
    expect(first.unblind(key.evaluate(first.elements))).toEqual([key.pseudonym(input), key.pseudonym(input)]);
    expect(second.unblind(key.evaluate(second.elements))).toEqual([key.pseudonym(input)]);
  });

  it('gives other pseudonyms under another key, and for other inputs', () => {
    const other = PrfKey.generate();
    const [a, b] = roundTrip(blind, ['doc:AR:AAB123456', 'doc:AR:AAB123457'], other);
    expect(a).toBe(other.pseudonym('doc:AR:AAB123456'));
    expect(a).not.toBe(key.pseudonym('doc:AR:AAB123456'));
    expect(a).not.toBe(b);
    expect(other.id).not.toBe(key.id);
  });

  it('refuses an evaluated element that is not a P-256 x-coordinate, and an answer of the wrong length', () => {
    const batch = blind(['doc:AR:1', 'doc:AR:2']);
    const good = key.evaluate(batch.elements)[0];
    expect(() => batch.unblind([good, element(offCurveX)])).toThrow('evaluated element 1: is not the x-coordinate of a point on P-256');
    expect(() => batch.unblind([good, element(0n)])).toThrow('evaluated element 1: is zero');
    expect(() => batch.unblind([good])).toThrow('the evaluator answered 1 elements for 2');
  });

  it('refuses an empty input', () => {
    expect(() => blind(['doc:AR:1', ''])).toThrow(PrfInputError);
  });
});

describe('the evaluator', () => {
  it('refuses what is not the x-coordinate of a P-256 point, naming the element', () => {
    const good = blindForPseudonyms(['x']).elements[0];
    expect(onCurve(offCurveX)).toBe(false);
    const refused: Array<[unknown, string]> = [
      [element(offCurveX), 'elements[1]: is not the x-coordinate of a point on P-256'],
      [element(0n), 'elements[1]: is zero, not a P-256 x-coordinate'],
      [element(P256_P), 'elements[1]: is not below the field prime of P-256'],
      [element(1n, 33), 'elements[1]: must be 32 bytes (a P-256 x-coordinate), not 33'],
      [element(1n, 31), 'elements[1]: must be 32 bytes (a P-256 x-coordinate), not 31'],
      ['not base64!', 'elements[1]: must be a base64url text'],
      [42, 'elements[1]: must be a base64url text'],
    ];
    for (const [bad, message] of refused) {
      expect(() => key.evaluate([good, bad])).toThrow(PrfInputError);
      expect(() => key.evaluate([good, bad])).toThrow(message);
    }
    // An x on the curve is taken, whichever of its two points was meant.
    let x = 1n;
    while (!onCurve(x)) x++;
    expect(key.evaluate([element(x)])).toHaveLength(1);
  });

  it('refuses a key that is not a scalar in [1, n-1]', () => {
    expect(() => PrfKey.fromBytes(new Uint8Array(32))).toThrow('a pseudonym key must be 32 bytes holding a P-256 scalar in [1, n-1]');
    expect(() => PrfKey.fromBytes(new Uint8Array(32).fill(255))).toThrow(PrfInputError);
    expect(() => PrfKey.fromBytes(new Uint8Array(16).fill(1))).toThrow(PrfInputError);
  });
});

describe('the key file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'enlace-prf-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is made readable by its owner alone, read back as the same key, and never overwritten', () => {
    const path = join(dir, 'keys', 'prf.key');
    const made = createPrfKeyFile(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const read = prfKeyFromFile(path);
    expect(read.id).toBe(made.id);
    expect(read.pseudonym('doc:CO:77')).toBe(made.pseudonym('doc:CO:77'));
    expect(() => createPrfKeyFile(path)).toThrow('exists already');
    expect(readFileSync(path, 'utf8').trim()).toBe(Buffer.from(made.bytes()).toString('base64url'));
  });

  it('that is missing or holds no key is refused naming the setting', () => {
    expect(() => prfKeyFromFile(join(dir, 'none'))).toThrow(/^ENLACE_PRF_KEY_FILE: cannot read the pseudonym key from/);
    const bad = join(dir, 'bad.key');
    writeFileSync(bad, 'AAAA\n');
    expect(() => prfKeyFromFile(bad)).toThrow(/^ENLACE_PRF_KEY_FILE: .* does not hold a pseudonym key/);
  });
});

test('the browser client imports nothing of Node: only its shared module and @noble/*', () => {
  const dir = join(__dirname, '..', '..', 'platform', 'src', 'pseudonyms');
  for (const file of ['oprfBrowser.ts', 'oprfShared.ts']) {
    const text = readFileSync(join(dir, file), 'utf8');
    const imported = [...text.matchAll(/\bfrom\s+'([^']+)'/g), ...text.matchAll(/\brequire\('([^']+)'\)/g)].map((m) => m[1]);
    for (const name of imported) expect(name).toMatch(/^(\.\/oprfShared|@noble\/(curves|hashes)\/[a-z0-9]+)$/);
    expect(text).not.toMatch(/\bBuffer\b|\bprocess\./);
  }
});
