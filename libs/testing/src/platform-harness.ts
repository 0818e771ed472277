import { freePort } from './free-port';
import { uniqueTopicPrefix } from './kafka-topics';
import { localInfra } from './local-infra';
import { type PausableProxy, startPausableProxy } from './pausable-proxy';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';
import { runService, serviceEnv, type ServiceProcess, startService } from './service-process';

export const DATABASE_SERVICES = [
  'aetherium',
  'hall-of-faces',
  'great-library',
  'engine-core',
  'oracle',
] as const;
export type DatabaseService = (typeof DATABASE_SERVICES)[number];

/** Services whose tenant tables are behind row-level security: they run as a non-owner role. */
const ROW_LEVEL_SECURED: ReadonlySet<DatabaseService> = new Set([
  'aetherium',
  'engine-core',
  'great-library',
  'hall-of-faces',
  'oracle',
]);

export const BOOTSTRAP = {
  tenant: 'acme',
  email: 'admin@acme.test',
  password: 'correct-horse-battery-staple',
} as const;

/** The platform operator the platform starts with; signs in with `tenant=platform`. */
export const OPERATOR = {
  tenant: 'platform',
  email: 'operator@codex.test',
  password: 'operator-horse-battery-staple',
} as const;

export interface PlatformOptions {
  /** Added to every service's environment (e.g. AUTH_* to trust a test identity provider). */
  env?: Record<string, string>;
  /** Services reach PostgreSQL through a proxy the test can pause (`RunningPlatform.database`). */
  pausableDatabase?: boolean;
  /** The gateway's port, when something must know its URL before the platform starts. */
  gatewayPort?: number;
  /** Added to one service's environment, after `env`. */
  serviceEnv?: Partial<Record<DatabaseService | 'gateway', Record<string, string>>>;
}

export interface RunningPlatform {
  gatewayUrl: string;
  /** This platform's own topics: `<prefix>action.requested`… */
  topicPrefix: string;
  issuerUrl: string;
  services: ReadonlyMap<DatabaseService | 'gateway', ServiceProcess>;
  urlOf(service: DatabaseService | 'gateway'): string;
  /** The database URL a service runs with (its runtime role; through the proxy if pausable). */
  databaseUrlOf(service: DatabaseService): string;
  /** Set with `pausableDatabase`: freezes and thaws every service's PostgreSQL connections. */
  database: PausableProxy | undefined;
  stop(): Promise<void>;
}

/**
 * The whole of Codex on scratch databases: the five domain services migrated
 * and started, hall-of-faces with a bootstrap tenant and admin, and the
 * gateway in front of them.
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<RunningPlatform> {
  const ports = new Map<DatabaseService, number>();
  for (const service of DATABASE_SERVICES) ports.set(service, await freePort());
  const urlOf = (service: DatabaseService) => `http://127.0.0.1:${ports.get(service) ?? 0}`;
  // The built-in issuer's public URL is the gateway's, as people and clients reach it; the
  // services fetch its keys from hall-of-faces directly.
  const gatewayPort = options.gatewayPort ?? (await freePort());
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const issuerUrl = gatewayUrl;
  const issuerKeys = `${urlOf('hall-of-faces')}/.well-known/jwks.json`;
  const topicPrefix = uniqueTopicPrefix('platform');
  const shared = {
    AUTH_ISSUER_URL: issuerUrl,
    AUTH_JWKS_URL: issuerKeys,
    AUTH_BUILTIN_ISSUER_URL: issuerUrl,
    AUTH_BUILTIN_JWKS_URL: issuerKeys,
    KAFKA_TOPIC_PREFIX: topicPrefix,
    ...options.env,
  };
  const databases: ScratchDatabase[] = [];
  const databaseUrls = new Map<DatabaseService, string>();
  const services = new Map<DatabaseService | 'gateway', ServiceProcess>();
  const proxy = options.pausableDatabase
    ? await startPausableProxy(new URL(localInfra().postgresAdminUrl).host)
    : undefined;
  const stop = async () => {
    proxy?.resume();
    await Promise.all([...services.values()].map((service) => service.stop()));
    await Promise.all(databases.map((database) => database.drop()));
    await proxy?.close();
  };
  try {
    await Promise.all(
      DATABASE_SERVICES.map(async (service) => {
        const database = await createScratchDatabase(`platform_${service.replace(/-/g, '_')}`);
        databases.push(database);
        const env = serviceEnv(ROW_LEVEL_SECURED.has(service) ? database : database.url, {
          ...shared,
          PORT: String(ports.get(service)),
          // Its own consumer group: platforms started side by side must not share partitions.
          KAFKA_CONSUMER_GROUP: `${service}-${topicPrefix}`,
          ISSUER_URL: issuerUrl,
          CONSOLE_REDIRECT_URIS: `${gatewayUrl}/auth/callback`,
          BOOTSTRAP_TENANT_SLUG: BOOTSTRAP.tenant,
          BOOTSTRAP_ADMIN_EMAIL: BOOTSTRAP.email,
          BOOTSTRAP_ADMIN_PASSWORD: BOOTSTRAP.password,
          BOOTSTRAP_OPERATOR_EMAIL: OPERATOR.email,
          BOOTSTRAP_OPERATOR_PASSWORD: OPERATOR.password,
          // The oracle drafts actions in this platform's aetherium.
          ...(service === 'oracle'
            ? { AETHERIUM_URL: `http://127.0.0.1:${ports.get('aetherium')}` }
            : {}),
          ...options.serviceEnv?.[service],
        });
        if (proxy && env.DATABASE_URL) env.DATABASE_URL = throughProxy(env.DATABASE_URL, proxy);
        databaseUrls.set(service, env.DATABASE_URL ?? '');
        const migrate = await runService(service, env, ['migrate']).exit;
        if (migrate.code !== 0) throw new Error(`${service} migrate failed:\n${migrate.output}`);
        services.set(service, await startService(service, env));
      }),
    );
    const { DATABASE_URL: _gatewayHasNoDatabase, ...gatewayBase } = serviceEnv(
      'postgres://unused',
      shared,
    );
    services.set(
      'gateway',
      await startService('gateway', {
        ...gatewayBase,
        PORT: String(gatewayPort),
        PUBLIC_URL: gatewayUrl,
        AETHERIUM_URL: urlOf('aetherium'),
        HALL_OF_FACES_URL: urlOf('hall-of-faces'),
        GREAT_LIBRARY_URL: urlOf('great-library'),
        ENGINE_CORE_URL: urlOf('engine-core'),
        ORACLE_URL: urlOf('oracle'),
        ...options.serviceEnv?.gateway,
      }),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    gatewayUrl: services.get('gateway')?.baseUrl ?? '',
    topicPrefix,
    issuerUrl,
    services,
    urlOf: (service) => services.get(service)?.baseUrl ?? '',
    databaseUrlOf: (service) => databaseUrls.get(service) ?? '',
    database: proxy,
    stop,
  };
}

function throughProxy(databaseUrl: string, proxy: PausableProxy): string {
  const url = new URL(databaseUrl);
  url.host = proxy.address;
  return url.toString();
}
