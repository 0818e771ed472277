import { randomBytes } from 'node:crypto';

import { gcmOpen, gcmSeal } from './aes-gcm';
import { type KeyWrapper, type SealedSecret, SecretUnsealError } from './sealed-secret';

/**
 * Seals a secret under a fresh data key. `context` (e.g. tenant and account
 * id) is bound as associated data, so a sealed secret copied onto another
 * account does not open.
 */
export async function sealSecret(
  plaintext: string,
  wrapper: KeyWrapper,
  context: string,
): Promise<SealedSecret> {
  const dataKey = randomBytes(32);
  try {
    const sealed = gcmSeal(dataKey, Buffer.from(plaintext, 'utf8'), Buffer.from(context));
    return { ...(await wrapper.wrap(dataKey)), ...sealed };
  } finally {
    dataKey.fill(0);
  }
}

export async function openSealedSecret(
  sealed: SealedSecret,
  wrapper: KeyWrapper,
  context: string,
): Promise<string> {
  const dataKey = await wrapper.unwrap(sealed);
  try {
    return gcmOpen(
      dataKey,
      {
        ciphertext: Buffer.from(sealed.ciphertext),
        iv: Buffer.from(sealed.iv),
        tag: Buffer.from(sealed.tag),
      },
      Buffer.from(context),
    ).toString('utf8');
  } catch {
    throw new SecretUnsealError('the ciphertext or its context does not match');
  } finally {
    dataKey.fill(0);
  }
}
