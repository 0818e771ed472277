import { Module } from '@nestjs/common';

import { InventoryController } from './api/inventory.controller';
import { InventoryEventsController } from './inventory-events.controller';
import { InventoryProjection } from './inventory-projection';
import { InventoryReader } from './inventory-reader';

@Module({
  controllers: [InventoryEventsController, InventoryController],
  providers: [InventoryProjection, InventoryReader],
})
export class InventoryModule {}
