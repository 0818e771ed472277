import type { Topic } from '@codex/contracts';
import { postgresOptions } from '@codex/persistence';
import { Partitioners } from 'kafkajs';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';

import { createKafka } from './kafka-client';
import { MessagingMetrics } from './messaging-metrics';
import { messagingEntities, messagingMigrations } from './migrations';
import { Outbox, type OutgoingEvent } from './outbox/outbox';
import { OutboxRelay } from './outbox/outbox-relay';
import { TopicProvisioner } from './topic-admin';
import { TopicNames } from './topic-names';

export interface StandalonePublisher {
  /** Commits events into the outbox; the relay sends them. */
  publish<T extends Topic>(topic: T, events: readonly OutgoingEvent<T>[]): Promise<void>;
  backlog(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The outbox and its relay without a Nest application, on a database of the
 * caller's (migrated here): for tests, benchmarks and scripts that publish events.
 */
export async function startStandalonePublisher(options: {
  databaseUrl: string;
  source: string;
  brokers: string;
  topicPrefix: string;
  publishes: readonly Topic[];
}): Promise<StandalonePublisher> {
  const dataSource = await new DataSource(
    postgresOptions({
      url: options.databaseUrl,
      poolMax: 4,
      applicationName: `${options.source}-test`,
      entities: messagingEntities,
      migrations: messagingMigrations,
    }),
  ).initialize();
  await dataSource.runMigrations();
  const kafka = createKafka(
    {
      brokers: [options.brokers],
      topicPrefix: options.topicPrefix,
      replicationFactor: 1,
      consumer: { groupId: 'unused', maxAttempts: 1, retryBackoffMs: 1, partitionsConcurrently: 1 },
      outbox: { pollIntervalMs: 50, batchSize: 2000 },
      inboxRetentionDays: 35,
    },
    options.source,
  );
  const names = new TopicNames(options.topicPrefix);
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const topics = new TopicProvisioner(kafka, names, {
    publishes: options.publishes,
    consumes: [],
    replicationFactor: 1,
  });
  const backlog = async () => {
    const [row] = await dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM outbox_messages',
    );
    return row?.n ?? 0;
  };
  const relay = new OutboxRelay(
    dataSource,
    producer,
    names,
    new MessagingMetrics(new Registry(), backlog),
    { pollIntervalMs: 50, batchSize: 2000 },
    async () => {
      await topics.ensure();
      await producer.connect();
    },
  );
  const outbox = new Outbox(options.source, options.publishes);
  relay.start();
  return {
    publish: (topic, events) =>
      dataSource.transaction((manager) => outbox.add(manager, topic, events)).then(() => undefined),
    backlog,
    close: async () => {
      await relay.stop(5_000);
      await producer.disconnect();
      await dataSource.destroy();
    },
  };
}
