import { randomUUID } from 'node:crypto';

import { Outbox } from '@codex/messaging';
import { postgresOptions } from '@codex/persistence';
import { createScratchDatabase, type ScratchDatabase } from '@codex/testing';
import { DataSource } from 'typeorm';

import { database } from '../app.module';

/** A scratch database migrated as hall-of-faces migrates it: `owner` sets up, `runtime` runs. */
export interface DirectoryDatabase {
  owner: DataSource;
  runtime: DataSource;
  drop(): Promise<void>;
}

export async function openDirectoryDatabase(prefix: string): Promise<DirectoryDatabase> {
  const scratch: ScratchDatabase = await createScratchDatabase(prefix);
  const open = (url: string) =>
    new DataSource(
      postgresOptions({ url, poolMax: 3, applicationName: 'hall-of-faces-test', ...database }),
    ).initialize();
  const owner = await open(scratch.url);
  await owner.runMigrations();
  const runtime = await open(scratch.runtimeUrl);
  return {
    owner,
    runtime,
    drop: async () => {
      await Promise.all([owner.destroy(), runtime.destroy()]);
      await scratch.drop();
    },
  };
}

export function directoryOutbox(): Outbox {
  return new Outbox('hall-of-faces', [
    'resource.discovered',
    'resource.deleted',
    'login.observed',
    'action.completed',
  ]);
}

/** Inserts a connected account as the owner (no tenant scope needed); answers its id. */
export async function insertConnection(
  owner: DataSource,
  tenantId: string,
  provider: string,
  externalAccountId: string,
  status = 'connected',
): Promise<string> {
  const id = randomUUID();
  await owner.query(
    `INSERT INTO connected_accounts (account_id, tenant_id, provider, external_account_id, name,
            regions, credential_kind, settings, status, changed_at)
     VALUES ($1, $2, $3, $4, $5, '{}', 'client-secret', '{}', $6, now())`,
    [id, tenantId, provider, externalAccountId, `${provider} ${externalAccountId}`, status],
  );
  return id;
}
