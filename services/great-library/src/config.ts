import {
  env,
  parseEnvOrExit,
  type PlatformConfig,
  platformEnvSchema,
  toPlatformConfig,
} from '@codex/config';
import type { ProviderEndpoints } from '@codex/connectors';
import { type CredentialsConfig, credentialsConfig, credentialsEnvShape } from '@codex/credentials';
import { z } from 'zod';

export const SERVICE_NAME = 'great-library';

const wholeNumber = (min: number) =>
  z.coerce
    .number({ error: 'expected a number' })
    .int('expected a whole number')
    .min(min, `expected a number of at least ${min}`);

/** Every variable great-library reads. The only file of the service that touches process.env. */
export const configSchema = platformEnvSchema.extend({
  ...credentialsEnvShape,
  AWS_ENDPOINT_URL: env
    .url(['http', 'https'])
    .optional()
    .describe('Overrides the AWS endpoints, e.g. a local moto server (unset for real AWS)'),
  AZURE_ENDPOINT_URL: env
    .url(['http', 'https'])
    .optional()
    .describe(
      'Overrides Azure Resource Manager and the Entra ID authority, e.g. the local Azure sandbox',
    ),
  GCP_ENDPOINT_URL: env
    .url(['http', 'https'])
    .optional()
    .describe('Overrides the Google Cloud APIs, e.g. the local GCS sandbox (unset for real GCP)'),
  STORAGE_SIGNED_URL_MAX_SECONDS: env
    .positiveInt()
    .default(900)
    .describe('Longest life of a signed download or upload URL'),
  STORAGE_LIST_MAX_PAGE: env
    .positiveInt()
    .default(1000)
    .describe(
      'Most entries one page of an object listing returns (the providers cap at 1000 or 5000)',
    ),
  STORAGE_DISCOVERY_MAX_OBJECTS: env
    .positiveInt()
    .default(1_000_000)
    .describe('Objects a discovery counts per bucket before it reports its figures as partial'),
  STORAGE_DISCOVERY_INTERVAL_MINUTES: wholeNumber(0)
    .default(60)
    .describe('Minutes between scheduled discoveries of each account; 0 turns scheduling off'),
  STORAGE_BULK_MAX_OBJECTS: env
    .positiveInt()
    .default(100_000)
    .describe('The largest maxObjects a bulk copy, move, class change or delete may ask for'),
  STORAGE_SCAN_BYTES_PER_OBJECT: env
    .positiveInt()
    .default(65_536)
    .describe('Bytes the classifier reads from the start of each sampled object'),
  STORAGE_SCAN_OBJECTS_PER_PREFIX: env
    .positiveInt()
    .default(50)
    .describe('Objects the classifier samples under each prefix'),
});

export interface StorageSettings {
  signedUrlMaxSeconds: number;
  listMaxPage: number;
  discoveryMaxObjects: number;
  discoveryIntervalMinutes: number;
  bulkMaxObjects: number;
  scanBytesPerObject: number;
  scanObjectsPerPrefix: number;
}

export type ServiceConfig = PlatformConfig & {
  credentials: CredentialsConfig;
  endpoints: ProviderEndpoints;
  storage: StorageSettings;
};

export function loadConfig(env: Record<string, string | undefined> = process.env): ServiceConfig {
  const parsed = parseEnvOrExit(SERVICE_NAME, configSchema, env);
  return {
    ...toPlatformConfig(SERVICE_NAME, parsed),
    credentials: credentialsConfig(parsed),
    endpoints: Object.fromEntries(
      Object.entries({
        aws: parsed.AWS_ENDPOINT_URL,
        azure: parsed.AZURE_ENDPOINT_URL,
        gcp: parsed.GCP_ENDPOINT_URL,
      }).filter(([, endpoint]) => endpoint !== undefined),
    ),
    storage: {
      signedUrlMaxSeconds: parsed.STORAGE_SIGNED_URL_MAX_SECONDS,
      listMaxPage: parsed.STORAGE_LIST_MAX_PAGE,
      discoveryMaxObjects: parsed.STORAGE_DISCOVERY_MAX_OBJECTS,
      discoveryIntervalMinutes: parsed.STORAGE_DISCOVERY_INTERVAL_MINUTES,
      bulkMaxObjects: parsed.STORAGE_BULK_MAX_OBJECTS,
      scanBytesPerObject: parsed.STORAGE_SCAN_BYTES_PER_OBJECT,
      scanObjectsPerPrefix: parsed.STORAGE_SCAN_OBJECTS_PER_PREFIX,
    },
  };
}
