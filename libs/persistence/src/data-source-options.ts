import type { DataSourceOptions } from 'typeorm';

type PostgresOptions = Extract<DataSourceOptions, { type: 'postgres' }>;

export interface DatabaseOptions {
  url: string;
  poolMax: number;
  applicationName: string;
  entities: NonNullable<PostgresOptions['entities']>;
  migrations: NonNullable<PostgresOptions['migrations']>;
}

export const MIGRATIONS_TABLE = 'typeorm_migrations';

/** PostgreSQL options shared by every service: schema only ever changes through committed migrations. */
export function postgresOptions(options: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    applicationName: options.applicationName,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: ['error', 'migration'],
    extra: {
      max: options.poolMax,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
    },
  };
}
