import { type Revocation, RevocationList, WHOLE_TENANT } from '@codex/auth';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource, type EntityManager, IsNull, Not } from 'typeorm';

import type { IssuerConfig } from '../config';
import { ISSUER_CONFIG } from '../issuer-config.token';
import { Tenant } from '../tenants/tenant.entity';
import { TokenRevocation } from './token-revocation.entity';

const PUBLISH_INTERVAL_MS = 1_000;
const PUBLISH_BATCH = 500;
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;
/** Beyond the longest token lifetime, for clock skew. */
const PRUNE_MARGIN_MS = 10 * 60 * 1000;

/**
 * Revokes tokens: records revocations in the caller's transaction and
 * publishes them to every replica's revocation list (ADR 11). Publishing is
 * retried every second until Redis takes them; suspended and deleted tenants
 * are published again at start, in case Redis lost them.
 */
@Injectable()
export class TokenRevocations implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TokenRevocations.name);
  private timer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private publishing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(RevocationList) private readonly list: RevocationList,
    @Inject(ISSUER_CONFIG) private readonly config: IssuerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.republishClosedTenants().catch((error: unknown) =>
      this.logger.warn(`suspended tenants not republished yet: ${String(error)}`),
    );
    this.timer = setInterval(() => void this.publishPending(), PUBLISH_INTERVAL_MS);
    this.timer.unref();
    this.pruneTimer = setInterval(() => void this.prune(), PRUNE_INTERVAL_MS);
    this.pruneTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.pruneTimer);
    await this.publishing;
  }

  /** Every token these subjects of the tenant hold now stops working; new ones are unaffected. */
  revokeTokensOf(manager: EntityManager, tenantId: string, subjects: string[]): Promise<void> {
    const notBefore = Date.now();
    return this.record(
      manager,
      subjects.map((subject) => ({ tenantId, subject, notBefore })),
    );
  }

  /** No token of the tenant works, old or new, until `reopenTenant`. */
  closeTenant(manager: EntityManager, tenantId: string): Promise<void> {
    return this.record(manager, [{ tenantId, subject: WHOLE_TENANT, notBefore: Infinity }]);
  }

  /** Tokens issued from now on work again; those from before the suspension stay refused. */
  reopenTenant(manager: EntityManager, tenantId: string): Promise<void> {
    return this.record(manager, [{ tenantId, subject: WHOLE_TENANT, notBefore: Date.now() }]);
  }

  /** Sends what was recorded and not yet sent, oldest first; failures are retried by the timer. */
  publishPending(): Promise<void> {
    this.publishing = this.publishing.then(async () => {
      try {
        for (;;) {
          const sent = await this.publishBatch();
          if (sent < PUBLISH_BATCH) return;
        }
      } catch (error) {
        this.logger.warn(`revocations not published yet: ${String(error)}`);
      }
    });
    return this.publishing;
  }

  /**
   * A subject's revocation matters only while a token issued before it could
   * still be valid; after that it is forgotten, in Redis and here. Tenant-wide
   * entries (suspensions) are kept.
   */
  async prune(): Promise<void> {
    const before = Date.now() - this.config.accessTokenTtlSeconds * 1000 - PRUNE_MARGIN_MS;
    try {
      await this.list.prune(before);
      await this.dataSource
        .createQueryBuilder()
        .delete()
        .from(TokenRevocation)
        .where('published_at < :before', { before: new Date(before) })
        .execute();
    } catch (error) {
      this.logger.warn(`revocations not pruned: ${String(error)}`);
    }
  }

  private async record(manager: EntityManager, revocations: Revocation[]): Promise<void> {
    if (revocations.length === 0) return;
    await manager.insert(TokenRevocation, revocations);
  }

  private publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const pending = await manager.find(TokenRevocation, {
        where: { publishedAt: IsNull() },
        order: { id: 'ASC' },
        take: PUBLISH_BATCH,
        lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
      });
      if (pending.length === 0) return 0;
      await this.list.publish(
        pending.map(({ tenantId, subject, notBefore }) => ({ tenantId, subject, notBefore })),
      );
      await manager.update(
        TokenRevocation,
        pending.map(({ id }) => id),
        { publishedAt: () => 'now()' },
      );
      return pending.length;
    });
  }

  private async republishClosedTenants(): Promise<void> {
    const closed = await this.dataSource
      .getRepository(Tenant)
      .find({ select: { id: true }, where: { status: Not('active') } });
    await this.list.publish(
      closed.map(({ id }) => ({ tenantId: id, subject: WHOLE_TENANT, notBefore: Infinity })),
    );
  }
}
