/**
 * The pseudonyms' OPRF client in pure JavaScript (@noble/curves' P-256), for a
 * browser: the console blinds a prosecutor's identifiers before they leave it.
 * Same elements on the wire and same pseudonyms as the Node client (oprf.ts);
 * slower (milliseconds per input), which is nothing for a check of a few
 * identifiers. No Node imports: this module, oprfShared.ts and @noble/* only.
 */
import { p256 } from '@noble/curves/p256';
import { sha256 as nobleSha256 } from '@noble/hashes/sha256';
import {
  bigintToBytes, bytesToBigint, compressed, decodeElement, encodeElement, H1_ATTEMPTS, h1Candidate, inputBytes, invertScalar, notOnCurve, P256_N,
  pseudonymFrom, PrfInputError, type BlindedBatch, type Sha256,
} from './oprfShared';

type Point = InstanceType<typeof p256.ProjectivePoint>;

const sha256: Sha256 = (data) => nobleSha256(data);

/** The point with x-coordinate x, or null when there is none. */
function pointAt(x: Uint8Array): Point | null {
  try {
    return p256.ProjectivePoint.fromHex(compressed(x));
  } catch {
    return null;
  }
}

function hashToPoint(input: Uint8Array): Point {
  for (let counter = 0; counter < H1_ATTEMPTS; counter++) {
    const point = pointAt(h1Candidate(sha256, input, counter));
    if (point) return point;
  }
  throw new PrfInputError(`no P-256 point found for an input in ${H1_ATTEMPTS} attempts`);
}

const xOf = (point: Point): Uint8Array => bigintToBytes(point.toAffine().x);

/** A random scalar in [1, n-1] (the browser's crypto.getRandomValues, through noble). */
function randomScalar(): bigint {
  const r = bytesToBigint(p256.utils.randomPrivateKey()) % P256_N;
  return r === 0n ? randomScalar() : r;
}

/** As blindForPseudonyms (oprf.ts), in pure JavaScript. */
export function blindForPseudonymsInBrowser(inputs: readonly string[]): BlindedBatch {
  const encoded = inputs.map(inputBytes);
  const scalars = encoded.map(() => randomScalar());
  const elements = encoded.map((input, i) => encodeElement(xOf(hashToPoint(input).multiply(scalars[i]))));
  return {
    elements,
    unblind(evaluated) {
      if (evaluated.length !== encoded.length) throw new PrfInputError(`the evaluator answered ${evaluated.length} elements for ${encoded.length}`);
      return evaluated.map((text, i) => {
        const where = `evaluated element ${i}`;
        const point = pointAt(decodeElement(text, where));
        if (!point) throw notOnCurve(where);
        return pseudonymFrom(sha256, encoded[i], xOf(point.multiply(invertScalar(scalars[i]))));
      });
    },
  };
}
