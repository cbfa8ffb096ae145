/**
 * A partner's (or any API client's) pseudonym client for hit/no-hit, in plain JavaScript with
 * Node's own crypto, no dependency: the same construction as platform/src/pseudonyms/
 * (docs/PSEUDONYMS.md, "The oblivious PRF"), so a partner can copy this one file. The
 * identifier never leaves the client: only a blinded element r·H1(x) goes to the gateway's
 * POST /pseudonyms/evaluate, and the answer is unblinded here. A test checks it gives the
 * pseudonyms the network's key gives (tests/gateway/trustedDocuments.test.ts).
 */
import { createECDH, createHash } from 'node:crypto';

const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const sha256 = (...parts) => createHash('sha256').update(Buffer.concat(parts.map((p) => Buffer.from(p)))).digest();
const toBytes = (v) => Buffer.from(v.toString(16).padStart(64, '0'), 'hex');
const toBigint = (bytes) => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);

/** The text a document is pseudonymised as: its issuing country and its number's letters and digits, upper case. */
export function documentIdentifier(issuingCountry, number) {
  const digits = number.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().replace(/[^A-Z0-9]/g, '');
  return `document|${issuingCountry.trim().toUpperCase()}|${digits}`;
}

/** x(s·P) for P given by its x-coordinate; null when x is on no point. */
function multiply(ecdh, x) {
  try {
    return ecdh.computeSecret(Buffer.concat([Buffer.of(2), x]));
  } catch {
    return null;
  }
}

function modPow(b, e, m) {
  let r = 1n;
  for (b %= m; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
}

/** The pseudonyms of `inputs`, blinded through the evaluator the gateway at `gatewayUrl` relays to, asked with `token`. */
export async function pseudonymise(inputs, { gatewayUrl, token }) {
  const ecdh = createECDH('prime256v1');
  const blinded = inputs.map((input) => {
    ecdh.generateKeys();
    const r = toBigint(ecdh.getPrivateKey());
    for (let c = 0; c < 256; c++) {
      const candidate = toBytes(toBigint(sha256('enlace-prf-v1/H1', input, Buffer.of(c))) % P);
      const element = multiply(ecdh, candidate);
      if (element) return { input, r, element: element.toString('base64url') };
    }
    throw new Error('no point found');
  });
  const response = await fetch(new URL('/pseudonyms/evaluate', gatewayUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ elements: blinded.map((b) => b.element) }),
  });
  const answer = await response.json();
  if (response.status !== 200) throw new Error(`the evaluator refused: ${answer.errors?.[0]?.message ?? response.status} (${answer.errors?.[0]?.extensions?.code ?? 'error'})`);
  return blinded.map((b, i) => {
    ecdh.setPrivateKey(toBytes(modPow(b.r, N - 2n, N)));
    const y = multiply(ecdh, Buffer.from(answer.elements[i], 'base64url'));
    if (!y) throw new Error('the evaluator answered an element that is not on the curve');
    return sha256('enlace-prf-v1/H2', b.input, y).toString('base64url');
  });
}
