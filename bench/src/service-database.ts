import { readFile } from 'node:fs/promises';

import type { RunningPlatform } from '@codex/testing';
import { Client } from 'pg';

/**
 * A service's database as its owner (DATABASE_MIGRATION_URL, else DATABASE_URL), read from its
 * process environment (the harness keeps it private): the service's own role sees no rows
 * outside a tenant scope (ADR 12).
 */
export async function databaseUrlOf(
  platform: RunningPlatform,
  service: 'aetherium' | 'engine-core',
): Promise<string> {
  const pid = platform.services.get(service)?.pid;
  if (!pid) throw new Error(`${service} is not running`);
  const environ = (await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0');
  const variable = (name: string) =>
    environ.find((entry) => entry.startsWith(`${name}=`))?.slice(name.length + 1);
  const url = variable('DATABASE_MIGRATION_URL') ?? variable('DATABASE_URL');
  if (!url) throw new Error(`${service} has no DATABASE_URL`);
  return url;
}

export async function withDatabase<T>(
  url: string,
  work: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
