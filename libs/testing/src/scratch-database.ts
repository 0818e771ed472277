import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import { localInfra } from './local-infra';

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** An empty database on the local PostgreSQL, dropped again by `drop()`. */
export async function createScratchDatabase(prefix = 'scratch'): Promise<ScratchDatabase> {
  const infra = localInfra();
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await asAdmin(infra.postgresAdminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(infra.postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () =>
      asAdmin(infra.postgresAdminUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      ),
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
