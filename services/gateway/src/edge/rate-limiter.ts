import type { Redis } from 'ioredis';

import type { GatewayConfig } from '../config';
import type { EdgeCaller } from './edge-caller';
import { type LimitedKey, RateLimitStore, type RateLimitStoreTuning } from './rate-limit-store';

export interface RateDecision {
  allowed: boolean;
  /** The limit that binds this caller most tightly, for the RateLimit-* headers. */
  limit: number;
  remaining: number;
  resetSeconds: number;
  /** Which limit refused the request. */
  exceeded?: 'tenant' | 'api_key';
}

type LimitKind = NonNullable<RateDecision['exceeded']>;

interface Limited extends LimitedKey {
  kind: LimitKind;
}

/**
 * Fixed-window limits, one per tenant (all its callers together) and one per API key; the
 * tightest one answers. When Redis cannot answer the request passes: a Redis outage must not
 * take the API down.
 */
export class RateLimiter {
  private readonly store: RateLimitStore;

  constructor(
    redis: Redis,
    private readonly limits: GatewayConfig['rateLimit'],
    private readonly onUnavailable: (error: unknown) => void,
    tuning: Partial<RateLimitStoreTuning> = {},
  ) {
    this.store = new RateLimitStore(redis, limits.windowSeconds * 1000, onUnavailable, tuning);
  }

  async check(caller: EdgeCaller, now = Date.now()): Promise<RateDecision> {
    const windowMs = this.limits.windowSeconds * 1000;
    const window = Math.floor(now / windowMs);
    const resetSeconds = Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000));
    const limited = this.limitsOf(caller, window);
    let counts: number[];
    try {
      counts = await this.store.add(limited, window);
    } catch (error) {
      this.onUnavailable(error);
      return { allowed: true, limit: this.limits.tenantRequests, remaining: 0, resetSeconds };
    }
    return this.decide(limited, counts, resetSeconds);
  }

  /** Sends what was counted locally; called on a timer, and on shutdown. */
  flush(): Promise<void> {
    return this.store.flush();
  }

  close(): Promise<void> {
    return this.store.close();
  }

  private limitsOf(caller: EdgeCaller, window: number): Limited[] {
    const limited: Limited[] = [
      {
        key: `codex:ratelimit:tenant:${caller.principal.tenantId}:${window}`,
        limit: this.limits.tenantRequests,
        kind: 'tenant',
      },
    ];
    if (caller.apiKeyId) {
      limited.push({
        key: `codex:ratelimit:api-key:${caller.apiKeyId}:${window}`,
        limit: this.limits.apiKeyRequests,
        kind: 'api_key',
      });
    }
    return limited;
  }

  private decide(limited: Limited[], counts: number[], resetSeconds: number): RateDecision {
    let binding: { limit: number; remaining: number; kind: LimitKind } = {
      limit: this.limits.tenantRequests,
      remaining: Infinity,
      kind: 'tenant',
    };
    for (const [i, entry] of limited.entries()) {
      const remaining = entry.limit - (counts[i] ?? 0);
      if (remaining < binding.remaining)
        binding = { limit: entry.limit, remaining, kind: entry.kind };
    }
    const allowed = binding.remaining >= 0;
    return {
      allowed,
      limit: binding.limit,
      remaining: Math.max(0, binding.remaining),
      resetSeconds,
      ...(allowed ? {} : { exceeded: binding.kind }),
    };
  }
}
