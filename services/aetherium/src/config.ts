import {
  env,
  parseEnvOrExit,
  type PlatformConfig,
  platformEnvSchema,
  toPlatformConfig,
} from '@codex/config';
import { type CredentialsConfig, credentialsConfig, credentialsEnvShape } from '@codex/credentials';
import { z } from 'zod';

import type { ActionsConfig } from './actions/actions-config';

export const SERVICE_NAME = 'aetherium';

/**
 * Every variable aetherium reads. The only file of the service that touches process.env.
 * Codex's own AWS identity, used for sts:AssumeRole into customer accounts, comes from
 * the AWS SDK's default chain (AWS_ACCESS_KEY_ID…, web identity, instance profile).
 */
export const configSchema = platformEnvSchema.extend({
  ...credentialsEnvShape,
  AWS_ENDPOINT_URL: env
    .url(['http', 'https'])
    .optional()
    .describe('Overrides the AWS endpoints, e.g. a local moto server (unset for real AWS)'),
  AZURE_ENDPOINT_URL: env
    .url(['https'])
    .optional()
    .describe(
      'Overrides Azure Resource Manager and the Entra ID authority, e.g. the local Azure sandbox (unset for real Azure)',
    ),
  GCP_ENDPOINT_URL: env
    .url(['http', 'https'])
    .optional()
    .describe('Overrides the Google Cloud APIs, e.g. the local GCS sandbox (unset for real GCP)'),
  COST_INGEST_INTERVAL_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(360)
    .describe('Minutes between scheduled ingestions of each cost source; 0 turns scheduling off'),
  COST_INGEST_STALE_MINUTES: env
    .positiveInt()
    .default(60)
    .describe(
      'A cost ingestion still running after this long is taken to have died and may be started again',
    ),
  ACTION_APPROVAL_TAG_KEY: z
    .string()
    .min(1)
    .default('env')
    .describe('Tag whose value marks a production resource; actions on those wait for an approver'),
  ACTION_APPROVAL_TAG_VALUES: z
    .string()
    .default('production,prod')
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .describe('Values of that tag that mean production, comma-separated, any case'),
  ACTION_EXECUTION_WINDOW_SECONDS: env
    .positiveInt()
    .default(900)
    .describe('How long after dispatch an executor may still start an action'),
  ACTION_CATALOGUE_EXTENSIONS_FILE: z
    .string()
    .min(1)
    .optional()
    .describe(
      'JSON file of resource types and actions executed by services Codex does not ship (docs/action-catalogue.md)',
    ),
});

export interface AwsConfig {
  endpoint: string | undefined;
}

export interface AzureConfig {
  /** Resource Manager and the Entra ID authority on one origin, e.g. the local Azure sandbox. */
  endpoint: string | undefined;
}

export interface GcpConfig {
  endpoint: string | undefined;
}

export interface CostConfig {
  intervalMinutes: number;
  staleRunMinutes: number;
}

export type ServiceConfig = PlatformConfig & {
  cost: CostConfig;
  credentials: CredentialsConfig;
  aws: AwsConfig;
  azure: AzureConfig;
  gcp: GcpConfig;
  actions: ActionsConfig;
};

export function loadConfig(
  environment: Record<string, string | undefined> = process.env,
): ServiceConfig {
  const parsed = parseEnvOrExit(SERVICE_NAME, configSchema, environment);
  return {
    ...toPlatformConfig(SERVICE_NAME, parsed),
    credentials: credentialsConfig(parsed),
    aws: { endpoint: parsed.AWS_ENDPOINT_URL },
    azure: { endpoint: parsed.AZURE_ENDPOINT_URL },
    gcp: { endpoint: parsed.GCP_ENDPOINT_URL },
    cost: {
      intervalMinutes: parsed.COST_INGEST_INTERVAL_MINUTES,
      staleRunMinutes: parsed.COST_INGEST_STALE_MINUTES,
    },
    actions: {
      approval: {
        tagKey: parsed.ACTION_APPROVAL_TAG_KEY,
        tagValues: parsed.ACTION_APPROVAL_TAG_VALUES,
      },
      executionWindowSeconds: parsed.ACTION_EXECUTION_WINDOW_SECONDS,
      catalogueExtensionsFile: parsed.ACTION_CATALOGUE_EXTENSIONS_FILE,
    },
  };
}
