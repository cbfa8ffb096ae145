/**
 * A hit/no-hit reference as the code before issue 18 sealed it: the holder
 * bound in was "<issuer> <subject>" (no country) and the prefix HNH1. Tests use
 * it to show that such a reference opens for nobody now.
 */
import { createCipheriv, randomBytes } from 'node:crypto';

export function sealedTheOldWay(key: Buffer, recordId: string, holder: { issuer: string; subject: string }, prefix = 'HNH1.'): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(`${holder.issuer} ${holder.subject}`, 'utf8'));
  const body = Buffer.concat([cipher.update(JSON.stringify({ r: recordId, t: Date.now() }), 'utf8'), cipher.final()]);
  return prefix + Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
}
