import { postgresOptions } from '@codex/persistence';
import { createScratchDatabase, type ScratchDatabase } from '@codex/testing';
import { DataSource } from 'typeorm';

import { database } from '../database';

export interface DiscoveryDatabase {
  scratch: ScratchDatabase;
  /** As the owner (a superuser): for a test's own set-up and checks; sees every row. */
  dataSource: DataSource;
  /** As the service's runtime role: what the code under test uses; row-level security applies. */
  runtime: DataSource;
  close(): Promise<void>;
}

/** A scratch database with engine-core's migrations applied, and DataSources on it. */
export async function openDiscoveryDatabase(): Promise<DiscoveryDatabase> {
  const scratch = await createScratchDatabase('engine_core_discovery');
  const open = (url: string, poolMax: number) =>
    new DataSource(
      postgresOptions({ url, poolMax, applicationName: 'engine-core-test', ...database }),
    ).initialize();
  const dataSource = await open(scratch.url, 3);
  await dataSource.runMigrations();
  const runtime = await open(scratch.runtimeUrl, 6);
  return {
    scratch,
    dataSource,
    runtime,
    close: async () => {
      await Promise.all([dataSource.destroy(), runtime.destroy()]);
      await scratch.drop();
    },
  };
}
