import { ActionExecutor } from '@codex/actions';
import { type EventBatch, OnEvents } from '@codex/messaging';
import { Controller } from '@nestjs/common';

@Controller()
export class GovernanceActionsController {
  constructor(private readonly executor: ActionExecutor) {}

  /** Governance actions are few and slow; they run one after another, in dispatch order. */
  @OnEvents('action.requested')
  async onRequested(batch: EventBatch<'action.requested'>): Promise<void> {
    for (const event of batch.events) await this.executor.handle(event.payload, batch.manager);
  }
}
