import { type EventBatch, OnEvents } from '@codex/messaging';
import { Controller } from '@nestjs/common';

import { StoreInsights } from './store-insights';

@Controller()
export class InsightsEventsController {
  constructor(private readonly insights: StoreInsights) {}

  @OnEvents('insight.generated')
  onGenerated(batch: EventBatch<'insight.generated'>): Promise<void> {
    return this.insights.apply(batch.events, batch.manager);
  }
}
