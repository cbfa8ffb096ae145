/**
 * The reference a hit/no-hit answer gives: opaque, and usable only by the
 * caller who received it. It is the record id and the caller, sealed with the
 * member's own key (AES-256-GCM, a fresh nonce each time): nobody else can read
 * it, two lookups of the same record give different references (so callers
 * cannot tell that two documents belong to one person), and when the caller
 * quotes it back (a cooperation request), the owner opens it and checks that
 * the one quoting it is the one it was given to.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Caller } from '@enlace/common';

const PREFIX = 'HNH1.';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface SealedHit {
  /** The record the hit was on. */
  recordId: string;
  /** When the reference was given (ms since the epoch). */
  issuedAt: number;
}

/** Who a reference is bound to: the caller's issuer and subject. */
const holderOf = (caller: Pick<Caller, 'issuer' | 'subject'>): string => `${caller.issuer} ${caller.subject}`;

export class HitReferences {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('The hit reference key must be 32 bytes');
  }

  /** A fresh random key (references then last as long as the process). */
  static randomKey(): Buffer {
    return randomBytes(32);
  }

  seal(recordId: string, caller: Pick<Caller, 'issuer' | 'subject'>, now = Date.now()): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    // The holder is authenticated data: not inside the reference, but needed to open it.
    cipher.setAAD(Buffer.from(holderOf(caller), 'utf8'));
    const body = Buffer.concat([cipher.update(JSON.stringify({ r: recordId, t: now }), 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
  }

  /** The hit a reference was given for, or null when it is not one of ours or was given to someone else. */
  open(reference: string, caller: Pick<Caller, 'issuer' | 'subject'>): SealedHit | null {
    if (typeof reference !== 'string' || !reference.startsWith(PREFIX) || reference.length > 400) return null;
    const raw = Buffer.from(reference.slice(PREFIX.length), 'base64url');
    if (raw.length <= NONCE_BYTES + TAG_BYTES) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, NONCE_BYTES));
      decipher.setAAD(Buffer.from(holderOf(caller), 'utf8'));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      const text = Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      const { r, t } = JSON.parse(text) as { r: unknown; t: unknown };
      return typeof r === 'string' && typeof t === 'number' ? { recordId: r, issuedAt: t } : null;
    } catch {
      return null; // altered, forged, or sealed for another holder
    }
  }
}
