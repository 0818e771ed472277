import { postgresOptions } from '@codex/persistence';
import { createScratchDatabase, type ScratchDatabase } from '@codex/testing';
import { DataSource } from 'typeorm';

import { database } from '../database';

export interface DiscoveryDatabase {
  scratch: ScratchDatabase;
  dataSource: DataSource;
  close(): Promise<void>;
}

/** A scratch database with engine-core's migrations applied, and a DataSource on it. */
export async function openDiscoveryDatabase(): Promise<DiscoveryDatabase> {
  const scratch = await createScratchDatabase('engine_core_discovery');
  const dataSource = await new DataSource(
    postgresOptions({
      url: scratch.url,
      poolMax: 6,
      applicationName: 'engine-core-test',
      ...database,
    }),
  ).initialize();
  await dataSource.runMigrations();
  return {
    scratch,
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await scratch.drop();
    },
  };
}
