/**
 * The reference a hit/no-hit answer gives: opaque, and usable only by the
 * caller who received it. It is the record id and the caller, sealed with the
 * member's own key (AES-256-GCM, a fresh nonce each time): nobody else can read
 * it, two lookups of the same record give different references (so callers
 * cannot tell that two documents belong to one person), and when the caller
 * quotes it back (a cooperation request), the owner opens it and checks that
 * the one quoting it is the one it was given to: the same issuer, subject and
 * country (sameCaller), so that a namesake in another country of the same
 * identity provider cannot quote it.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { callerKey, type CallerIdentity } from '@enlace/platform';

/** What every reference of this format starts with. */
export const REFERENCE_PREFIX = 'HNH2.';
/**
 * Earlier formats, which open for nobody: HNH1 was bound to issuer and subject
 * only, so a namesake of another country could quote it. Named here so that the
 * caller who quotes one is told to search again rather than that it is not theirs.
 */
const RETIRED_PREFIXES = ['HNH1.'];

export const isRetiredReference = (given: string): boolean => RETIRED_PREFIXES.some((p) => given.startsWith(p));

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface SealedHit {
  /** The record the hit was on. */
  recordId: string;
  /** When the reference was given (ms since the epoch). */
  issuedAt: number;
}

export class HitReferences {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('The hit reference key must be 32 bytes');
  }

  /** A fresh random key (references then last as long as the process). */
  static randomKey(): Buffer {
    return randomBytes(32);
  }

  seal(recordId: string, caller: CallerIdentity, now = Date.now()): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    // The holder (its callerKey) is authenticated data: not inside the reference, but needed to open it.
    cipher.setAAD(Buffer.from(callerKey(caller), 'utf8'));
    const body = Buffer.concat([cipher.update(JSON.stringify({ r: recordId, t: now }), 'utf8'), cipher.final()]);
    return REFERENCE_PREFIX + Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
  }

  /** The hit a reference was given for, or null when it is not one of ours or was given to someone else. */
  open(reference: string, caller: CallerIdentity): SealedHit | null {
    if (typeof reference !== 'string' || !reference.startsWith(REFERENCE_PREFIX) || reference.length > 400) return null;
    const raw = Buffer.from(reference.slice(REFERENCE_PREFIX.length), 'base64url');
    if (raw.length <= NONCE_BYTES + TAG_BYTES) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, NONCE_BYTES));
      decipher.setAAD(Buffer.from(callerKey(caller), 'utf8'));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      const text = Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      const { r, t } = JSON.parse(text) as { r: unknown; t: unknown };
      return typeof r === 'string' && typeof t === 'number' ? { recordId: r, issuedAt: t } : null;
    } catch {
      return null; // altered, forged, or sealed for another holder
    }
  }
}
