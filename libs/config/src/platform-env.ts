import { z } from 'zod';

import { boolean, hostPortList, logLevel, port, positiveInt, url } from './env-fields';

/** Variables every Codex process reads, the gateway included. */
export const edgeEnvSchema = z.object({
  HOST: z.string().default('0.0.0.0').describe('Interface the HTTP server binds'),
  PORT: port().default(8080).describe('HTTP port'),
  LOG_LEVEL: logLevel().default('info').describe('Minimum log level'),
  LOG_PRETTY: boolean()
    .default(false)
    .describe('Human-readable logs instead of JSON (development only)'),
  HTTP_BODY_LIMIT_BYTES: positiveInt().default(1_048_576).describe('Largest accepted request body'),
  HTTP_TRUSTED_PROXIES: z
    .string()
    .default('loopback,uniquelocal')
    .describe(
      'Peers whose X-Forwarded-For is believed (addresses, CIDRs, or loopback/linklocal/uniquelocal)',
    ),
  REDIS_URL: url(['redis', 'rediss'])
    .describe('Redis for caches and limits')
    .meta({ examples: ['redis://127.0.0.1:16379/0'] }),
  KAFKA_BROKERS: hostPortList()
    .describe('Kafka bootstrap brokers, comma-separated host:port')
    .meta({ examples: ['127.0.0.1:19092'] }),
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[a-z0-9._-]*$/, 'expected lower-case letters, digits, dots, dashes or underscores')
    .default('')
    .describe('Prefix for every topic name, so several installs can share a Kafka cluster'),
  KAFKA_REPLICATION_FACTOR: positiveInt()
    .default(1)
    .describe(
      'Replicas of each topic Codex creates (1 for a single local broker, 3 in production)',
    ),
  KAFKA_CONSUMER_GROUP: z
    .string()
    .optional()
    .describe('Consumer group id (defaults to the service name)'),
  CONSUMER_MAX_ATTEMPTS: positiveInt()
    .default(5)
    .describe('Tries per event before it goes to the DLQ'),
  CONSUMER_RETRY_BACKOFF_MS: positiveInt()
    .default(200)
    .describe('First retry delay; doubles per try, with jitter'),
  CONSUMER_PARTITIONS_CONCURRENTLY: positiveInt()
    .default(3)
    .describe('Partitions processed in parallel'),
  INBOX_RETENTION_DAYS: positiveInt()
    .default(35)
    .describe('How long handled-event marks are kept; must outlast every topic retention'),
  OUTBOX_POLL_INTERVAL_MS: positiveInt()
    .default(100)
    .describe('How often the outbox relay looks for new events'),
  OUTBOX_BATCH_SIZE: positiveInt().default(2000).describe('Most events the relay sends in one go'),
  HEALTH_CHECK_TIMEOUT_MS: positiveInt()
    .default(1500)
    .describe('Per-dependency readiness check budget'),
  SHUTDOWN_GRACE_MS: positiveInt().default(10_000).describe('Time allowed to drain on SIGTERM'),
  AUTH_ISSUER_URL: url(['http', 'https'])
    .describe('Issuer (iss claim) of the identity provider whose tokens Codex accepts')
    .meta({ examples: ['http://127.0.0.1:8082'] }),
  AUTH_JWKS_URL: url(['http', 'https'])
    .optional()
    .describe(
      "The identity provider's key set (defaults to <AUTH_ISSUER_URL>/.well-known/jwks.json)",
    ),
  AUTH_AUDIENCE: z.string().default('codex-api').describe('Required aud claim of access tokens'),
  AUTH_TENANT_CLAIM: z
    .string()
    .default('tenant_id')
    .describe('Claim holding the tenant id (e.g. tid for Entra ID, a namespaced claim for Auth0)'),
  AUTH_ROLES_CLAIM: z
    .string()
    .default('roles')
    .describe('Claim holding the Codex roles, a string array'),
  AUTH_BUILTIN_ISSUER_URL: url(['http', 'https'])
    .optional()
    .describe(
      'The built-in issuer (hall-of-faces), also trusted for machine clients and API keys when AUTH_ISSUER_URL is an external IdP',
    ),
  AUTH_BUILTIN_JWKS_URL: url(['http', 'https'])
    .optional()
    .describe(
      "The built-in issuer's key set as this service reaches it, e.g. hall-of-faces inside the cluster (defaults to <AUTH_BUILTIN_ISSUER_URL>/.well-known/jwks.json)",
    ),
  OTEL_TRACES_EXPORTER: z
    .enum(['none', 'otlp', 'console'], { error: 'expected none, otlp or console' })
    .default('none')
    .describe('Where traces go; none disables OpenTelemetry'),
  OTEL_EXPORTER_OTLP_ENDPOINT: url(['http', 'https'])
    .optional()
    .describe('OTLP/HTTP collector base URL (when OTEL_TRACES_EXPORTER=otlp)'),
});

/** Variables every domain service reads: the edge's and its own database. A service extends this. */
export const platformEnvSchema = edgeEnvSchema.extend({
  DATABASE_URL: url(['postgres', 'postgresql'])
    .describe("The service's own PostgreSQL database")
    .meta({ examples: ['postgres://svc:svc@127.0.0.1:15432/svc'] }),
  DATABASE_POOL_MAX: positiveInt().default(10).describe('Most open PostgreSQL connections'),
  DATABASE_MIGRATION_URL: url(['postgres', 'postgresql'])
    .optional()
    .describe(
      "The same database as the role that owns its tables, for the migrate commands only (defaults to DATABASE_URL); migrate then grants DATABASE_URL's role row access",
    )
    .meta({ examples: ['postgres://svc_owner:svc_owner@127.0.0.1:15432/svc'] }),
});

export type EdgeEnv = z.output<typeof edgeEnvSchema>;
export type PlatformEnv = z.output<typeof platformEnvSchema>;

export interface PlatformConfig {
  service: string;
  http: { host: string; port: number; bodyLimitBytes: number; trustedProxies: string };
  log: { level: EdgeEnv['LOG_LEVEL']; pretty: boolean };
  /**
   * Absent for the gateway, which owns no database. `migrationUrl` is the owner's, for the
   * migrate commands; the service itself runs as `url`'s role.
   */
  database?: { url: string; poolMax: number; migrationUrl?: string };
  redis: { url: string };
  kafka: KafkaConfig;
  health: { checkTimeoutMs: number };
  shutdown: { graceMs: number };
  telemetry: TelemetryConfig;
  auth: AuthConfig;
}

/** An issuer whose RS256 access tokens are accepted, and where its claims live. */
export interface TrustedIssuer {
  issuer: string;
  jwksUri: string;
  audience: string;
  tenantClaim: string;
  rolesClaim: string;
}

export interface AuthConfig {
  /** The configured identity provider first; the built-in issuer too when it is another one. */
  issuers: TrustedIssuer[];
}

export interface KafkaConfig {
  brokers: string[];
  topicPrefix: string;
  replicationFactor: number;
  consumer: {
    groupId: string;
    maxAttempts: number;
    retryBackoffMs: number;
    partitionsConcurrently: number;
  };
  outbox: { pollIntervalMs: number; batchSize: number };
  inboxRetentionDays: number;
}

export interface TelemetryConfig {
  serviceName: string;
  exporter: EdgeEnv['OTEL_TRACES_EXPORTER'];
  otlpEndpoint: string | undefined;
}

export function toPlatformConfig(
  service: string,
  env: EdgeEnv &
    Partial<Pick<PlatformEnv, 'DATABASE_URL' | 'DATABASE_POOL_MAX' | 'DATABASE_MIGRATION_URL'>>,
): PlatformConfig {
  return {
    service,
    http: {
      host: env.HOST,
      port: env.PORT,
      bodyLimitBytes: env.HTTP_BODY_LIMIT_BYTES,
      trustedProxies: env.HTTP_TRUSTED_PROXIES,
    },
    log: { level: env.LOG_LEVEL, pretty: env.LOG_PRETTY },
    database: env.DATABASE_URL
      ? {
          url: env.DATABASE_URL,
          poolMax: env.DATABASE_POOL_MAX ?? 10,
          ...(env.DATABASE_MIGRATION_URL ? { migrationUrl: env.DATABASE_MIGRATION_URL } : {}),
        }
      : undefined,
    redis: { url: env.REDIS_URL },
    kafka: {
      brokers: env.KAFKA_BROKERS,
      topicPrefix: env.KAFKA_TOPIC_PREFIX,
      replicationFactor: env.KAFKA_REPLICATION_FACTOR,
      consumer: {
        groupId: env.KAFKA_CONSUMER_GROUP ?? service,
        maxAttempts: env.CONSUMER_MAX_ATTEMPTS,
        retryBackoffMs: env.CONSUMER_RETRY_BACKOFF_MS,
        partitionsConcurrently: env.CONSUMER_PARTITIONS_CONCURRENTLY,
      },
      outbox: { pollIntervalMs: env.OUTBOX_POLL_INTERVAL_MS, batchSize: env.OUTBOX_BATCH_SIZE },
      inboxRetentionDays: env.INBOX_RETENTION_DAYS,
    },
    health: { checkTimeoutMs: env.HEALTH_CHECK_TIMEOUT_MS },
    shutdown: { graceMs: env.SHUTDOWN_GRACE_MS },
    telemetry: {
      serviceName: service,
      exporter: env.OTEL_TRACES_EXPORTER,
      otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    },
    auth: authConfig(env),
  };
}

function authConfig(env: EdgeEnv): AuthConfig {
  // Kept verbatim: Auth0's iss ends with a slash, the built-in issuer's does not.
  const primary = env.AUTH_ISSUER_URL;
  const issuers: TrustedIssuer[] = [
    {
      issuer: primary,
      jwksUri: env.AUTH_JWKS_URL ?? `${trimSlash(primary)}/.well-known/jwks.json`,
      audience: env.AUTH_AUDIENCE,
      tenantClaim: env.AUTH_TENANT_CLAIM,
      rolesClaim: env.AUTH_ROLES_CLAIM,
    },
  ];
  const builtin = env.AUTH_BUILTIN_ISSUER_URL && trimSlash(env.AUTH_BUILTIN_ISSUER_URL);
  if (builtin && builtin !== trimSlash(primary)) {
    issuers.push({
      issuer: builtin,
      jwksUri: env.AUTH_BUILTIN_JWKS_URL ?? `${builtin}/.well-known/jwks.json`,
      audience: env.AUTH_AUDIENCE,
      tenantClaim: 'tenant_id',
      rolesClaim: 'roles',
    });
  }
  return { issuers };
}

function trimSlash(value: string): string {
  return value.replace(/\/+$/, '');
}
