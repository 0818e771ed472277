import { randomUUID } from 'node:crypto';

import { localInfra } from '@codex/testing';
import { Redis } from 'ioredis';

import type { EdgeCaller } from './edge-caller';
import { RateLimiter } from './rate-limiter';

const WINDOW_SECONDS = 60;

function callerOf(tenantId: string, apiKeyId?: string): EdgeCaller {
  return {
    principal: { subject: 'user', tenantId, roles: ['viewer'] },
    token: 'token',
    ...(apiKeyId ? { apiKeyId } : {}),
  } as EdgeCaller;
}

describe('RateLimiter against Redis', () => {
  const clients: Redis[] = [];
  const limiters: RateLimiter[] = [];
  const unavailable: unknown[] = [];

  function limiter(tenantRequests: number, apiKeyRequests = 1_000_000) {
    const redis = new Redis(localInfra().redisUrl);
    clients.push(redis);
    const made = new RateLimiter(
      redis,
      { windowSeconds: WINDOW_SECONDS, tenantRequests, apiKeyRequests },
      (error) => unavailable.push(error),
      // No timer flushes during a test: each one flushes when it says so.
      { flushIntervalMs: 3_600_000 },
    );
    limiters.push(made);
    return { made, redis };
  }

  async function redisCount(redis: Redis, kind: string, id: string, now: number) {
    const window = Math.floor(now / (WINDOW_SECONDS * 1000));
    return Number(await redis.get(`codex:ratelimit:${kind}:${id}:${window}`));
  }

  afterEach(async () => {
    await Promise.all(limiters.splice(0).map((made) => made.close()));
    clients.splice(0).forEach((redis) => redis.disconnect());
    expect(unavailable).toEqual([]);
  });

  it('refuses exactly the request over a small limit, naming it, while another tenant passes', async () => {
    const { made } = limiter(5);
    const now = Date.now();
    const tenant = randomUUID();
    const decisions = [];
    for (let i = 0; i < 6; i += 1) decisions.push(await made.check(callerOf(tenant), now));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false]);
    expect(decisions[5]).toMatchObject({ exceeded: 'tenant', limit: 5, remaining: 0 });
    expect((await made.check(callerOf(randomUUID()), now)).allowed).toBe(true);
  });

  it('counts far-from-limit requests in memory and adds them all to Redis on flush', async () => {
    const { made, redis } = limiter(10_000);
    const countCalls = jest.spyOn(
      redis as Redis & { codexCountRequests: () => unknown },
      'codexCountRequests',
    );
    const now = Date.now();
    const tenant = randomUUID();
    for (let i = 0; i < 500; i += 1)
      expect((await made.check(callerOf(tenant), now)).allowed).toBe(true);
    // The first request of the window asked Redis; the other 499 were counted here.
    expect(countCalls).toHaveBeenCalledTimes(1);
    expect(await redisCount(redis, 'tenant', tenant, now)).toBe(1);
    await made.flush();
    expect(await redisCount(redis, 'tenant', tenant, now)).toBe(500);
  });

  it('asks Redis for every request near the limit, so an API key stops at its own limit', async () => {
    const { made, redis } = limiter(10_000, 150);
    const now = Date.now();
    const tenant = randomUUID();
    const key = randomUUID();
    let allowed = 0;
    for (let i = 0; i < 200; i += 1) {
      const decision = await made.check(callerOf(tenant, key), now);
      if (decision.allowed) allowed += 1;
      else expect(decision.exceeded).toBe('api_key');
    }
    expect(allowed).toBe(150);
    await made.flush();
    expect(await redisCount(redis, 'api-key', key, now)).toBe(200);
  });

  it('two replicas sharing Redis let through the limit plus at most what each counted since its last flush', async () => {
    const first = limiter(1_000);
    const second = limiter(1_000);
    const now = Date.now();
    const tenant = randomUUID();
    let allowed = 0;
    for (let i = 0; i < 1_200; i += 1) {
      const replica = i % 2 === 0 ? first.made : second.made;
      if ((await replica.check(callerOf(tenant), now)).allowed) allowed += 1;
      if (i % 20 === 19) await Promise.all([first.made.flush(), second.made.flush()]);
    }
    await Promise.all([first.made.flush(), second.made.flush()]);
    expect(allowed).toBeGreaterThanOrEqual(1_000);
    expect(allowed).toBeLessThanOrEqual(1_000 + 10);
    expect(await redisCount(first.redis, 'tenant', tenant, now)).toBe(1_200);
  });
});
