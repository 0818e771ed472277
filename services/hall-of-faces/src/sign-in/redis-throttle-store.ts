import { REDIS } from '@codex/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

import type { Admission, AdmitRequest, SuccessRequest, ThrottleStore } from './throttle-store';

/**
 * KEYS: the account's known addresses, then per rule its failure count and its lock.
 * ARGV: now, attempt id, memory ms, index of the rule known addresses are exempt from (0: none),
 * the address, then per rule: free failures, base ms, cap ms.
 * Refuses (without counting) while any lock holds; else counts a failure against every rule and
 * locks a rule past its free failures for base × 2^(failures − free), at most cap.
 */
const ADMIT = `
local now = tonumber(ARGV[1])
local memory = tonumber(ARGV[3])
local exemptRule = tonumber(ARGV[4])
local rules = (#KEYS - 1) / 2
local exempt = exemptRule > 0 and redis.call('ZSCORE', KEYS[1], ARGV[5]) ~= false
local longest, refusedBy = 0, 0
for i = 1, rules do
  if not (exempt and i == exemptRule) then
    local untilAt = tonumber(redis.call('HGET', KEYS[2 * i + 1], 'until') or '0')
    if untilAt - now > longest then longest, refusedBy = untilAt - now, i end
  end
end
if refusedBy > 0 then
  local lock = KEYS[2 * refusedBy + 1]
  local first = redis.call('HSETNX', lock, 'audited', '1')
  return {0, longest, refusedBy, redis.call('HGET', lock, 'id'), tonumber(redis.call('HGET', lock, 'failures')), first}
end
for i = 1, rules do
  local failures = redis.call('INCR', KEYS[2 * i])
  redis.call('PEXPIRE', KEYS[2 * i], memory)
  local free = tonumber(ARGV[3 + 3 * i])
  if failures >= free then
    local ms = math.floor(math.min(tonumber(ARGV[5 + 3 * i]), tonumber(ARGV[4 + 3 * i]) * 2 ^ math.min(failures - free, 40)))
    local lock = KEYS[2 * i + 1]
    redis.call('DEL', lock)
    redis.call('HSET', lock, 'id', ARGV[2], 'failures', failures, 'until', now + ms)
    redis.call('PEXPIRE', lock, ms + memory)
  end
end
return {1}`;

/**
 * KEYS: the account's known addresses, then per rule its failure count and its lock (cleared
 * rules first). ARGV: attempt id, how many rules are cleared, now, the address ('' for none), how
 * long an address stays known (ms), how many are kept. A cleared rule forgets its failures; the
 * others take back this attempt's count. A lock this attempt set is lifted.
 */
const SUCCEEDED = `
local cleared = tonumber(ARGV[2])
for i = 2, #KEYS, 2 do
  if (i - 2) / 2 < cleared then
    redis.call('DEL', KEYS[i])
  elseif tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then
    redis.call('DECR', KEYS[i])
  end
  if redis.call('HGET', KEYS[i + 1], 'id') == ARGV[1] then redis.call('DEL', KEYS[i + 1]) end
end
if ARGV[4] ~= '' then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -tonumber(ARGV[6]) - 1)
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
end
return 1`;

type ThrottlingRedis = Redis & {
  codexSignInAdmit(numberOfKeys: number, ...args: (string | number)[]): Promise<unknown[]>;
  codexSignInSucceeded(numberOfKeys: number, ...args: (string | number)[]): Promise<number>;
};

/** Both scripts need a key for the known addresses; this one is never written. */
const NO_KNOWN_ADDRESSES = 'codex:sign-in:none';

/** Sign-in failures and lockouts in Redis, each decision one atomic script. */
@Injectable()
export class RedisThrottleStore implements ThrottleStore {
  private readonly redis: ThrottlingRedis;

  constructor(@Inject(REDIS) redis: Redis) {
    redis.defineCommand('codexSignInAdmit', { lua: ADMIT });
    redis.defineCommand('codexSignInSucceeded', { lua: SUCCEEDED });
    this.redis = redis as ThrottlingRedis;
  }

  async admit(request: AdmitRequest): Promise<Admission> {
    const known = request.knownAddresses;
    const keys = [
      known?.key ?? NO_KNOWN_ADDRESSES,
      ...request.rules.flatMap(({ key }) => keysOf(key)),
    ];
    const answer = await this.redis.codexSignInAdmit(
      keys.length,
      ...keys,
      request.now,
      request.attemptId,
      request.memoryMs,
      known ? known.rule + 1 : 0,
      known?.address ?? '',
      ...request.rules.flatMap((rule) => [rule.freeFailures, rule.baseMs, rule.capMs]),
    );
    if (answer[0] === 1) return { admitted: true };
    const [, retryAfterMs, rule, lockId, failures, first] = answer;
    return {
      admitted: false,
      retryAfterMs: Number(retryAfterMs),
      rule: Number(rule) - 1,
      lockId: String(lockId),
      failures: Number(failures),
      firstRefusal: first === 1,
    };
  }

  async succeeded(request: SuccessRequest): Promise<void> {
    const known = request.knownAddresses;
    const keys = [
      known?.key ?? NO_KNOWN_ADDRESSES,
      ...[...request.cleared, ...request.refunded].flatMap(keysOf),
    ];
    await this.redis.codexSignInSucceeded(
      keys.length,
      ...keys,
      request.attemptId,
      request.cleared.length,
      request.now,
      known?.address ?? '',
      known?.ttlMs ?? 1,
      known?.max ?? 1,
    );
  }
}

function keysOf(subject: string): [string, string] {
  return [`${subject}:failures`, `${subject}:lock`];
}
