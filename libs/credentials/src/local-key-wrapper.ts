import { gcmOpen, gcmSeal } from './aes-gcm';
import { type KeyWrapper, SecretUnsealError, type WrappedKey } from './sealed-secret';

/**
 * Wraps data keys with AES-256-GCM under KEKs held in memory (from a
 * Kubernetes secret). New keys are wrapped by the active KEK; older KEKs stay
 * listed so secrets sealed before a rotation still open.
 */
export class LocalKeyWrapper implements KeyWrapper {
  constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    private readonly activeKekId: string,
  ) {
    for (const [id, key] of keys) {
      if (key.length !== 32) throw new Error(`KEK ${id} must be 32 bytes, not ${key.length}`);
    }
    if (!keys.has(activeKekId)) throw new Error(`the active KEK ${activeKekId} is not configured`);
  }

  wrap(dataKey: Buffer): Promise<WrappedKey> {
    const kek = this.keys.get(this.activeKekId) as Buffer;
    const sealed = gcmSeal(kek, dataKey, Buffer.from(this.activeKekId));
    return Promise.resolve({
      kekId: this.activeKekId,
      wrappedDataKey: sealed.ciphertext,
      dataKeyIv: sealed.iv,
      dataKeyTag: sealed.tag,
    });
  }

  unwrap(wrapped: WrappedKey): Promise<Buffer> {
    const kek = this.keys.get(wrapped.kekId);
    if (!kek) return Promise.reject(new SecretUnsealError(`unknown KEK ${wrapped.kekId}`));
    try {
      return Promise.resolve(
        gcmOpen(
          kek,
          {
            ciphertext: Buffer.from(wrapped.wrappedDataKey),
            iv: Buffer.from(wrapped.dataKeyIv),
            tag: Buffer.from(wrapped.dataKeyTag),
          },
          Buffer.from(wrapped.kekId),
        ),
      );
    } catch {
      return Promise.reject(new SecretUnsealError('the data key does not unwrap'));
    }
  }
}
