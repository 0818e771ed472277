import {
  env,
  parseEnvOrExit,
  type PlatformConfig,
  platformEnvSchema,
  toPlatformConfig,
} from '@codex/config';
import type { AwsClientSettings, AzureClientSettings, BreakerSettings } from '@codex/connectors';
import { type CredentialsConfig, credentialsConfig, credentialsEnvShape } from '@codex/credentials';
import { z } from 'zod';

import type { CpuMetricsSettings, DiscoverySettings } from './providers/aws';
import type { AzureCpuMetricsSettings } from './providers/azure';

export const SERVICE_NAME = 'engine-core';

const wholeNumber = (min: number) =>
  z.coerce
    .number({ error: 'expected a number' })
    .int('expected a whole number')
    .min(min, `expected a number of at least ${min}`);

/** The periods, in seconds, that CloudWatch and Azure Monitor (its time grains) both serve. */
const CPU_PERIODS = [60, 300, 900, 1800, 3600, 21_600, 43_200, 86_400];

/**
 * Every variable engine-core reads. The only file of the service that touches process.env.
 * Codex's own AWS identity, used for sts:AssumeRole into customer accounts, comes from
 * the AWS SDK's default chain (AWS_ACCESS_KEY_ID…, web identity, instance profile).
 */
export const configSchema = platformEnvSchema
  .extend({
    ...credentialsEnvShape,
    AWS_ENDPOINT_URL: env
      .url(['http', 'https'])
      .optional()
      .describe('Overrides the AWS endpoints, e.g. a local moto server (unset for real AWS)'),
    AWS_MAX_ATTEMPTS: env
      .positiveInt()
      .default(6)
      .describe('Attempts per AWS call; throttling and 5xx are retried with backoff and jitter'),
    AWS_RETRY_MODE: z
      .enum(['standard', 'adaptive'], { error: 'expected standard or adaptive' })
      .default('adaptive')
      .describe('adaptive also slows a client down after it was throttled'),
    AWS_REQUEST_TIMEOUT_MS: env.positiveInt().default(30_000).describe('Budget of one AWS attempt'),
    AWS_BREAKER_ERROR_PERCENT: env
      .positiveInt()
      .default(50)
      .describe(
        'Share of failed calls, in percent, that opens the circuit of a cloud account (AWS or Azure)',
      ),
    AWS_BREAKER_VOLUME_THRESHOLD: env
      .positiveInt()
      .default(10)
      .describe('Calls in the window before the failure share may open the circuit'),
    AWS_BREAKER_RESET_MS: env
      .positiveInt()
      .default(30_000)
      .describe('How long an open circuit refuses calls to the account'),
    AWS_EC2_PAGE_SIZE: env.positiveInt().default(1000).describe('DescribeInstances page size'),
    AWS_ECS_PAGE_SIZE: env
      .positiveInt()
      .default(100)
      .describe('ListClusters/ListServices page size'),
    AWS_REGION_CONCURRENCY: env
      .positiveInt()
      .default(4)
      .describe('(region, service) listings of one account read in parallel'),
    AZURE_ENDPOINT_URL: env
      .url(['http', 'https'])
      .optional()
      .describe(
        'Overrides Azure Resource Manager and the Entra ID authority, e.g. the local Azure sandbox',
      ),
    AZURE_MAX_RETRIES: wholeNumber(0)
      .default(6)
      .describe('Retries per Azure call; throttling (after Retry-After) and 5xx are retried'),
    AZURE_MAX_RETRY_DELAY_MS: env
      .positiveInt()
      .default(60_000)
      .describe('Longest wait between two tries of an Azure call'),
    AZURE_CPU_CONCURRENCY: env
      .positiveInt()
      .default(8)
      .describe('Azure Monitor CPU requests (one per VM) of one subscription in flight at once'),
    CPU_WINDOW_MINUTES: env
      .positiveInt()
      .default(30)
      .describe('How far back the latest CPU datapoint is looked for'),
    CPU_PERIOD_SECONDS: env
      .positiveInt()
      .refine((seconds) => CPU_PERIODS.includes(seconds), {
        message: `expected one of ${CPU_PERIODS.join(', ')}`,
      })
      .default(300)
      .describe('Period of CPU samples: the CloudWatch period and the Azure Monitor interval'),
    DISCOVERY_INTERVAL_MINUTES: wholeNumber(0)
      .default(15)
      .describe('Minutes between scheduled discovery runs of an account; 0 turns scheduling off'),
    DISCOVERY_POLL_INTERVAL_MS: env
      .positiveInt()
      .default(5_000)
      .describe('How often a replica looks for queued discovery runs'),
    DISCOVERY_CONCURRENCY: env
      .positiveInt()
      .default(2)
      .describe('Discovery runs one replica executes at the same time'),
    DISCOVERY_BATCH_SIZE: env
      .positiveInt()
      .default(500)
      .describe('Discovered resources published per transaction'),
    DISCOVERY_HEARTBEAT_MS: env
      .positiveInt()
      .default(5_000)
      .describe('How often a running discovery run renews its lease and rechecks its account'),
    DISCOVERY_STALE_AFTER_SECONDS: env
      .positiveInt()
      .default(30)
      .describe(
        'A running run whose lease was not renewed for this long (its replica died) is taken over',
      ),
  })
  .refine((env) => env.DISCOVERY_HEARTBEAT_MS * 3 <= env.DISCOVERY_STALE_AFTER_SECONDS * 1000, {
    path: ['DISCOVERY_HEARTBEAT_MS'],
    message:
      'expected at most a third of DISCOVERY_STALE_AFTER_SECONDS, so a live run keeps its lease',
  });

export interface AwsConfig {
  endpoint: string | undefined;
  client: AwsClientSettings;
  breaker: BreakerSettings;
  discovery: DiscoverySettings;
  cpu: CpuMetricsSettings;
}

export interface AzureConfig {
  endpoint: string | undefined;
  client: AzureClientSettings;
  cpu: AzureCpuMetricsSettings;
}

export interface DiscoveryConfig {
  intervalMinutes: number;
  pollIntervalMs: number;
  concurrency: number;
  batchSize: number;
  heartbeatMs: number;
  staleAfterSeconds: number;
}

export type ServiceConfig = PlatformConfig & {
  credentials: CredentialsConfig;
  aws: AwsConfig;
  azure: AzureConfig;
  discovery: DiscoveryConfig;
};

export function loadConfig(env: Record<string, string | undefined> = process.env): ServiceConfig {
  const parsed = parseEnvOrExit(SERVICE_NAME, configSchema, env);
  return {
    ...toPlatformConfig(SERVICE_NAME, parsed),
    credentials: credentialsConfig(parsed),
    aws: {
      endpoint: parsed.AWS_ENDPOINT_URL,
      client: {
        maxAttempts: parsed.AWS_MAX_ATTEMPTS,
        retryMode: parsed.AWS_RETRY_MODE,
        requestTimeoutMs: parsed.AWS_REQUEST_TIMEOUT_MS,
        connectionTimeoutMs: 5_000,
        assumeRoleSessionSeconds: 3_600,
      },
      breaker: {
        timeoutMs: 120_000,
        errorThresholdPercentage: parsed.AWS_BREAKER_ERROR_PERCENT,
        resetTimeoutMs: parsed.AWS_BREAKER_RESET_MS,
        volumeThreshold: parsed.AWS_BREAKER_VOLUME_THRESHOLD,
        rollingWindowMs: 60_000,
      },
      discovery: {
        ec2PageSize: parsed.AWS_EC2_PAGE_SIZE,
        ecsPageSize: parsed.AWS_ECS_PAGE_SIZE,
        concurrency: parsed.AWS_REGION_CONCURRENCY,
      },
      cpu: { windowMinutes: parsed.CPU_WINDOW_MINUTES, periodSeconds: parsed.CPU_PERIOD_SECONDS },
    },
    azure: {
      endpoint: parsed.AZURE_ENDPOINT_URL,
      client: {
        maxRetries: parsed.AZURE_MAX_RETRIES,
        maxRetryDelayMs: parsed.AZURE_MAX_RETRY_DELAY_MS,
      },
      cpu: {
        windowMinutes: parsed.CPU_WINDOW_MINUTES,
        periodSeconds: parsed.CPU_PERIOD_SECONDS,
        concurrency: parsed.AZURE_CPU_CONCURRENCY,
      },
    },
    discovery: {
      intervalMinutes: parsed.DISCOVERY_INTERVAL_MINUTES,
      pollIntervalMs: parsed.DISCOVERY_POLL_INTERVAL_MS,
      concurrency: parsed.DISCOVERY_CONCURRENCY,
      batchSize: parsed.DISCOVERY_BATCH_SIZE,
      heartbeatMs: parsed.DISCOVERY_HEARTBEAT_MS,
      staleAfterSeconds: parsed.DISCOVERY_STALE_AFTER_SECONDS,
    },
  };
}
