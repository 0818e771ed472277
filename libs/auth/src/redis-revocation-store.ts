import type { Redis } from 'ioredis';

import { type Revocation, type RevocationStore, WHOLE_TENANT } from './revocation-store';

const STATE = 'codex:auth:not-before';
const FEED = 'codex:auth:revocations';
/** The feed only has to cover the time between two polls and a restart; the hash holds the state. */
const FEED_LENGTH = 10_000;

/** Writes the state and the change feed in one step, so a reader of either sees the same thing. */
const PUBLISH = `
for i = 1, #ARGV, 3 do
  redis.call('HSET', KEYS[1], ARGV[i] .. ' ' .. ARGV[i + 1], ARGV[i + 2])
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ${FEED_LENGTH}, '*', 't', ARGV[i], 's', ARGV[i + 1], 'nb', ARGV[i + 2])
end
return #ARGV / 3`;

type PublishingRedis = Redis & {
  codexPublishRevocations(numberOfKeys: number, ...args: string[]): Promise<number>;
};

type StreamEntry = [id: string, fields: string[]];

/** Revocations in Redis: a hash of what is in force, and a stream of changes replicas poll. */
export class RedisRevocationStore implements RevocationStore {
  private readonly redis: PublishingRedis;

  constructor(redis: Redis) {
    redis.defineCommand('codexPublishRevocations', { lua: PUBLISH });
    this.redis = redis as PublishingRedis;
  }

  async snapshot(): Promise<{ revocations: Revocation[]; cursor: string }> {
    const latest = (await this.redis.xrevrange(FEED, '+', '-', 'COUNT', 1)) as StreamEntry[];
    const state = await this.redis.hgetall(STATE);
    const revocations = Object.entries(state).map(([field, notBefore]) => {
      const separator = field.indexOf(' ');
      return {
        tenantId: field.slice(0, separator),
        subject: field.slice(separator + 1),
        notBefore: Number(notBefore),
      };
    });
    return { revocations, cursor: latest[0]?.[0] ?? '0-0' };
  }

  async changesSince(cursor: string): Promise<{ revocations: Revocation[]; cursor: string }> {
    const answer = await this.redis.xread('COUNT', 1_000, 'STREAMS', FEED, cursor);
    const entries = answer?.[0]?.[1] ?? [];
    return {
      revocations: entries.map(([, fields]) => fromFields(fields)),
      cursor: entries.at(-1)?.[0] ?? cursor,
    };
  }

  async publish(revocations: readonly Revocation[]): Promise<void> {
    if (revocations.length === 0) return;
    await this.redis.codexPublishRevocations(
      2,
      STATE,
      FEED,
      ...revocations.flatMap((r) => [r.tenantId, r.subject, String(r.notBefore)]),
    );
  }

  async prune(before: number): Promise<number> {
    const stale = Object.entries(await this.redis.hgetall(STATE))
      .filter(
        ([field, notBefore]) => !field.endsWith(` ${WHOLE_TENANT}`) && Number(notBefore) < before,
      )
      .map(([field]) => field);
    return stale.length === 0 ? 0 : this.redis.hdel(STATE, ...stale);
  }
}

function fromFields(fields: string[]): Revocation {
  const value = (name: string) => fields[fields.indexOf(name) + 1] ?? '';
  return { tenantId: value('t'), subject: value('s'), notBefore: Number(value('nb')) };
}
