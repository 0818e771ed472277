import { type EventBatch, OnEvents } from '@codex/messaging';
import { Controller } from '@nestjs/common';

import { AccountProjection } from './account-projection';

/** Keeps a service's connected_accounts projection from `account.connected`. */
@Controller()
export class AccountEventsController {
  constructor(private readonly projection: AccountProjection) {}

  @OnEvents('account.connected')
  onConnected(batch: EventBatch<'account.connected'>): Promise<void> {
    return this.projection.apply(batch.events, batch.manager);
  }
}
