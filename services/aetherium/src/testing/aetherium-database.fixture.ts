import { postgresOptions } from '@codex/persistence';
import { createScratchDatabase, type ScratchDatabase } from '@codex/testing';
import { DataSource } from 'typeorm';

import { database } from '../app.module';

export interface AetheriumDatabase {
  scratch: ScratchDatabase;
  /** As the owner (a superuser): for a test's own set-up and checks; sees every row. */
  owner: DataSource;
  /** As the service's runtime role: what the code under test uses; row-level security applies. */
  runtime: DataSource;
  close(): Promise<void>;
}

/** An action row for a test's set-up, written as the owner; `values` override the defaults. */
export async function insertAction(
  owner: DataSource,
  values: { id: string; tenant_id: string } & Record<string, unknown>,
): Promise<void> {
  const row = {
    idempotency_key: `key-${values.id}`,
    target_urn: 'codex:aws:123456789012:eu-west-1:ec2/instance/i-1',
    type: 'stop',
    params: {},
    reason: 'test',
    plan: {},
    status: 'pending_approval',
    requires_approval: false,
    requested_by: 'user-1',
    // Columns a newer migration may have added; jsonb_populate_record skips unknown keys.
    requested_by_person: 'user-1',
    executor: 'engine-core',
    requested_at: new Date().toISOString(),
    executions: 0,
    ...values,
  };
  await owner.query(
    `INSERT INTO actions SELECT (jsonb_populate_record(NULL::actions, $1::jsonb)).*`,
    [JSON.stringify(row)],
  );
}

/** A scratch database with aetherium's migrations applied, and DataSources on it. */
export async function openAetheriumDatabase(): Promise<AetheriumDatabase> {
  const scratch = await createScratchDatabase('aetherium_tenancy');
  const open = (url: string) =>
    new DataSource(
      postgresOptions({ url, poolMax: 3, applicationName: 'aetherium-test', ...database }),
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
