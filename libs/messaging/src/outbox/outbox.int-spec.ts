import { create } from '@bufbuild/protobuf';
import { ResourceDeletedSchema } from '@codex/contracts';
import type { DataSource } from 'typeorm';

import { openMessagingDatabase } from '../messaging-database.fixture';
import { Outbox } from './outbox';

describe('Outbox in a transaction', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  const outbox = new Outbox('engine-core', ['resource.deleted']);
  const events = Array.from({ length: 3 }, (_, index) => ({
    payload: create(ResourceDeletedSchema, {
      urn: `codex:aws:1:eu-west-1:ec2/instance/i-${index}`,
    }),
    metadata: { key: `codex:aws:1:eu-west-1:ec2/instance/i-${index}`, tenantId: 't' },
  }));

  beforeAll(async () => {
    ({ dataSource, close } = await openMessagingDatabase('messaging_outbox'));
  });

  afterAll(() => close());

  const rows = async () =>
    (await dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM outbox_messages'))[0]
      ?.n;

  it('keeps no event when the state change rolls back', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await outbox.add(manager, 'resource.deleted', events);
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    expect(await rows()).toBe(0);
  });

  it('keeps every event, in order, with its CloudEvents headers, when it commits', async () => {
    const ids = await dataSource.transaction((manager) =>
      outbox.add(manager, 'resource.deleted', events),
    );
    const stored = await dataSource.query<
      { event_id: string; message_key: string; headers: Record<string, string> }[]
    >('SELECT event_id, message_key, headers FROM outbox_messages ORDER BY seq');
    expect(stored.map((row) => row.event_id)).toEqual(ids);
    expect(stored.map((row) => row.message_key)).toEqual(events.map((event) => event.metadata.key));
    expect(stored[0]?.headers).toMatchObject({
      ce_type: 'codex.resource.deleted.v1',
      ce_source: 'engine-core',
    });
  });
});
