import { type EventBatch, OnEvents } from '@codex/messaging';
import { Controller } from '@nestjs/common';

import { InventoryProjection } from './inventory-projection';

@Controller()
export class InventoryEventsController {
  constructor(private readonly projection: InventoryProjection) {}

  @OnEvents('resource.discovered')
  onDiscovered(batch: EventBatch<'resource.discovered'>): Promise<void> {
    return this.projection.applyDiscovered(batch.events, batch.manager);
  }

  @OnEvents('resource.deleted')
  onDeleted(batch: EventBatch<'resource.deleted'>): Promise<void> {
    return this.projection.applyDeleted(batch.events, batch.manager);
  }
}
