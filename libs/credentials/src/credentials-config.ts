import { z } from 'zod';

import { LocalKeyWrapper } from './local-key-wrapper';
import type { KeyWrapper } from './sealed-secret';

/** The variables of every service that seals or opens cloud credentials. */
export const credentialsEnvShape = {
  CREDENTIALS_KEK: z
    .string({ error: 'required' })
    .refine(
      (value) => Buffer.from(value, 'base64').length === 32,
      'expected 32 bytes, base64-encoded',
    )
    .describe(
      'Key-encryption key (base64, 32 bytes) that wraps the data keys of cloud credentials; the same in every service',
    )
    .meta({ examples: ['<openssl rand -base64 32>'] }),
  CREDENTIALS_KEK_ID: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,64}$/, 'expected 1 to 64 letters, digits, dots, colons, dashes')
    .default('local-1')
    .describe('Name of CREDENTIALS_KEK, recorded with every sealed secret so the key can rotate'),
};

export interface CredentialsConfig {
  kekId: string;
  kek: Buffer;
}

export function credentialsConfig(parsed: {
  CREDENTIALS_KEK: string;
  CREDENTIALS_KEK_ID: string;
}): CredentialsConfig {
  return { kekId: parsed.CREDENTIALS_KEK_ID, kek: Buffer.from(parsed.CREDENTIALS_KEK, 'base64') };
}

/** Where the service's data keys are wrapped: the configured KEK, held in memory. */
export function keyWrapperFor(config: CredentialsConfig): KeyWrapper {
  return new LocalKeyWrapper(new Map([[config.kekId, config.kek]]), config.kekId);
}
