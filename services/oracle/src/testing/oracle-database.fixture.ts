import { postgresOptions } from '@codex/persistence';
import { createScratchDatabase, type ScratchDatabase } from '@codex/testing';
import { DataSource } from 'typeorm';

import { database } from '../database';

export interface OracleDatabase {
  scratch: ScratchDatabase;
  /** As the owner: for a test's own set-up and checks; sees every row. */
  owner: DataSource;
  /** As the service's runtime role: what the code under test uses; row-level security applies. */
  runtime: DataSource;
  close(): Promise<void>;
}

/** A scratch database with the oracle's migrations applied, and DataSources on it. */
export async function openOracleDatabase(): Promise<OracleDatabase> {
  const scratch = await createScratchDatabase('oracle_test');
  const open = (url: string) =>
    new DataSource(
      postgresOptions({ url, poolMax: 3, applicationName: 'oracle-test', ...database }),
    ).initialize();
  const owner = await open(scratch.url);
  await owner.runMigrations();
  const runtime = await open(scratch.runtimeUrl);
  return {
    scratch,
    owner,
    runtime,
    close: async () => {
      await Promise.all([owner.destroy(), runtime.destroy()]);
      await scratch.drop();
    },
  };
}
