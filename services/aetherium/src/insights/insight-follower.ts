import type { EntityManager } from 'typeorm';

import type { Insight } from './insight.entity';

/**
 * Acts on an insight the first time it is stored, in the same transaction and tenant scope;
 * throwing undoes the store, so the event is retried and, failing still, sent to the DLQ.
 */
export interface InsightFollower {
  follow(manager: EntityManager, insight: Insight): Promise<void>;
}

export const INSIGHT_FOLLOWERS = Symbol('INSIGHT_FOLLOWERS');
