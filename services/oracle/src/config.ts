import {
  env,
  parseEnvOrExit,
  type PlatformConfig,
  platformEnvSchema,
  toPlatformConfig,
} from '@codex/config';
import { z } from 'zod';

import { DEFAULT_LLM_MODELS, type LlmConfig, toLlmConfig } from './analysis/llm/llm-config';

export const SERVICE_NAME = 'oracle';

/** Every variable oracle reads. The only file of the service that touches process.env. */
export const configSchema = platformEnvSchema.extend({
  AETHERIUM_URL: env
    .url(['http', 'https'])
    .default('http://127.0.0.1:8081')
    .describe('aetherium, where applied recommendations become draft actions'),
  COST_ANALYSIS_QUIET_SECONDS: z.coerce
    .number()
    .min(0)
    .default(5)
    .describe(
      'A tenant whose cost changed is analysed (anomalies, forecasts, savings) once no cost line has arrived for this long',
    ),
  CONSUMER_PARTITIONS_CONCURRENTLY: env
    .positiveInt()
    .default(6)
    .describe(
      'Partitions processed in parallel; scoring a batch mostly waits on PostgreSQL, so the oracle overlaps more of them than the platform default (make bench-oracle)',
    ),
  DETECTOR_CACHE_MIB: z.coerce
    .number()
    .int()
    .min(0)
    .default(64)
    .describe(
      'Serialised detector states kept in memory between batches (MiB; roughly four times that in the heap); a series found there is not read back from PostgreSQL. 0 turns the cache off',
    ),
  FORECAST_HORIZON_DAYS: z.coerce
    .number()
    .int()
    .min(30)
    .max(90)
    .default(60)
    .describe('Days ahead each cost scope is forecast after its cost changes'),
  METRIC_RETENTION_DAYS: env
    .positiveInt()
    .default(35)
    .describe('Days of metric samples kept for utilisation (rightsizing reads the last 14)'),
  RECOMMENDATION_INTERVAL_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(60)
    .describe(
      "Minutes between recomputing every tenant's recommendations and realised savings; 0 turns the schedule off",
    ),
  RECOMMENDATION_MIN_CPU_SAMPLES: env
    .positiveInt()
    .default(12)
    .describe('CPU samples a resource needs in the window before a compute recommendation is made'),
  LLM_BASE_URL: env
    .url(['http', 'https'])
    .default('https://api.deepinfra.com/v1/openai')
    .describe('An OpenAI-compatible API the analyses call (DeepInfra by default)'),
  LLM_API_KEY: z
    .string()
    .min(1)
    .optional()
    .describe('Its API key; without one every analysis is the deterministic summary, flagged'),
  LLM_MODELS: z
    .string()
    .default(DEFAULT_LLM_MODELS)
    .describe('Models tried in order, comma-separated; the next answers when one fails'),
  LLM_TIMEOUT_MS: env.positiveInt().default(30_000).describe('Longest wait for one model call'),
  LLM_MAX_RETRIES: z.coerce
    .number()
    .int()
    .min(0)
    .max(5)
    .default(2)
    .describe('Retries of one model on 429 and 5xx (with back-off, honouring retry-after)'),
  LLM_MONTHLY_TOKEN_BUDGET: env
    .positiveInt()
    .default(2_000_000)
    .describe("A tenant's monthly LLM tokens before it is warned (unless it set its own)"),
  LLM_MONTHLY_TOKEN_CAP: env
    .positiveInt()
    .default(5_000_000)
    .describe(
      "A tenant's monthly LLM tokens after which calls are refused (unless it set its own)",
    ),
  LLM_PRICES: z
    .string()
    .default('')
    .describe(
      'USD per 1M input:output tokens per model over the built-in table, e.g. model-a=0.23:0.40,model-b=0.1:0.1',
    ),
});

export type ServiceConfig = PlatformConfig & {
  aetheriumUrl: string;
  costAnalysisQuietMs: number;
  detectorCacheBytes: number;
  forecastHorizonDays: number;
  metricRetentionDays: number;
  recommendationIntervalMs: number;
  recommendationMinCpuSamples: number;
  llm: LlmConfig;
};

export function loadConfig(env: Record<string, string | undefined> = process.env): ServiceConfig {
  const parsed = parseEnvOrExit(SERVICE_NAME, configSchema, env);
  return {
    ...toPlatformConfig(SERVICE_NAME, parsed),
    aetheriumUrl: parsed.AETHERIUM_URL,
    costAnalysisQuietMs: parsed.COST_ANALYSIS_QUIET_SECONDS * 1000,
    detectorCacheBytes: parsed.DETECTOR_CACHE_MIB * 1024 * 1024,
    forecastHorizonDays: parsed.FORECAST_HORIZON_DAYS,
    metricRetentionDays: parsed.METRIC_RETENTION_DAYS,
    recommendationIntervalMs: parsed.RECOMMENDATION_INTERVAL_MINUTES * 60_000,
    recommendationMinCpuSamples: parsed.RECOMMENDATION_MIN_CPU_SAMPLES,
    llm: toLlmConfig(parsed),
  };
}
