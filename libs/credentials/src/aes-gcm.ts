import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface GcmSealed {
  ciphertext: Buffer;
  iv: Buffer;
  tag: Buffer;
}

export function gcmSeal(key: Buffer, plaintext: Buffer, associatedData: Buffer): GcmSealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(associatedData);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext, iv, tag: cipher.getAuthTag() };
}

/** Throws when the key is wrong or anything (ciphertext, IV, tag, associated data) was altered. */
export function gcmOpen(key: Buffer, sealed: GcmSealed, associatedData: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv);
  decipher.setAAD(associatedData);
  decipher.setAuthTag(sealed.tag);
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
}
