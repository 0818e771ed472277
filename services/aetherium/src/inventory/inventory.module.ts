import { Module } from '@nestjs/common';

import { InventoryEventsController } from './inventory-events.controller';
import { InventoryProjection } from './inventory-projection';

@Module({
  controllers: [InventoryEventsController],
  providers: [InventoryProjection],
})
export class InventoryModule {}
