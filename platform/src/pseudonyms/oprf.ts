/**
 * The pseudonyms' oblivious PRF in Node (oprfShared.ts says the construction):
 * each scalar multiplication is one ECDH computation of Node's own crypto
 * (OpenSSL), tens of times faster than JavaScript curve arithmetic. The
 * evaluator's key (PrfKey) and the members' bulk client (blindForPseudonyms)
 * live here; oprfBrowser.ts is the same client for a browser.
 */
import { createECDH, createHash, type ECDH } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  bigintToBytes, bytesToBigint, compressed, decodeElement, encodeElement, H1_ATTEMPTS, h1Candidate, inputBytes, invertScalar, notOnCurve, pseudonymFrom,
  PrfInputError, scalarFromBytes, toBase64url, type BlindedBatch, type Sha256,
} from './oprfShared';

const CURVE = 'prime256v1';
const sha256: Sha256 = (data) => createHash('sha256').update(data).digest();

/** x(s·P), P given by its x-coordinate, s the scalar `ecdh` holds; null when x is on no point of the curve. */
function multiply(ecdh: ECDH, x: Uint8Array): Buffer | null {
  try {
    return ecdh.computeSecret(compressed(x));
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_CRYPTO_ECDH_INVALID_PUBLIC_KEY') return null;
    throw err;
  }
}

/** x(s·H1(input)): the candidates are tried with the multiplication itself (an invalid one is refused at once). */
function multiplyHashed(ecdh: ECDH, input: Uint8Array): Buffer {
  for (let counter = 0; counter < H1_ATTEMPTS; counter++) {
    const out = multiply(ecdh, h1Candidate(sha256, input, counter));
    if (out) return out;
  }
  throw new PrfInputError(`no P-256 point found for an input in ${H1_ATTEMPTS} attempts`); // probability 2^-256
}

/**
 * Blinds inputs for the evaluator: for each, a fresh random scalar r and the
 * element x(r·H1(input)); `unblind` takes the evaluator's x(k·r·H1(input)), in
 * order, multiplies by r⁻¹ and hashes: F_k(input). The scalars stay in the
 * closure, never on the wire.
 */
export function blindForPseudonyms(inputs: readonly string[]): BlindedBatch {
  const ecdh = createECDH(CURVE);
  const encoded = inputs.map(inputBytes);
  const scalars: bigint[] = [];
  const elements = encoded.map((input) => {
    ecdh.generateKeys(); // a uniformly random scalar in [1, n-1], from OpenSSL
    scalars.push(bytesToBigint(ecdh.getPrivateKey()));
    return encodeElement(multiplyHashed(ecdh, input));
  });
  return {
    elements,
    unblind(evaluated) {
      if (evaluated.length !== encoded.length) throw new PrfInputError(`the evaluator answered ${evaluated.length} elements for ${encoded.length}`);
      return evaluated.map((text, i) => {
        const where = `evaluated element ${i}`;
        const z = decodeElement(text, where);
        ecdh.setPrivateKey(bigintToBytes(invertScalar(scalars[i])));
        const x = multiply(ecdh, z);
        if (!x) throw notOnCurve(where);
        return pseudonymFrom(sha256, encoded[i], x);
      });
    },
  };
}

/** The evaluator's key k: a P-256 scalar, held by the evaluator alone. */
export class PrfKey {
  private readonly ecdh = createECDH(CURVE);
  /** Names the key without revealing it (a hash of k·G): members tell which key their pseudonyms were made with. */
  readonly id: string;

  private constructor(private readonly scalar: Uint8Array) {
    this.ecdh.setPrivateKey(scalar);
    this.id = toBase64url(sha256(Buffer.concat([Buffer.from('enlace-prf-v1/key-id'), this.ecdh.getPublicKey(null, 'compressed')]))).slice(0, 16);
  }

  static generate(): PrfKey {
    const ecdh = createECDH(CURVE);
    ecdh.generateKeys();
    return new PrfKey(bigintToBytes(bytesToBigint(ecdh.getPrivateKey())));
  }

  static fromBytes(bytes: Uint8Array): PrfKey {
    scalarFromBytes(bytes, 'a pseudonym key');
    return new PrfKey(Uint8Array.from(bytes));
  }

  /** The key's 32 bytes, for its file. */
  bytes(): Uint8Array {
    return Uint8Array.from(this.scalar);
  }

  /** x(k·B) for each received element B, in order; an element that is not a P-256 x-coordinate is refused, naming its index. */
  evaluate(elements: readonly unknown[]): string[] {
    return elements.map((text, i) => {
      const where = `elements[${i}]`;
      const x = multiply(this.ecdh, decodeElement(text, where));
      if (!x) throw notOnCurve(where);
      return encodeElement(x);
    });
  }

  /** F_k(input) computed directly with the key (what a blinded round trip must give). */
  pseudonym(input: string): string {
    const bytes = inputBytes(input);
    return pseudonymFrom(sha256, bytes, multiplyHashed(this.ecdh, bytes));
  }
}

/** The key in `path` (32 bytes, base64url, one line); a one-line error naming the setting when it cannot be read. */
export function prfKeyFromFile(path: string, settingName = 'ENLACE_PRF_KEY_FILE'): PrfKey {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (err) {
    throw new Error(`${settingName}: cannot read the pseudonym key from ${path} (${(err as Error).message})`);
  }
  try {
    return PrfKey.fromBytes(Buffer.from(text, 'base64url'));
  } catch (err) {
    throw new Error(`${settingName}: ${path} does not hold a pseudonym key: ${(err as Error).message} (32 random bytes in base64url, one line)`);
  }
}

/** Writes a new random key to `path`, readable by its owner alone; never over an existing file (a key replaced would orphan every index). */
export function createPrfKeyFile(path: string): PrfKey {
  const key = PrfKey.generate();
  if (existsSync(path)) throw new Error(`${path} exists already: a pseudonym key is never overwritten`);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, Buffer.from(key.bytes()).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}
