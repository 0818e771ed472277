import { postgresOptions } from '@codex/persistence';
import { createScratchDatabase } from '@codex/testing';
import { DataSource } from 'typeorm';

import { messagingEntities, messagingMigrations } from './migrations';

/** For tests: a scratch database with the outbox and inbox tables, and a way to drop it. */
export async function openMessagingDatabase(prefix: string) {
  const database = await createScratchDatabase(prefix);
  const dataSource = await new DataSource(
    postgresOptions({
      url: database.url,
      poolMax: 2,
      applicationName: prefix,
      entities: messagingEntities,
      migrations: messagingMigrations,
    }),
  ).initialize();
  await dataSource.runMigrations();
  return {
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}
