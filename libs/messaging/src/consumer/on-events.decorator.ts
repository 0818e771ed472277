import type { Topic } from '@codex/contracts';
import { UseFilters } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';

import type { BatchHandler } from './event-batch';
import { RethrowFilter } from './rethrow.filter';

/**
 * Marks the method that handles batches of one topic. The method's parameter must be
 * the batch of that topic's events, so a handler for the wrong payload does not compile.
 */
export function OnEvents<T extends Topic>(topic: T) {
  return (
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<BatchHandler<T>>,
  ): void => {
    EventPattern(topic)(target, key, descriptor);
    UseFilters(new RethrowFilter())(target, key, descriptor);
  };
}
