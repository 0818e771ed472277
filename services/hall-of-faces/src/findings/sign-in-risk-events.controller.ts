import { type EventBatch, OnEvents } from '@codex/messaging';
import { Controller } from '@nestjs/common';

import { RecordSignInRisk } from './record-sign-in-risk';

/** The oracle's insights, of which hall-of-faces keeps the sign-in risk of accounts. */
@Controller()
export class SignInRiskEventsController {
  constructor(private readonly record: RecordSignInRisk) {}

  @OnEvents('insight.generated')
  onInsight(batch: EventBatch<'insight.generated'>): Promise<void> {
    return this.record.apply(batch.events, batch.manager);
  }
}
