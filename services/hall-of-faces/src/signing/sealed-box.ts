import { gcmOpen, gcmSeal } from '@codex/credentials';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Keys were sealed without associated data; an empty one keeps them opening. */
const NO_ASSOCIATED_DATA = Buffer.alloc(0);

/** AES-256-GCM, stored as nonce (12) ‖ tag (16) ‖ ciphertext. */
export function seal(key: Buffer, plaintext: Buffer): Buffer {
  const { iv, tag, ciphertext } = gcmSeal(key, plaintext, NO_ASSOCIATED_DATA);
  return Buffer.concat([iv, tag, ciphertext]);
}

export function open(key: Buffer, sealed: Buffer): Buffer {
  return gcmOpen(
    key,
    {
      iv: sealed.subarray(0, NONCE_BYTES),
      tag: sealed.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES),
      ciphertext: sealed.subarray(NONCE_BYTES + TAG_BYTES),
    },
    NO_ASSOCIATED_DATA,
  );
}
