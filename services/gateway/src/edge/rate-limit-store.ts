import type { Redis } from 'ioredis';

/** Adds each amount to its key and answers the new counts; windows expire themselves. */
const COUNT_REQUESTS = `
local counts = {}
for i, key in ipairs(KEYS) do
  local amount = tonumber(ARGV[i + 1])
  counts[i] = redis.call('INCRBY', key, amount)
  if counts[i] == amount then redis.call('PEXPIRE', key, ARGV[1]) end
end
return counts`;

type CountingRedis = Redis & {
  codexCountRequests(numberOfKeys: number, ...args: (string | number)[]): Promise<number[]>;
};

/** What this gateway knows of one window's count: Redis' total when last asked, plus its own since. */
interface WindowCount {
  window: number;
  counted: number;
  unsent: number;
}

/** One fixed-window counter to add a request to, and the limit it is held to. */
export interface LimitedKey {
  key: string;
  limit: number;
}

export interface RateLimitStoreTuning {
  /** How often requests counted locally are added to Redis. */
  flushIntervalMs: number;
  /**
   * Requests are counted locally only while the count stays this far below the limit (a share
   * of it, and at least `minHeadroom`); nearer the limit every request asks Redis, so the
   * request over the limit is refused exactly.
   */
  headroomShare: number;
  minHeadroom: number;
}

const DEFAULT_TUNING: RateLimitStoreTuning = {
  flushIntervalMs: 25,
  headroomShare: 0.1,
  minHeadroom: 100,
};

/**
 * Fixed-window request counts in Redis, added atomically by a Lua script. Far from its limits
 * a request is counted in memory and the counts go to Redis in one batch every few
 * milliseconds, so the common request waits on no round trip; near a limit (and for the first
 * request of a window) it is counted in Redis before it is answered. Every gateway replica's
 * counts meet in Redis; between flushes a replica can let through at most what it counted
 * locally, all of it well below the limit.
 */
export class RateLimitStore {
  private readonly redis: CountingRedis;
  private readonly counts = new Map<string, WindowCount>();
  private readonly tuning: RateLimitStoreTuning;
  private readonly flushTimer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    redis: Redis,
    private readonly windowMs: number,
    private readonly onUnavailable: (error: unknown) => void,
    tuning: Partial<RateLimitStoreTuning> = {},
  ) {
    redis.defineCommand('codexCountRequests', { lua: COUNT_REQUESTS });
    this.redis = redis as CountingRedis;
    this.tuning = { ...DEFAULT_TUNING, ...tuning };
    this.flushTimer = setInterval(() => void this.flush(), this.tuning.flushIntervalMs);
    this.flushTimer.unref();
  }

  /**
   * Counts one request against each key of `window` and answers each key's count so far,
   * this request included. Rejects, counting nothing, when Redis had to be asked and did not
   * answer.
   */
  async add(limited: LimitedKey[], window: number): Promise<number[]> {
    const counts = limited.map(({ key }) => this.countOf(key, window));
    if (limited.every((entry, i) => this.farFromLimit(entry.limit, counts[i]))) {
      for (const count of counts) if (count) count.unsent += 1;
      return counts.map(totalOf);
    }
    const keys = limited.map(({ key }) => key);
    await this.send(keys, window, 1);
    return keys.map((key) => totalOf(this.counts.get(key)));
  }

  /** Sends what was counted locally; called on a timer, and on shutdown. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const current = Math.floor(Date.now() / this.windowMs);
      const byWindow = new Map<number, string[]>();
      for (const [key, count] of this.counts) {
        if (count.unsent > 0)
          byWindow.set(count.window, [...(byWindow.get(count.window) ?? []), key]);
        else if (count.window < current) this.counts.delete(key);
      }
      for (const [window, keys] of byWindow) {
        try {
          await this.send(keys, window, 0);
        } catch (error) {
          this.onUnavailable(error);
        }
      }
    });
    return this.flushing;
  }

  close(): Promise<void> {
    clearInterval(this.flushTimer);
    return this.flush();
  }

  private countOf(key: string, window: number): WindowCount | undefined {
    const count = this.counts.get(key);
    return count?.window === window ? count : undefined;
  }

  private farFromLimit(limit: number, count: WindowCount | undefined): boolean {
    if (!count) return false;
    const headroom = Math.max(
      this.tuning.minHeadroom,
      Math.ceil(limit * this.tuning.headroomShare),
    );
    return count.counted + count.unsent + 1 <= limit - headroom;
  }

  /** Adds each key's unsent requests (plus `extra`) in Redis, and records Redis' totals. */
  private async send(keys: string[], window: number, extra: number) {
    const amounts = keys.map((key) => (this.counts.get(key)?.unsent ?? 0) + extra);
    for (const key of keys) {
      const count = this.counts.get(key);
      if (count) count.unsent = 0;
    }
    let totals: number[];
    try {
      totals = await this.redis.codexCountRequests(keys.length, ...keys, this.windowMs, ...amounts);
    } catch (error) {
      keys.forEach((key, i) => {
        const count = this.counts.get(key);
        // What was counted locally is sent again next time; the failed request itself is not.
        if (count) count.unsent += (amounts[i] ?? 0) - extra;
      });
      throw error;
    }
    keys.forEach((key, i) => {
      const total = totals[i] ?? 0;
      const count = this.counts.get(key);
      if (count) count.counted = Math.max(count.counted, total);
      else this.counts.set(key, { window, counted: total, unsent: 0 });
    });
  }
}

function totalOf(count: WindowCount | undefined): number {
  return (count?.counted ?? 0) + (count?.unsent ?? 0);
}
