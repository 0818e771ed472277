import { Inject, Injectable } from '@nestjs/common';

import type { IssuerConfig } from '../config';
import { ISSUER_CONFIG } from '../issuer-config.token';
import { OAuthError } from '../tokens/oauth-error';

/** A tenant with this many checks waiting is answered 429 rather than queued further. */
const MAX_WAITING_PER_TENANT = 50;

/**
 * Runs password and secret checks (scrypt, ~0.1 s of a core each) a few at a time, and no
 * tenant more than all but one of them, so a sign-in of another tenant always finds a slot
 * soon. Checks that have to wait start one tenant at a time, round robin: a tenant whose
 * sign-ins are attacked from many addresses waits behind its own attempts, not other tenants
 * behind them.
 */
@Injectable()
export class FairCheckQueue {
  private running = 0;
  private readonly runningBy = new Map<string, number>();
  /** Insertion-ordered: the first tenant that may start goes next, then to the back. */
  private readonly waiting = new Map<string, (() => void)[]>();
  private readonly limit: number;
  private readonly perTenant: number;

  constructor(@Inject(ISSUER_CONFIG) config: IssuerConfig) {
    this.limit = config.signIn.concurrentChecks;
    this.perTenant = Math.max(1, this.limit - 1);
  }

  /** `tenant` is the tenant the attempt aims at ('' when unknown: all such share one turn). */
  async run<T>(tenant: string, check: () => Promise<T>): Promise<T> {
    if (!this.waiting.has(tenant) && this.mayStart(tenant)) {
      this.start(tenant);
    } else {
      const queue = this.waiting.get(tenant) ?? [];
      if (queue.length >= MAX_WAITING_PER_TENANT) {
        throw new OAuthError('too_many_attempts', 'too many sign-ins at once; try again', 1);
      }
      // Started by dispatch() when its turn comes.
      await new Promise<void>((resolve) => {
        queue.push(resolve);
        this.waiting.set(tenant, queue);
      });
    }
    try {
      return await check();
    } finally {
      this.running -= 1;
      this.runningBy.set(tenant, (this.runningBy.get(tenant) ?? 1) - 1);
      if (this.runningBy.get(tenant) === 0) this.runningBy.delete(tenant);
      this.dispatch();
    }
  }

  private mayStart(tenant: string): boolean {
    return this.running < this.limit && (this.runningBy.get(tenant) ?? 0) < this.perTenant;
  }

  private start(tenant: string): void {
    this.running += 1;
    this.runningBy.set(tenant, (this.runningBy.get(tenant) ?? 0) + 1);
  }

  /** Starts waiting checks while slots are free, the first tenant in turn that may start. */
  private dispatch(): void {
    for (const [tenant, queue] of this.waiting) {
      if (this.running >= this.limit) return;
      if (!this.mayStart(tenant)) continue;
      const next = queue.shift();
      this.waiting.delete(tenant);
      if (queue.length > 0) this.waiting.set(tenant, queue);
      this.start(tenant);
      next?.();
    }
  }
}
