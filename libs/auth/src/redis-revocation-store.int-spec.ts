import { randomUUID } from 'node:crypto';

import { localInfra } from '@codex/testing';
import { Redis } from 'ioredis';

import { RedisRevocationStore } from './redis-revocation-store';

describe('revocations in Redis', () => {
  const redis = new Redis(localInfra().redisUrl);
  const store = new RedisRevocationStore(redis);
  const tenant = `tenant-${randomUUID()}`;

  afterAll(async () => {
    await redis.quit();
  });

  it('a reader gets the state at once and later changes from the feed, in order', async () => {
    await store.publish([{ tenantId: tenant, subject: 'dana', notBefore: 1_000 }]);
    const { revocations, cursor } = await store.snapshot();
    expect(revocations).toContainEqual({ tenantId: tenant, subject: 'dana', notBefore: 1_000 });
    await store.publish([
      { tenantId: tenant, subject: '*', notBefore: Infinity },
      { tenantId: tenant, subject: '*', notBefore: 5_000 },
    ]);
    const changes = await store.changesSince(cursor);
    expect(changes.revocations.filter((r) => r.tenantId === tenant)).toEqual([
      { tenantId: tenant, subject: '*', notBefore: Infinity },
      { tenantId: tenant, subject: '*', notBefore: 5_000 },
    ]);
    expect((await store.changesSince(changes.cursor)).revocations).toEqual([]);
  });

  it("pruning forgets subjects' old revocations and keeps suspensions", async () => {
    await store.publish([
      { tenantId: tenant, subject: 'old', notBefore: 10 },
      { tenantId: tenant, subject: 'new', notBefore: Date.now() },
      { tenantId: tenant, subject: '*', notBefore: Infinity },
    ]);
    await store.prune(Date.now() - 60_000);
    const mine = (await store.snapshot()).revocations.filter((r) => r.tenantId === tenant);
    expect(mine.map((r) => r.subject).sort()).toEqual(['*', 'new']);
  });
});
