/**
 * A secret under envelope encryption: the ciphertext is sealed with a data key
 * of its own, and that data key is sealed by a key-encryption key (KEK) named
 * by `kekId`. The shape matches `codex.events.v1.SealedSecret`.
 */
export interface SealedSecret {
  kekId: string;
  wrappedDataKey: Uint8Array;
  dataKeyIv: Uint8Array;
  dataKeyTag: Uint8Array;
  ciphertext: Uint8Array;
  iv: Uint8Array;
  tag: Uint8Array;
}

export interface WrappedKey {
  kekId: string;
  wrappedDataKey: Uint8Array;
  dataKeyIv: Uint8Array;
  dataKeyTag: Uint8Array;
}

/** Where data keys are sealed: a local KEK here, a KMS in production. */
export interface KeyWrapper {
  wrap(dataKey: Buffer): Promise<WrappedKey>;
  unwrap(wrapped: WrappedKey): Promise<Buffer>;
}

export class SecretUnsealError extends Error {
  constructor(reason: string) {
    super(`the sealed secret cannot be opened: ${reason}`);
    this.name = 'SecretUnsealError';
  }
}
