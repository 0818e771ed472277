import { AccountProjection } from '@codex/connectors';
import { type EventBatch, OnEvents } from '@codex/messaging';
import { Controller } from '@nestjs/common';

@Controller()
export class AccountEventsController {
  constructor(private readonly projection: AccountProjection) {}

  @OnEvents('account.connected')
  onConnected(batch: EventBatch<'account.connected'>): Promise<void> {
    return this.projection.apply(batch.events, batch.manager);
  }
}
