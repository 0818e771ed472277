import { ActionExecutor } from '@codex/actions';
import { type EventBatch, OnEvents } from '@codex/messaging';
import { Controller } from '@nestjs/common';

@Controller()
export class ActionRequestsController {
  constructor(private readonly executor: ActionExecutor) {}

  /** Actions are few and slow; they run one after another, in the order they were dispatched. */
  @OnEvents('action.requested')
  async onRequested(batch: EventBatch<'action.requested'>): Promise<void> {
    for (const event of batch.events) await this.executor.handle(event.payload, batch.manager);
  }
}
