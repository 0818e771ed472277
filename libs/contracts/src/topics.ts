import type { DescMessage, MessageShape } from '@bufbuild/protobuf';

import { AccountConnectedSchema } from './gen/codex/events/v1/account_pb';
import { ActionCompletedSchema, ActionRequestedSchema } from './gen/codex/events/v1/action_pb';
import { CostIngestedSchema } from './gen/codex/events/v1/cost_pb';
import { InsightGeneratedSchema } from './gen/codex/events/v1/insight_pb';
import { LoginObservedSchema } from './gen/codex/events/v1/login_pb';
import { MetricsSampledSchema } from './gen/codex/events/v1/metrics_pb';
import { ResourceDeletedSchema, ResourceDiscoveredSchema } from './gen/codex/events/v1/resource_pb';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface TopicDefinition<Schema extends DescMessage = DescMessage> {
  /** Kafka topic name, before the install's prefix. */
  name: string;
  /** CloudEvents `type` of every event on the topic. */
  eventType: string;
  schema: Schema;
  partitions: number;
  /** Compacted topics keep the latest event per key forever, so a new subscriber can rebuild state. */
  compacted: boolean;
  /** -1 keeps events forever: on a compacted topic only compaction then removes them. */
  retentionMs: number;
}

function topic<Schema extends DescMessage>(
  name: string,
  schema: Schema,
  options: { partitions?: number; compacted?: boolean; retentionDays?: number | 'forever' } = {},
): TopicDefinition<Schema> {
  return {
    name,
    eventType: `codex.${name}.v1`,
    schema,
    partitions: options.partitions ?? 6,
    compacted: options.compacted ?? false,
    retentionMs: options.retentionDays === 'forever' ? -1 : (options.retentionDays ?? 7) * DAY_MS,
  };
}

/** The one registry of Codex topics: name, event type and payload schema of each. */
export const TOPICS = {
  'resource.discovered': topic('resource.discovered', ResourceDiscoveredSchema, {
    partitions: 12,
    compacted: true,
    retentionDays: 30,
  }),
  'resource.deleted': topic('resource.deleted', ResourceDeletedSchema, { retentionDays: 30 }),
  'cost.ingested': topic('cost.ingested', CostIngestedSchema, {
    partitions: 12,
    retentionDays: 30,
  }),
  'metrics.sampled': topic('metrics.sampled', MetricsSampledSchema, {
    partitions: 12,
    retentionDays: 3,
  }),
  'login.observed': topic('login.observed', LoginObservedSchema, { retentionDays: 30 }),
  'action.requested': topic('action.requested', ActionRequestedSchema, { retentionDays: 14 }),
  'action.completed': topic('action.completed', ActionCompletedSchema, { retentionDays: 14 }),
  'insight.generated': topic('insight.generated', InsightGeneratedSchema, { retentionDays: 14 }),
  // The latest state of every account, never expired: a new subscriber rebuilds its account list from it.
  'account.connected': topic('account.connected', AccountConnectedSchema, {
    partitions: 3,
    compacted: true,
    retentionDays: 'forever',
  }),
} as const;

export type Topic = keyof typeof TOPICS;

/** The payload type carried on a topic: publishing or handling anything else does not compile. */
export type EventOf<T extends Topic> = MessageShape<(typeof TOPICS)[T]['schema']>;
