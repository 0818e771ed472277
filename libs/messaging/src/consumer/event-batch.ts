import type { Topic } from '@codex/contracts';
import type { EntityManager } from 'typeorm';

import type { DeliveredEvent } from '../envelope';

/** Events new to this service, and the transaction their inbox marks commit in. */
export interface EventBatch<T extends Topic> {
  topic: T;
  events: DeliveredEvent<T>[];
  /** Write through this, so the handler's changes commit (or roll back) with the inbox marks. */
  manager: EntityManager;
}

export type BatchHandler<T extends Topic> = (batch: EventBatch<T>) => Promise<void>;
