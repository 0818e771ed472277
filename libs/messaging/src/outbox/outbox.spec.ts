import { create } from '@bufbuild/protobuf';
import { ResourceDeletedSchema } from '@codex/contracts';
import type { EntityManager } from 'typeorm';

import { Outbox } from './outbox';

describe('Outbox', () => {
  const event = {
    payload: create(ResourceDeletedSchema, { urn: 'codex:aws:1:eu-west-1:ec2/instance/i-1' }),
    metadata: { key: 'codex:aws:1:eu-west-1:ec2/instance/i-1', tenantId: 't' },
  };

  it('refuses a topic the service did not declare, before touching the database', async () => {
    const outbox = new Outbox('engine-core', ['resource.discovered']);
    await expect(outbox.add({} as EntityManager, 'resource.deleted', [event])).rejects.toThrow(
      'engine-core does not publish resource.deleted: add it to MessagingModule.forRoot({ publishes })',
    );
  });

  it('refuses to write outside a transaction', async () => {
    const outbox = new Outbox('engine-core', ['resource.deleted']);
    const manager = { queryRunner: { isTransactionActive: false } } as unknown as EntityManager;
    await expect(outbox.add(manager, 'resource.deleted', [event])).rejects.toThrow(
      /needs a transaction/,
    );
  });
});
