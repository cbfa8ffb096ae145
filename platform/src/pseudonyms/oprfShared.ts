/**
 * What both clients of the pseudonyms' oblivious PRF and its evaluator share
 * (docs/PSEUDONYMS.md): the curve's numbers, the two hashes' byte layout, and
 * how a group element travels. A 2HashDH OPRF on P-256 with x-coordinates only:
 *
 *   H1(x)   = the first point whose x is SHA-256("enlace-prf-v1/H1" ‖ x ‖ c) mod p, c = 0, 1, …
 *   F_k(x)  = base64url(SHA-256("enlace-prf-v1/H2" ‖ x ‖ x-coordinate of k·H1(x)))
 *
 * x(r·P) depends only on x(P) (P and −P share it), so every party works on
 * x-coordinates and each scalar multiplication is one ECDH computation.
 * No Node imports here: a browser imports this through oprfBrowser.ts.
 */

/** The field prime p of P-256. */
export const P256_P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
/** The order n of P-256's group. */
export const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
/** A group element on the wire: its x-coordinate, 32 bytes big-endian, base64url (43 characters). */
export const PRF_ELEMENT_BYTES = 32;

const H1_DOMAIN = 'enlace-prf-v1/H1';
const H2_DOMAIN = 'enlace-prf-v1/H2';
/** Counters tried before giving up: each succeeds with probability about 1/2. */
export const H1_ATTEMPTS = 256;

export type Sha256 = (data: Uint8Array) => Uint8Array;

/** An element, scalar or input the PRF cannot take; the message says which and why. */
export class PrfInputError extends Error {
  override readonly name = 'PrfInputError';
}

const utf8 = new TextEncoder();

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The input's UTF-8 bytes; an empty input is refused (no identifier is empty). */
export function inputBytes(input: string): Uint8Array {
  if (typeof input !== 'string' || !input.length) throw new PrfInputError('an input to pseudonymise must be a non-empty text');
  return utf8.encode(input);
}

/** The candidate x-coordinate of H1(input) for one counter, as 32 bytes (SHA-256 mod p). */
export function h1Candidate(sha256: Sha256, input: Uint8Array, counter: number): Uint8Array {
  const digest = sha256(concat(utf8.encode(H1_DOMAIN), input, Uint8Array.of(counter)));
  return bigintToBytes(bytesToBigint(digest) % P256_P);
}

/** F_k(input) from x(k·H1(input)): the pseudonym. */
export function pseudonymFrom(sha256: Sha256, input: Uint8Array, x: Uint8Array): string {
  return toBase64url(sha256(concat(utf8.encode(H2_DOMAIN), input, x)));
}

/** 0x02 ‖ x: the compressed point with x-coordinate x (either sign serves: only x(r·P) is used). */
export function compressed(x: Uint8Array): Uint8Array {
  return concat(Uint8Array.of(2), x);
}

/** A received element: base64url of 32 bytes, not zero, below p (whether it is on the curve is the multiplication's check). */
export function decodeElement(text: unknown, where = 'element'): Uint8Array {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]+$/.test(text)) throw new PrfInputError(`${where}: must be a base64url text (the x-coordinate of a P-256 point)`);
  let bytes: Uint8Array;
  try {
    bytes = fromBase64url(text);
  } catch {
    throw new PrfInputError(`${where}: is not valid base64url`);
  }
  if (bytes.length !== PRF_ELEMENT_BYTES) throw new PrfInputError(`${where}: must be ${PRF_ELEMENT_BYTES} bytes (a P-256 x-coordinate), not ${bytes.length}`);
  const x = bytesToBigint(bytes);
  if (x === 0n) throw new PrfInputError(`${where}: is zero, not a P-256 x-coordinate`);
  if (x >= P256_P) throw new PrfInputError(`${where}: is not below the field prime of P-256`);
  return bytes;
}

export const encodeElement = (x: Uint8Array): string => toBase64url(x);

export const notOnCurve = (where = 'element') => new PrfInputError(`${where}: is not the x-coordinate of a point on P-256`);

/** r⁻¹ mod n (n is prime: Fermat). */
export function invertScalar(r: bigint): bigint {
  if (r <= 0n || r >= P256_N) throw new PrfInputError('a scalar must be in [1, n-1]');
  return modPow(r, P256_N - 2n, P256_N);
}

/** A scalar read from 32 bytes: in [1, n-1], or refused. */
export function scalarFromBytes(bytes: Uint8Array, what = 'the key'): bigint {
  const k = bytes.length === 32 ? bytesToBigint(bytes) : 0n;
  if (k <= 0n || k >= P256_N) throw new PrfInputError(`${what} must be 32 bytes holding a P-256 scalar in [1, n-1]`);
  return k;
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

export function bytesToBigint(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** 32 bytes big-endian. */
export function bigintToBytes(v: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 31, x = v; i >= 0; i--, x >>= 8n) out[i] = Number(x & 0xffn);
  return out;
}

export function toBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** A blinded batch: the elements to send, and how to turn the evaluator's answer (in order) into pseudonyms. */
export interface BlindedBatch {
  elements: string[];
  unblind(evaluated: readonly unknown[]): string[];
}
