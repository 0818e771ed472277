import type { Detector } from './detector';

const PRIVATE_KEY = /-----BEGIN (RSA |EC |OPENSSH |DSA |ENCRYPTED )?PRIVATE KEY-----/g;

/** Short names: the mask must not repeat the armour line. */
const KIND: Readonly<Record<string, string>> = {
  'RSA ': 'RSA',
  'EC ': 'EC',
  'OPENSSH ': 'SSH',
  'DSA ': 'DSA',
  'ENCRYPTED ': 'ENC',
};

export const privateKeyDetector: Detector = {
  category: 'private_key',
  pattern: PRIVATE_KEY,
  // The armour line says what follows; there is nothing to check without the key material.
  validate: () => true,
  /** `pem-key(RSA)`; PKCS #8 keys (no kind in the armour) are `pem-key(P8)`. */
  mask: (match) => `pem-key(${KIND[match.slice(11, match.length - 16)] ?? 'P8'})`,
};
