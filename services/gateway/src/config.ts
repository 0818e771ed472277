import { join } from 'node:path';

import {
  edgeEnvSchema,
  env,
  parseEnvOrExit,
  type PlatformConfig,
  toPlatformConfig,
} from '@codex/config';
import { z } from 'zod';

export const SERVICE_NAME = 'gateway';

const upstream = (service: string, port: number) =>
  env
    .url(['http', 'https'])
    .describe(`Base URL of ${service} inside the cluster`)
    .meta({ examples: [`http://127.0.0.1:${port}`] });

/** Every variable the gateway reads. The only file of the service that touches process.env. */
export const configSchema = edgeEnvSchema.extend({
  AETHERIUM_URL: upstream('aetherium', 8081),
  HALL_OF_FACES_URL: upstream('hall-of-faces', 8082),
  GREAT_LIBRARY_URL: upstream('great-library', 8083),
  ENGINE_CORE_URL: upstream('engine-core', 8084),
  ORACLE_URL: upstream('oracle', 8085),
  UPSTREAM_TIMEOUT_MS: env.positiveInt().default(30_000).describe('Longest wait for a service'),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .describe('Browser origins allowed to call the API, comma-separated (empty: none)'),
  RATE_LIMIT_WINDOW_SECONDS: env
    .positiveInt()
    .default(60)
    .describe('Length of a rate-limit window'),
  RATE_LIMIT_TENANT_REQUESTS: env
    .positiveInt()
    .default(6_000)
    .describe('Requests one tenant may make per window, all callers together'),
  RATE_LIMIT_API_KEY_REQUESTS: env
    .positiveInt()
    .default(1_200)
    .describe('Requests one API key may make per window'),
  PUBLIC_URL: env
    .url(['http', 'https'])
    .default('http://127.0.0.1:8080')
    .describe(
      'The URL people and clients reach the gateway at: the console, its sign-in callback, the issuer',
    ),
  CONSOLE_OIDC_ISSUER_URL: env
    .url(['http', 'https'])
    .optional()
    .describe(
      'Identity provider the console signs people in with (authorization code + PKCE); defaults to AUTH_ISSUER_URL',
    ),
  CONSOLE_CLIENT_ID: z
    .string()
    .min(1)
    .default('codex-console')
    .describe('Client id of the console at that identity provider'),
  CONSOLE_CLIENT_SECRET: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Client secret, when the identity provider registers the console as a confidential client',
    ),
  CONSOLE_SCOPES: z
    .string()
    .default('openid email')
    .describe(
      'Scopes the console asks for (an external IdP may need offline_access for refresh tokens)',
    ),
  CONSOLE_SESSION_TTL_SECONDS: env
    .positiveInt()
    .default(43_200)
    .describe('Longest a console session lasts before signing in again'),
  CONSOLE_DIST_DIR: z
    .string()
    .optional()
    .describe(
      'Built console (index.html and assets); defaults to apps/console/dist of this checkout',
    ),
  API_KEY_CACHE_SECONDS: env
    .positiveInt()
    .default(60)
    .describe('How long an exchanged API key is trusted before it is checked again'),
});

export interface GatewayConfig {
  upstreams: {
    aetherium: string;
    hallOfFaces: string;
    greatLibrary: string;
    engineCore: string;
    oracle: string;
  };
  upstreamTimeoutMs: number;
  corsOrigins: string[];
  rateLimit: { windowSeconds: number; tenantRequests: number; apiKeyRequests: number };
  apiKeyCacheSeconds: number;
  console: ConsoleConfig;
}

export interface ConsoleConfig {
  publicUrl: string;
  issuerUrl: string;
  clientId: string;
  clientSecret: string | undefined;
  scopes: string;
  sessionTtlSeconds: number;
  distDir: string;
}

export type ServiceConfig = PlatformConfig & { gateway: GatewayConfig };

export function loadConfig(
  environment: Record<string, string | undefined> = process.env,
): ServiceConfig {
  const parsed = parseEnvOrExit(SERVICE_NAME, configSchema, environment);
  const trim = (url: string) => url.replace(/\/+$/, '');
  return {
    ...toPlatformConfig(SERVICE_NAME, parsed),
    gateway: {
      upstreams: {
        aetherium: trim(parsed.AETHERIUM_URL),
        hallOfFaces: trim(parsed.HALL_OF_FACES_URL),
        greatLibrary: trim(parsed.GREAT_LIBRARY_URL),
        engineCore: trim(parsed.ENGINE_CORE_URL),
        oracle: trim(parsed.ORACLE_URL),
      },
      upstreamTimeoutMs: parsed.UPSTREAM_TIMEOUT_MS,
      corsOrigins: parsed.CORS_ORIGINS,
      rateLimit: {
        windowSeconds: parsed.RATE_LIMIT_WINDOW_SECONDS,
        tenantRequests: parsed.RATE_LIMIT_TENANT_REQUESTS,
        apiKeyRequests: parsed.RATE_LIMIT_API_KEY_REQUESTS,
      },
      apiKeyCacheSeconds: parsed.API_KEY_CACHE_SECONDS,
      console: {
        publicUrl: trim(parsed.PUBLIC_URL),
        issuerUrl: parsed.CONSOLE_OIDC_ISSUER_URL ?? parsed.AUTH_ISSUER_URL,
        clientId: parsed.CONSOLE_CLIENT_ID,
        clientSecret: parsed.CONSOLE_CLIENT_SECRET,
        scopes: parsed.CONSOLE_SCOPES,
        sessionTtlSeconds: parsed.CONSOLE_SESSION_TTL_SECONDS,
        distDir:
          parsed.CONSOLE_DIST_DIR ?? join(__dirname, '..', '..', '..', 'apps', 'console', 'dist'),
      },
    },
  };
}
