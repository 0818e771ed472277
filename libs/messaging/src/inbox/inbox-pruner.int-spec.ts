import { postgresOptions } from '@codex/persistence';
import { createScratchDatabase, type ScratchDatabase } from '@codex/testing';
import { DataSource } from 'typeorm';

import { messagingEntities, messagingMigrations } from '../migrations';
import { InboxPruner } from './inbox-pruner';

describe('InboxPruner', () => {
  let database: ScratchDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createScratchDatabase('messaging_inbox');
    dataSource = await new DataSource(
      postgresOptions({
        url: database.url,
        poolMax: 2,
        applicationName: 'inbox-test',
        entities: messagingEntities,
        migrations: messagingMigrations,
      }),
    ).initialize();
    await dataSource.runMigrations();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('removes marks older than the retention and keeps the rest', async () => {
    await dataSource.query(
      `INSERT INTO inbox_events (event_id, topic, status, received_at)
       SELECT gen_random_uuid(), 'resource.discovered', 'processed', now() - make_interval(days => age)
         FROM generate_series(1, 50) AS n, LATERAL (SELECT CASE WHEN n <= 30 THEN 10 ELSE 50 END AS age) AS a`,
    );
    expect(await new InboxPruner(dataSource, 35).prune()).toBe(20);
    const [left] = await dataSource.query<{ oldest: number; n: number }[]>(
      `SELECT count(*)::int AS n, max(extract(day FROM now() - received_at))::int AS oldest FROM inbox_events`,
    );
    expect(left).toEqual({ n: 30, oldest: 10 });
  });
});
