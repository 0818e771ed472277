import type { Principal } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { NotFoundProblem, ProblemException } from '@codex/platform';
import type { DataSource } from 'typeorm';

import { type Dismissal, type InsightView, toInsightView } from './api/insight.schemas';
import { Insight } from './insight.entity';

/**
 * Dismisses an open insight with the caller's reason. Dismissing it again changes nothing; an
 * insight already superseded or resolved cannot be dismissed.
 */
export class DismissInsight {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  dismiss(caller: Principal, id: string, dismissal: Dismissal): Promise<InsightView> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const insight = await manager.findOne(Insight, {
        where: { tenantId: caller.tenantId, id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!insight) throw new NotFoundProblem(`insight ${id}`);
      if (insight.status === 'dismissed') return toInsightView(insight);
      if (insight.status !== 'open') {
        throw new ProblemException(
          409,
          'insight_not_open',
          `insight ${id} is ${insight.status}; only an open insight can be dismissed`,
        );
      }
      const dismissed: Insight = {
        ...insight,
        status: 'dismissed',
        statusReason: dismissal.reason,
        statusChangedBy: caller.subject,
        statusChangedAt: this.now(),
      };
      await manager.update(
        Insight,
        { tenantId: caller.tenantId, id },
        {
          status: dismissed.status,
          statusReason: dismissed.statusReason,
          statusChangedBy: dismissed.statusChangedBy,
          statusChangedAt: dismissed.statusChangedAt,
        },
      );
      return toInsightView(dismissed);
    });
  }
}
