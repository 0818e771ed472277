import { type EventBatch, OnEvents } from '@codex/messaging';
import { Controller } from '@nestjs/common';

import { ActionOutcomes } from '../actions/action-outcomes';
import { CostLineProjection } from '../cost/cost-line-projection';
import { MetricStream } from '../metrics/metric-stream';
import { ResourceProjection } from '../resources/resource-projection';

/** The oracle's one handler per consumed topic (identity sign-ins have their own module). */
@Controller()
export class OracleEventsController {
  constructor(
    private readonly resources: ResourceProjection,
    private readonly costLines: CostLineProjection,
    private readonly metrics: MetricStream,
    private readonly outcomes: ActionOutcomes,
  ) {}

  @OnEvents('resource.discovered')
  onDiscovered(batch: EventBatch<'resource.discovered'>): Promise<void> {
    return this.resources.applyDiscovered(batch.events, batch.manager);
  }

  @OnEvents('resource.deleted')
  onDeleted(batch: EventBatch<'resource.deleted'>): Promise<void> {
    return this.resources.applyDeleted(batch.events, batch.manager);
  }

  @OnEvents('cost.ingested')
  onCost(batch: EventBatch<'cost.ingested'>): Promise<void> {
    return this.costLines.apply(batch.events, batch.manager);
  }

  @OnEvents('metrics.sampled')
  onMetrics(batch: EventBatch<'metrics.sampled'>): Promise<void> {
    return this.metrics.apply(batch.events, batch.manager);
  }

  @OnEvents('action.completed')
  onActionCompleted(batch: EventBatch<'action.completed'>): Promise<void> {
    return this.outcomes.apply(batch.events, batch.manager);
  }
}
