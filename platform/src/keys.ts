/**
 * Keys, as configured: public key sets (JWKS) to verify with, private keys to sign
 * with. Both live in files or behind URLs named by settings; nothing is embedded.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, importJWK, type JWK, type JWTVerifyGetKey, type KeyLike } from 'jose';

/** Algorithms accepted on any Enlace token: asymmetric only, never `none` or HMAC. */
export const ALGORITHMS = ['ES256', 'RS256', 'EdDSA'];

/** A JWKS: an http(s) URL, or a file path (optionally prefixed with file:). */
export function keySet(jwks: string): JWTVerifyGetKey {
  if (/^https?:\/\//.test(jwks)) return createRemoteJWKSet(new URL(jwks), { cooldownDuration: 30_000 });
  const path = jwks.replace(/^file:/, '');
  return createLocalJWKSet(JSON.parse(readFileSync(path, 'utf8')));
}

export interface SigningKey {
  key: KeyLike | Uint8Array;
  alg: string;
  kid?: string;
}

/** A private key in JWK form (with its `alg`, default ES256). */
export async function signingKey(jwk: JWK): Promise<SigningKey> {
  if (!jwk.d) throw new Error('the key is not a private key');
  const alg = jwk.alg ?? 'ES256';
  if (!ALGORITHMS.includes(alg)) throw new Error(`key algorithm ${alg} is not one of ${ALGORITHMS.join(', ')}`);
  return { key: await importJWK(jwk, alg), alg, kid: jwk.kid };
}

/** A private JWK read from the file a setting names; a one-line error naming the setting otherwise. */
export async function signingKeyFromFile(path: string, settingName: string): Promise<SigningKey> {
  let jwk: JWK;
  try {
    jwk = JSON.parse(readFileSync(path.replace(/^file:/, ''), 'utf8')) as JWK;
  } catch (err) {
    throw new Error(`${settingName}: cannot read a private JWK from ${path} (${(err as Error).message})`);
  }
  try {
    return await signingKey(jwk);
  } catch (err) {
    throw new Error(`${settingName}: ${(err as Error).message}`);
  }
}

/** SHA-256 of a text (UTF-8), base64url: how hop assertions bind bodies and tokens. */
export function sha256Base64url(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}
