import type { DeliveredEvent } from '@codex/messaging';
import { withTenant } from '@codex/persistence';
import type { EntityManager } from 'typeorm';

import { Insight } from './insight.entity';
import type { InsightFollower } from './insight-follower';
import { type InsightRecord, toInsightRecord } from './insight-record';

const STORE = 'aetherium:insights';

/**
 * Stores each `insight.generated` once, by tenant and insight id. At most one insight is open per
 * tenant, kind, subject, details type and dedupe key: the newer (by generation time) supersedes
 * the open one, which stays as history; an older one arriving late is stored superseded.
 * Followers act on an insight the first time it is stored.
 */
export class StoreInsights {
  constructor(
    private readonly followers: readonly InsightFollower[],
    private readonly now: () => Date = () => new Date(),
  ) {}

  async apply(
    events: DeliveredEvent<'insight.generated'>[],
    manager: EntityManager,
  ): Promise<void> {
    for (const event of events) {
      const record = toInsightRecord(event, this.now());
      await withTenant(manager, record.tenantId, async (scoped) => {
        const stored = await this.store(scoped, record);
        if (!stored) return;
        for (const follower of this.followers) await follower.follow(scoped, stored);
      });
    }
  }

  /** The stored insight, or undefined when this id was stored before. */
  private async store(manager: EntityManager, record: InsightRecord): Promise<Insight | undefined> {
    const insights = manager.getRepository(Insight);
    if (await insights.existsBy({ tenantId: record.tenantId, id: record.id })) return undefined;
    const open = await insights.findOne({
      where: {
        tenantId: record.tenantId,
        kind: record.kind,
        subjectUrn: record.subjectUrn,
        type: record.type,
        dedupeKey: record.dedupeKey,
        status: 'open',
      },
      lock: { mode: 'pessimistic_write' },
    });
    const supersedesOpen = !open || record.generatedAt >= open.generatedAt;
    if (open && supersedesOpen) {
      await insights.update(
        { tenantId: open.tenantId, id: open.id },
        {
          status: 'superseded',
          supersededBy: record.id,
          statusChangedBy: STORE,
          statusChangedAt: record.receivedAt,
        },
      );
    }
    const insight: Insight = {
      ...record,
      status: supersedesOpen ? 'open' : 'superseded',
      supersededBy: supersedesOpen ? null : (open?.id ?? null),
      statusReason: null,
      statusChangedBy: supersedesOpen ? null : STORE,
      statusChangedAt: supersedesOpen ? null : record.receivedAt,
    };
    await insights.save(insights.create(insight));
    return insight;
  }
}
