import type { DataSource } from 'typeorm';

import { openMessagingDatabase } from '../messaging-database.fixture';
import { InboxPruner } from './inbox-pruner';

describe('InboxPruner', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ dataSource, close } = await openMessagingDatabase('messaging_inbox'));
  });

  afterAll(() => close());

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
