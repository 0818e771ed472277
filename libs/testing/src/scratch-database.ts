import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import { localInfra } from './local-infra';

export interface ScratchDatabase {
  name: string;
  /** As the superuser that owns the database: for migrations and test set-up. */
  url: string;
  /**
   * As a disposable login role that owns nothing and is no superuser, with row access to every
   * table the owner creates: how a service runs, so row-level security applies (ADR 12).
   */
  runtimeUrl: string;
  /** The runtime role's name. */
  runtimeRole: string;
  drop(): Promise<void>;
}

/** An empty database on the local PostgreSQL and its runtime role, both dropped again by `drop()`. */
export async function createScratchDatabase(prefix = 'scratch'): Promise<ScratchDatabase> {
  const infra = localInfra();
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const role = `${name}_app`;
  await asAdmin(infra.postgresAdminUrl, async (client) => {
    await client.query(`CREATE DATABASE "${name}"`);
    await client.query(
      `CREATE ROLE "${role}" LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '${role}'`,
    );
    await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE "${name}" TO "${role}"`);
  });
  const url = new URL(infra.postgresAdminUrl);
  url.pathname = `/${name}`;
  await asAdmin(url.toString(), (client) =>
    client.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "${role}";
       ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO "${role}"`,
    ),
  );
  const runtimeUrl = new URL(url);
  runtimeUrl.username = role;
  runtimeUrl.password = role;
  return {
    name,
    url: url.toString(),
    runtimeUrl: runtimeUrl.toString(),
    runtimeRole: role,
    drop: () =>
      asAdmin(infra.postgresAdminUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await client.query(`DROP ROLE IF EXISTS "${role}"`);
      }),
  };
}

async function asAdmin(url: string, work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
