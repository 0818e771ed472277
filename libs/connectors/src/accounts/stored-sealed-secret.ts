import type { SealedSecret } from '@codex/credentials';

/** The one stored form of a SealedSecret: its byte fields in base64, as a jsonb column holds it. */
export interface StoredSealedSecret {
  kekId: string;
  wrappedDataKey: string;
  dataKeyIv: string;
  dataKeyTag: string;
  ciphertext: string;
  iv: string;
  tag: string;
}

export function storeSealedSecret(sealed: SealedSecret): StoredSealedSecret {
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  return {
    kekId: sealed.kekId,
    wrappedDataKey: base64(sealed.wrappedDataKey),
    dataKeyIv: base64(sealed.dataKeyIv),
    dataKeyTag: base64(sealed.dataKeyTag),
    ciphertext: base64(sealed.ciphertext),
    iv: base64(sealed.iv),
    tag: base64(sealed.tag),
  };
}

export function sealedSecretFromStore(stored: StoredSealedSecret): SealedSecret {
  const bytes = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));
  return {
    kekId: stored.kekId,
    wrappedDataKey: bytes(stored.wrappedDataKey),
    dataKeyIv: bytes(stored.dataKeyIv),
    dataKeyTag: bytes(stored.dataKeyTag),
    ciphertext: bytes(stored.ciphertext),
    iv: bytes(stored.iv),
    tag: bytes(stored.tag),
  };
}
