import type { Redis } from 'ioredis';

import type { GatewayConfig } from '../config';
import type { EdgeCaller } from './edge-caller';

/** Counts one request against every key given and answers the new counts; windows expire themselves. */
const COUNT_REQUEST = `
local counts = {}
for i, key in ipairs(KEYS) do
  counts[i] = redis.call('INCR', key)
  if counts[i] == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
end
return counts`;

export interface RateDecision {
  allowed: boolean;
  /** The limit that binds this caller most tightly, for the RateLimit-* headers. */
  limit: number;
  remaining: number;
  resetSeconds: number;
  /** Which limit refused the request. */
  exceeded?: 'tenant' | 'api_key';
}

type CountingRedis = Redis & {
  codexCountRequest(numberOfKeys: number, ...args: (string | number)[]): Promise<number[]>;
};

/**
 * Fixed-window limits in Redis, one per tenant (all its callers together) and
 * one per API key, checked in one round trip. When Redis cannot answer in
 * time the request passes: a Redis outage must not take the API down.
 */
export class RateLimiter {
  private readonly redis: CountingRedis;

  constructor(
    redis: Redis,
    private readonly limits: GatewayConfig['rateLimit'],
    private readonly onUnavailable: (error: unknown) => void,
  ) {
    redis.defineCommand('codexCountRequest', { lua: COUNT_REQUEST });
    this.redis = redis as CountingRedis;
  }

  async check(caller: EdgeCaller, now = Date.now()): Promise<RateDecision> {
    const windowMs = this.limits.windowSeconds * 1000;
    const window = Math.floor(now / windowMs);
    const resetSeconds = Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000));
    const keys = [`codex:ratelimit:tenant:${caller.principal.tenantId}:${window}`];
    if (caller.apiKeyId) keys.push(`codex:ratelimit:api-key:${caller.apiKeyId}:${window}`);
    let counts: number[];
    try {
      counts = await this.redis.codexCountRequest(keys.length, ...keys, windowMs);
    } catch (error) {
      this.onUnavailable(error);
      return { allowed: true, limit: this.limits.tenantRequests, remaining: 0, resetSeconds };
    }
    const [tenantCount = 0, keyCount] = counts;
    const tenantLeft = this.limits.tenantRequests - tenantCount;
    const keyLeft = keyCount === undefined ? Infinity : this.limits.apiKeyRequests - keyCount;
    const byKey = keyLeft < tenantLeft;
    const remaining = Math.min(tenantLeft, keyLeft);
    return {
      allowed: remaining >= 0,
      limit: byKey ? this.limits.apiKeyRequests : this.limits.tenantRequests,
      remaining: Math.max(0, remaining),
      resetSeconds,
      ...(remaining < 0 ? { exceeded: byKey ? 'api_key' : 'tenant' } : {}),
    };
  }
}
