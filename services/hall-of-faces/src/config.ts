import {
  parseEnvOrExit,
  type PlatformConfig,
  platformEnvSchema,
  toPlatformConfig,
} from '@codex/config';

export const SERVICE_NAME = 'hall-of-faces';

/** Every variable hall-of-faces reads. The only file of the service that touches process.env. */
export const configSchema = platformEnvSchema;

export type ServiceConfig = PlatformConfig;

export function loadConfig(env: Record<string, string | undefined> = process.env): ServiceConfig {
  return toPlatformConfig(SERVICE_NAME, parseEnvOrExit(SERVICE_NAME, configSchema, env));
}
