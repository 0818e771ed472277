import { type EventBatch, OnEvents } from '@codex/messaging';
import { Controller } from '@nestjs/common';

import { ExecuteAction } from './execute-action';

@Controller()
export class ActionRequestsController {
  constructor(private readonly execute: ExecuteAction) {}

  /** Actions are few and slow; they run one after another, in the order they were dispatched. */
  @OnEvents('action.requested')
  async onRequested(batch: EventBatch<'action.requested'>): Promise<void> {
    for (const event of batch.events) await this.execute.handle(event.payload, batch.manager);
  }
}
