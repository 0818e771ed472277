import { type EventBatch, OnEvents } from '@codex/messaging';
import { Controller } from '@nestjs/common';

import { DetectIdentityRisk } from './detect-identity-risk';

/** The oracle's handler of identity sign-ins. */
@Controller()
export class IdentityRiskEventsController {
  constructor(private readonly detect: DetectIdentityRisk) {}

  @OnEvents('login.observed')
  onLogin(batch: EventBatch<'login.observed'>): Promise<void> {
    return this.detect.apply(batch.events, batch.manager);
  }
}
