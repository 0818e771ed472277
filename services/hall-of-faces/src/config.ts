import {
  env,
  parseEnvOrExit,
  type PlatformConfig,
  platformEnvSchema,
  toPlatformConfig,
} from '@codex/config';
import { type CredentialsConfig, credentialsConfig, credentialsEnvShape } from '@codex/credentials';
import { z } from 'zod';

export const SERVICE_NAME = 'hall-of-faces';

/** Every variable hall-of-faces reads. The only file of the service that touches process.env. */
export const configSchema = platformEnvSchema.extend({
  ...credentialsEnvShape,
  AUTH0_ENDPOINT_URL: env
    .url(['https'])
    .optional()
    .describe(
      "Base URL of every Auth0 tenant's Management API instead of https://<domain> (a local sandbox)",
    )
    .meta({ examples: ['https://127.0.0.1:18444'] }),
  GRAPH_ENDPOINT_URL: env
    .url(['https'])
    .optional()
    .describe('Microsoft Graph instead of https://graph.microsoft.com (a local sandbox)')
    .meta({ examples: ['https://127.0.0.1:18445'] }),
  ENTRA_AUTHORITY_URL: env
    .url(['https'])
    .optional()
    .describe('Entra ID authority instead of https://login.microsoftonline.com (a local sandbox)')
    .meta({ examples: ['https://127.0.0.1:18443'] }),
  IDENTITY_SYNC_INTERVAL_SECONDS: env
    .positiveInt()
    .default(900)
    .describe('How often every identity provider connection is synced incrementally'),
  IDENTITY_SYNC_STALE_SECONDS: env
    .positiveInt()
    .default(60)
    .describe('A running sync with no sign of life for this long is taken over by another replica'),
  ISSUER_URL: env
    .url(['http', 'https'])
    .describe('Public URL of the built-in token issuer (the iss claim)')
    .meta({ examples: ['http://127.0.0.1:8082'] }),
  TOKEN_AUDIENCE: z.string().default('codex-api').describe('The aud claim of issued tokens'),
  ACCESS_TOKEN_TTL_SECONDS: env.positiveInt().default(300).describe('Lifetime of an access token'),
  REFRESH_TOKEN_TTL_SECONDS: env
    .positiveInt()
    .default(43_200)
    .describe("Lifetime of a person's refresh token (each use replaces it)"),
  SIGNING_KEY_ENCRYPTION_KEY: z
    .string({ error: 'required' })
    .refine(
      (value) => Buffer.from(value, 'base64').length === 32,
      'expected 32 bytes, base64-encoded',
    )
    .describe('Key (base64, 32 bytes) that encrypts signing keys at rest')
    .meta({ examples: ['<openssl rand -base64 32>'] }),
  BOOTSTRAP_TENANT_SLUG: z
    .string()
    .optional()
    .describe('Tenant created on first start, with the first admin'),
  BOOTSTRAP_ADMIN_EMAIL: z.string().optional().describe('First admin created on first start'),
  BOOTSTRAP_ADMIN_PASSWORD: z
    .string()
    .min(12, 'expected at least 12 characters')
    .optional()
    .describe('Password of the first admin'),
  BOOTSTRAP_OPERATOR_EMAIL: z
    .string()
    .optional()
    .describe('Platform operator created on first start (signs in with tenant=platform)'),
  BOOTSTRAP_OPERATOR_PASSWORD: z
    .string()
    .min(12, 'expected at least 12 characters')
    .optional()
    .describe('Password of that platform operator'),
  SIGN_IN_FREE_FAILURES_PER_ACCOUNT_AND_IP: env
    .positiveInt()
    .default(5)
    .describe('Failed sign-ins to one account from one address before back-off starts'),
  SIGN_IN_FREE_FAILURES_PER_ACCOUNT: env
    .positiveInt()
    .default(20)
    .describe(
      'Failed sign-ins to one account from all addresses before it is locked (addresses it signed in from before are exempt)',
    ),
  SIGN_IN_FREE_FAILURES_PER_IP: env
    .positiveInt()
    .default(30)
    .describe(
      'Failed sign-ins from one address (an IPv6 /64) to any account before back-off starts',
    ),
  SIGN_IN_BACKOFF_BASE_MS: env
    .positiveInt()
    .default(1000)
    .describe('First lockout past the free failures; doubles with each further failure'),
  SIGN_IN_ACCOUNT_LOCKOUT_MAX_SECONDS: env
    .positiveInt()
    .default(300)
    .describe('Longest lockout of an account (and of an account from one address)'),
  SIGN_IN_IP_LOCKOUT_MAX_SECONDS: env
    .positiveInt()
    .default(900)
    .describe('Longest lockout of an address'),
  SIGN_IN_FAILURE_MEMORY_SECONDS: env
    .positiveInt()
    .default(900)
    .describe('Failed sign-ins are forgotten this long after the last one'),
  CONSOLE_CLIENT_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected 1 to 64 letters, digits, dots, dashes, underscores')
    .default('codex-console')
    .describe(
      'Client id of the web console: a public client using the authorization code flow with PKCE',
    ),
  CONSOLE_REDIRECT_URIS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((uri) => uri.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/ })))
    .describe(
      "Where sign-in may return the console, comma-separated: the gateway's <PUBLIC_URL>/auth/callback (empty: /oauth/authorize refuses every request)",
    ),
  SIGN_IN_CONCURRENT_CHECKS: env
    .positiveInt()
    .default(2)
    .describe('Password and secret checks (scrypt) run at once; more wait, each tenant in turn'),
});

/** Sign-in throttling (ADR 15). */
export interface SignInThrottleConfig {
  freeFailuresPerAccountAndIp: number;
  freeFailuresPerAccount: number;
  freeFailuresPerIp: number;
  backoffBaseMs: number;
  accountLockoutMaxMs: number;
  ipLockoutMaxMs: number;
  failureMemoryMs: number;
  concurrentChecks: number;
}

/** A client that cannot keep a secret (a browser app): it proves itself with PKCE and its redirect URI. */
export interface PublicClient {
  clientId: string;
  redirectUris: string[];
}

export interface IssuerConfig {
  issuerUrl: string;
  publicClients: PublicClient[];
  audience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  keyEncryptionKey: Buffer;
  bootstrap: { tenantSlug: string; adminEmail: string; adminPassword: string } | undefined;
  operator: { email: string; password: string } | undefined;
  signIn: SignInThrottleConfig;
}

/** Identity governance: reaching Auth0 and Entra ID, and syncing them. */
export interface DirectoryConfig {
  credentials: CredentialsConfig;
  endpoints: { auth0?: string; entra?: string; entraAuthority?: string };
  syncIntervalMs: number;
  staleAfterMs: number;
}

export type ServiceConfig = PlatformConfig & { issuer: IssuerConfig; directory: DirectoryConfig };

export function loadConfig(
  environment: Record<string, string | undefined> = process.env,
): ServiceConfig {
  const parsed = parseEnvOrExit(SERVICE_NAME, configSchema, environment);
  const {
    BOOTSTRAP_TENANT_SLUG: tenantSlug,
    BOOTSTRAP_ADMIN_EMAIL: adminEmail,
    BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
  } = parsed;
  return {
    ...toPlatformConfig(SERVICE_NAME, parsed),
    directory: {
      credentials: credentialsConfig(parsed),
      endpoints: {
        ...(parsed.AUTH0_ENDPOINT_URL
          ? { auth0: parsed.AUTH0_ENDPOINT_URL.replace(/\/$/, '') }
          : {}),
        ...(parsed.GRAPH_ENDPOINT_URL
          ? { entra: parsed.GRAPH_ENDPOINT_URL.replace(/\/$/, '') }
          : {}),
        ...(parsed.ENTRA_AUTHORITY_URL
          ? { entraAuthority: parsed.ENTRA_AUTHORITY_URL.replace(/\/$/, '') }
          : {}),
      },
      syncIntervalMs: parsed.IDENTITY_SYNC_INTERVAL_SECONDS * 1000,
      staleAfterMs: parsed.IDENTITY_SYNC_STALE_SECONDS * 1000,
    },
    issuer: {
      issuerUrl: parsed.ISSUER_URL.replace(/\/$/, ''),
      publicClients: [
        { clientId: parsed.CONSOLE_CLIENT_ID, redirectUris: parsed.CONSOLE_REDIRECT_URIS },
      ],
      audience: parsed.TOKEN_AUDIENCE,
      accessTokenTtlSeconds: parsed.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: parsed.REFRESH_TOKEN_TTL_SECONDS,
      keyEncryptionKey: Buffer.from(parsed.SIGNING_KEY_ENCRYPTION_KEY, 'base64'),
      bootstrap:
        tenantSlug && adminEmail && adminPassword
          ? { tenantSlug, adminEmail, adminPassword }
          : undefined,
      operator:
        parsed.BOOTSTRAP_OPERATOR_EMAIL && parsed.BOOTSTRAP_OPERATOR_PASSWORD
          ? { email: parsed.BOOTSTRAP_OPERATOR_EMAIL, password: parsed.BOOTSTRAP_OPERATOR_PASSWORD }
          : undefined,
      signIn: {
        freeFailuresPerAccountAndIp: parsed.SIGN_IN_FREE_FAILURES_PER_ACCOUNT_AND_IP,
        freeFailuresPerAccount: parsed.SIGN_IN_FREE_FAILURES_PER_ACCOUNT,
        freeFailuresPerIp: parsed.SIGN_IN_FREE_FAILURES_PER_IP,
        backoffBaseMs: parsed.SIGN_IN_BACKOFF_BASE_MS,
        accountLockoutMaxMs: parsed.SIGN_IN_ACCOUNT_LOCKOUT_MAX_SECONDS * 1000,
        ipLockoutMaxMs: parsed.SIGN_IN_IP_LOCKOUT_MAX_SECONDS * 1000,
        failureMemoryMs: parsed.SIGN_IN_FAILURE_MEMORY_SECONDS * 1000,
        concurrentChecks: parsed.SIGN_IN_CONCURRENT_CHECKS,
      },
    },
  };
}
