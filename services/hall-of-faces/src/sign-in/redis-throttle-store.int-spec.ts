import { randomUUID } from 'node:crypto';

import { localInfra } from '@codex/testing';
import { Redis } from 'ioredis';

import { RedisThrottleStore } from './redis-throttle-store';
import type { Admission, ThrottleRule } from './throttle-store';

describe('RedisThrottleStore', () => {
  let redis: Redis;
  let store: RedisThrottleStore;
  let prefix: string;

  beforeAll(() => {
    redis = new Redis(localInfra().redisUrl);
    store = new RedisThrottleStore(redis);
  });

  beforeEach(() => {
    prefix = `codex:test:sign-in:${randomUUID()}`;
  });

  afterAll(async () => {
    await redis.quit();
  });

  const rule = (name: string, freeFailures = 3): ThrottleRule => ({
    key: `${prefix}:${name}`,
    freeFailures,
    baseMs: 1_000,
    capMs: 8_000,
  });

  const admit = (rules: ThrottleRule[], now: number, known?: { rule: number; address: string }) =>
    store.admit({
      attemptId: randomUUID(),
      now,
      memoryMs: 60_000,
      rules,
      knownAddresses: known && { ...known, key: `${prefix}:known` },
    });

  const refusal = (admission: Admission) => {
    if (admission.admitted) throw new Error('expected a refusal');
    return admission;
  };

  it('locks past the free failures for the base time, doubling per failure up to the cap', async () => {
    const rules = [rule('account')];
    for (let i = 0; i < 2; i += 1) expect(await admit(rules, 0)).toEqual({ admitted: true });
    // The third failure is let through and locks for 1 s.
    expect(await admit(rules, 0)).toEqual({ admitted: true });
    expect(refusal(await admit(rules, 400))).toMatchObject({ retryAfterMs: 600, failures: 3 });
    const locks: number[] = [];
    let now = 1_000;
    for (let i = 0; i < 5; i += 1) {
      expect(await admit(rules, now)).toEqual({ admitted: true });
      const { retryAfterMs } = refusal(await admit(rules, now));
      locks.push(retryAfterMs);
      now += retryAfterMs;
    }
    expect(locks).toEqual([2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it('counts nothing while locked, and marks only the first refusal of a lock', async () => {
    const rules = [rule('account', 1)];
    await admit(rules, 0);
    const refusals = await Promise.all(Array.from({ length: 20 }, () => admit(rules, 10)));
    expect(refusals.map((admission) => refusal(admission).firstRefusal).filter(Boolean)).toEqual([
      true,
    ]);
    expect(new Set(refusals.map((admission) => refusal(admission).lockId)).size).toBe(1);
    expect(await redis.get(`${prefix}:account:failures`)).toBe('1');
  });

  it('answers for the longest lock that holds', async () => {
    const short = rule('pair', 1);
    const long = { ...rule('ip', 1), baseMs: 5_000 };
    await admit([short, long], 0);
    expect(refusal(await admit([short, long], 0))).toMatchObject({ rule: 1, retryAfterMs: 5_000 });
  });

  it('lets a known address past the account lock, and no other', async () => {
    const account = rule('account', 1);
    await store.succeeded({
      attemptId: randomUUID(),
      now: 0,
      cleared: [account.key],
      refunded: [],
      knownAddresses: { key: `${prefix}:known`, address: '198.51.100.1', ttlMs: 60_000, max: 2 },
    });
    await admit([account], 0);
    expect(await admit([account], 1, { rule: 0, address: '198.51.100.1' })).toEqual({
      admitted: true,
    });
    expect(refusal(await admit([account], 1, { rule: 0, address: '198.51.100.2' })).rule).toBe(0);
  });

  it('on success forgets the cleared failures, takes back its own count elsewhere, and lifts only its own lock', async () => {
    const account = rule('account', 2);
    const ip = rule('ip', 2);
    await admit([account, ip], 0);
    const attemptId = randomUUID();
    await store.admit({ attemptId, now: 0, memoryMs: 60_000, rules: [account, ip] });
    expect(refusal(await admit([account, ip], 0)).lockId).toBe(attemptId);
    await store.succeeded({ attemptId, now: 0, cleared: [account.key], refunded: [ip.key] });
    expect(await redis.get(`${account.key}:failures`)).toBeNull();
    expect(await redis.get(`${ip.key}:failures`)).toBe('1');
    expect(await admit([account, ip], 0)).toEqual({ admitted: true });
    const other = randomUUID();
    await store.succeeded({ attemptId: other, now: 0, cleared: [account.key], refunded: [ip.key] });
    expect(refusal(await admit([account, ip], 0)).rule).toBe(1);
  });
});
