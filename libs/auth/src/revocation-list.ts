import { AuthError } from './auth-error';
import type { Principal } from './principal';
import { type Revocation, type RevocationStore, WHOLE_TENANT } from './revocation-store';

export interface RevocationListOptions {
  /** How often the change feed is read: the bound on how long a revoked token still works. */
  pollIntervalMs: number;
  /** Re-reads the whole state this often, in case the feed was trimmed past this replica. */
  resyncIntervalMs: number;
  /** Told when the store cannot be read; the last known revocations stay in force. */
  onUnavailable: (error: unknown) => void;
}

/**
 * Every replica's in-memory copy of the revocations in force, kept current by
 * polling the shared store's change feed. A token issued before its subject's
 * (or its tenant's) not-before time is refused. When the store cannot be read
 * the last known copy keeps being enforced, and requests are not held up.
 */
export class RevocationList {
  private readonly notBefore = new Map<string, number>();
  private cursor: string | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private lastResync = 0;
  private polling: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: RevocationStore,
    private readonly options: RevocationListOptions,
  ) {}

  async start(): Promise<void> {
    await this.poll();
    this.pollTimer = setInterval(() => void this.poll(), this.options.pollIntervalMs);
    this.pollTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.pollTimer);
    await this.polling;
  }

  /** Throws AuthError('revoked') for a token issued before a revocation of its subject or tenant. */
  assertCurrent(principal: Pick<Principal, 'tenantId' | 'subject' | 'issuedAt'>): void {
    const issuedAt = principal.issuedAt.getTime();
    const tenantNotBefore = this.notBefore.get(key(principal.tenantId, WHOLE_TENANT)) ?? 0;
    if (issuedAt < tenantNotBefore) {
      throw new AuthError(
        'revoked',
        tenantNotBefore === Infinity ? 'the tenant is suspended' : 'the token was revoked',
      );
    }
    const subjectNotBefore = this.notBefore.get(key(principal.tenantId, principal.subject)) ?? 0;
    if (issuedAt < subjectNotBefore) throw new AuthError('revoked', 'the token was revoked');
  }

  /** When tokens of this subject (or the whole tenant) start being accepted again. */
  notBeforeOf(tenantId: string, subject: string): number {
    return Math.max(
      this.notBefore.get(key(tenantId, WHOLE_TENANT)) ?? 0,
      this.notBefore.get(key(tenantId, subject)) ?? 0,
    );
  }

  /** Publishes revocations and applies them here at once, so this replica never lags its own writes. */
  async publish(revocations: readonly Revocation[]): Promise<void> {
    await this.store.publish(revocations);
    this.apply(revocations);
  }

  /** Forgets subjects' revocations older than any token that could still be valid. */
  prune(before: number): Promise<number> {
    return this.store.prune(before);
  }

  /** Reads what changed (or everything, on the first call and every resync interval). */
  poll(): Promise<void> {
    this.polling = this.polling.then(async () => {
      try {
        const now = Date.now();
        if (this.cursor === undefined || now - this.lastResync > this.options.resyncIntervalMs) {
          const { revocations, cursor } = await this.store.snapshot();
          this.notBefore.clear();
          this.apply(revocations);
          this.cursor = cursor;
          this.lastResync = now;
        }
        for (;;) {
          const { revocations, cursor } = await this.store.changesSince(this.cursor);
          this.apply(revocations);
          this.cursor = cursor;
          if (revocations.length === 0) break;
        }
      } catch (error) {
        this.options.onUnavailable(error);
      }
    });
    return this.polling;
  }

  private apply(revocations: readonly Revocation[]): void {
    for (const { tenantId, subject, notBefore } of revocations) {
      this.notBefore.set(key(tenantId, subject), notBefore);
    }
  }
}

function key(tenantId: string, subject: string): string {
  return `${tenantId} ${subject}`;
}
