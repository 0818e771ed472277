import { type Topic, TOPICS } from '@codex/contracts';
import type { Kafka } from 'kafkajs';

import type { TopicNames } from './topic-names';

const DLQ_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export interface TopicLayout {
  publishes: readonly Topic[];
  consumes: readonly Topic[];
  replicationFactor: number;
}

/**
 * Creates the topics a service touches, with explicit partitions and retention, and
 * a dead-letter topic beside each one it consumes. Existing topics are left as they are.
 */
export async function ensureTopics(
  kafka: Kafka,
  names: TopicNames,
  layout: TopicLayout,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = [...new Set([...layout.publishes, ...layout.consumes])].flatMap((topic) => {
      const definition = TOPICS[topic];
      const main = {
        topic: names.of(topic),
        numPartitions: definition.partitions,
        replicationFactor: layout.replicationFactor,
        configEntries: [
          { name: 'cleanup.policy', value: definition.compacted ? 'compact,delete' : 'delete' },
          { name: 'retention.ms', value: String(definition.retentionMs) },
        ],
      };
      const deadLetter = {
        topic: names.deadLetterOf(topic),
        numPartitions: 1,
        replicationFactor: layout.replicationFactor,
        configEntries: [{ name: 'retention.ms', value: String(DLQ_RETENTION_MS) }],
      };
      return layout.consumes.includes(topic) ? [main, deadLetter] : [main];
    });
    const missing = wanted.filter((spec) => !existing.has(spec.topic));
    if (missing.length > 0) {
      await admin.createTopics({ topics: missing, waitForLeaders: true });
    }
  } finally {
    await admin.disconnect();
  }
}

/** Creates the topics once per process, however many components ask; a failure lets the next caller retry. */
export class TopicProvisioner {
  private done: Promise<void> | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly names: TopicNames,
    private readonly layout: TopicLayout,
  ) {}

  ensure(): Promise<void> {
    this.done ??= ensureTopics(this.kafka, this.names, this.layout).catch((error: unknown) => {
      this.done = undefined;
      throw error;
    });
    return this.done;
  }
}
