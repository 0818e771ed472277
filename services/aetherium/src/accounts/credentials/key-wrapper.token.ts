/** Injection token of the KeyWrapper (`@codex/credentials`): LocalKeyWrapper now, a KMS adapter later. */
export const KEY_WRAPPER = Symbol('KEY_WRAPPER');
