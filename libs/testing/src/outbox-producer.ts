import type { Topic } from '@codex/contracts';
import {
  createKafka,
  MessagingMetrics,
  messagingEntities,
  messagingMigrations,
  Outbox,
  type OutgoingEvent,
  OutboxRelay,
  TopicNames,
  TopicProvisioner,
} from '@codex/messaging';
import { postgresOptions } from '@codex/persistence';
import { Partitioners } from 'kafkajs';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';

import { createScratchDatabase } from './scratch-database';

export interface OutboxProducer {
  /** Commits events into the outbox; the relay sends them. */
  publish<T extends Topic>(topic: T, events: readonly OutgoingEvent<T>[]): Promise<void>;
  backlog(): Promise<number>;
  close(): Promise<void>;
}

/**
 * A publishing service in miniature: its own scratch database with the outbox
 * tables, and the real relay sending to Kafka.
 */
export async function startOutboxProducer(options: {
  source: string;
  brokers: string;
  topicPrefix: string;
  publishes: readonly Topic[];
}): Promise<OutboxProducer> {
  const database = await createScratchDatabase(`${options.source.replace(/-/g, '_')}_outbox`);
  const dataSource = await new DataSource(
    postgresOptions({
      url: database.url,
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
    const [row] = (await dataSource.query('SELECT count(*)::int AS n FROM outbox_messages')) as {
      n: number;
    }[];
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
  const outbox = new Outbox(options.source);
  relay.start();
  return {
    publish: (topic, events) =>
      dataSource.transaction((manager) => outbox.add(manager, topic, events)).then(() => undefined),
    backlog,
    close: async () => {
      await relay.stop();
      await producer.disconnect();
      await dataSource.destroy();
      await database.drop();
    },
  };
}
