import { Inject, Injectable } from '@nestjs/common';

import type { IssuerConfig } from '../config';
import { ISSUER_CONFIG } from '../issuer-config.token';
import { OAuthError } from '../tokens/oauth-error';

/** A tenant with this many checks waiting is answered 429 rather than queued further. */
const MAX_WAITING_PER_TENANT = 50;

/**
 * Runs password and secret checks (scrypt, ~0.1 s of a core each) a few at a time. Checks that
 * have to wait are started one tenant at a time, round robin, so a tenant whose sign-ins are
 * attacked from many addresses waits behind its own attempts, not other tenants behind them.
 */
@Injectable()
export class FairCheckQueue {
  private running = 0;
  /** Insertion-ordered: the tenant at the front goes next, then to the back if it has more. */
  private readonly waiting = new Map<string, (() => void)[]>();
  private readonly limit: number;

  constructor(@Inject(ISSUER_CONFIG) config: IssuerConfig) {
    this.limit = config.signIn.concurrentChecks;
  }

  /** `tenant` is the tenant the attempt aims at ('' when unknown: all such share one turn). */
  async run<T>(tenant: string, check: () => Promise<T>): Promise<T> {
    if (this.running < this.limit) {
      this.running += 1;
    } else {
      const queue = this.waiting.get(tenant) ?? [];
      if (queue.length >= MAX_WAITING_PER_TENANT) {
        throw new OAuthError('too_many_attempts', 'too many sign-ins at once; try again', 1);
      }
      await new Promise<void>((resolve) => {
        queue.push(resolve);
        this.waiting.set(tenant, queue);
      });
    }
    try {
      return await check();
    } finally {
      this.handOver();
    }
  }

  /** Gives the finished check's slot to the next tenant in turn, or frees it. */
  private handOver(): void {
    const next = this.waiting.entries().next();
    if (next.done) {
      this.running -= 1;
      return;
    }
    const [tenant, queue] = next.value;
    const start = queue.shift();
    this.waiting.delete(tenant);
    if (queue.length > 0) this.waiting.set(tenant, queue);
    start?.();
  }
}
