import type { PlatformConfig } from '@codex/config';
import type { Topic } from '@codex/contracts';
import { MetricsRegistry, PLATFORM_CONFIG, TransportStrategies } from '@codex/platform';
import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { Kafka, Partitioners, type Producer } from 'kafkajs';
import { DataSource } from 'typeorm';

import { settledWithin } from './backoff';
import { BatchProcessor } from './consumer/batch-processor';
import { KafkaEventsTransport } from './consumer/kafka-events-transport';
import { InboxPruner } from './inbox/inbox-pruner';
import { createKafka } from './kafka-client';
import { MessagingMetrics } from './messaging-metrics';
import { Outbox } from './outbox/outbox';
import { OutboxRelay } from './outbox/outbox-relay';
import { TopicProvisioner } from './topic-admin';
import { TopicNames } from './topic-names';

export interface MessagingOptions {
  publishes: readonly Topic[];
  consumes: readonly Topic[];
}

const PRODUCER = Symbol('KAFKA_PRODUCER');
const OPTIONS = Symbol('MESSAGING_OPTIONS');

/**
 * Runs the outbox relay (when the service publishes) and the inbox pruner (when it
 * consumes). At shutdown the relay flushes before the database closes; the producer
 * stays up until the consumer has stopped, since the consumer may still dead-letter
 * through it.
 */
@Injectable()
class MessagingLifecycle
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly pruner: InboxPruner;

  constructor(
    @Inject(PRODUCER) private readonly producer: Producer,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(OPTIONS) private readonly options: MessagingOptions,
    private readonly relay: OutboxRelay,
    dataSource: DataSource,
  ) {
    this.pruner = new InboxPruner(dataSource, config.kafka.inboxRetentionDays);
  }

  onApplicationBootstrap(): void {
    if (this.options.publishes.length > 0) this.relay.start();
    if (this.options.consumes.length > 0) this.pruner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([this.relay.stop(stopBudgetMs(this.config)), this.pruner.stop()]);
  }

  async onApplicationShutdown(): Promise<void> {
    await settledWithin(this.producer.disconnect(), stopBudgetMs(this.config));
  }
}

/** The event backbone for one service: outbox, relay, and the Kafka consumer transport. */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: OPTIONS, useValue: options },
      {
        provide: Kafka,
        inject: [PLATFORM_CONFIG],
        useFactory: (config: PlatformConfig) => createKafka(config.kafka, config.service),
      },
      {
        provide: TopicNames,
        inject: [PLATFORM_CONFIG],
        useFactory: (config: PlatformConfig) => new TopicNames(config.kafka.topicPrefix),
      },
      {
        provide: MessagingMetrics,
        inject: [MetricsRegistry, DataSource],
        useFactory: (metrics: MetricsRegistry, dataSource: DataSource) =>
          new MessagingMetrics(metrics.registry, async () => {
            const [row] = await dataSource.query<{ n: number }[]>(
              'SELECT count(*)::int AS n FROM outbox_messages',
            );
            return row?.n ?? 0;
          }),
      },
      {
        provide: TopicProvisioner,
        inject: [PLATFORM_CONFIG, Kafka, TopicNames],
        useFactory: (config: PlatformConfig, kafka: Kafka, names: TopicNames) =>
          new TopicProvisioner(kafka, names, {
            publishes: options.publishes,
            consumes: options.consumes,
            replicationFactor: config.kafka.replicationFactor,
          }),
      },
      {
        provide: PRODUCER,
        inject: [Kafka],
        useFactory: (kafka: Kafka) =>
          kafka.producer({
            idempotent: true,
            maxInFlightRequests: 1,
            allowAutoTopicCreation: false,
            createPartitioner: Partitioners.DefaultPartitioner,
          }),
      },
      {
        provide: Outbox,
        inject: [PLATFORM_CONFIG],
        useFactory: (config: PlatformConfig) => new Outbox(config.service, options.publishes),
      },
      {
        provide: OutboxRelay,
        inject: [
          PLATFORM_CONFIG,
          DataSource,
          PRODUCER,
          TopicNames,
          MessagingMetrics,
          TopicProvisioner,
        ],
        useFactory: (
          config: PlatformConfig,
          dataSource: DataSource,
          producer: Producer,
          names: TopicNames,
          metrics: MessagingMetrics,
          topics: TopicProvisioner,
        ) =>
          new OutboxRelay(dataSource, producer, names, metrics, config.kafka.outbox, async () => {
            await topics.ensure();
            await producer.connect();
          }),
      },
      MessagingLifecycle,
      {
        provide: KafkaEventsTransport,
        inject: [
          TransportStrategies,
          PLATFORM_CONFIG,
          DataSource,
          PRODUCER,
          TopicNames,
          MessagingMetrics,
          Kafka,
          TopicProvisioner,
        ],
        useFactory: (
          transports: TransportStrategies,
          config: PlatformConfig,
          dataSource: DataSource,
          producer: Producer,
          names: TopicNames,
          metrics: MessagingMetrics,
          kafka: Kafka,
          topics: TopicProvisioner,
        ) => {
          if (options.consumes.length === 0) return null;
          const { groupId, maxAttempts, retryBackoffMs, partitionsConcurrently } =
            config.kafka.consumer;
          const processor = new BatchProcessor(dataSource, producer, names, metrics, {
            groupId,
            maxAttempts,
            retryBackoffMs,
          });
          const transport = new KafkaEventsTransport(kafka, processor, names, metrics, {
            groupId,
            consumes: options.consumes,
            partitionsConcurrently,
            prepare: async () => {
              await topics.ensure();
              await producer.connect();
            },
            stopTimeoutMs: stopBudgetMs(config),
          });
          transports.register(transport);
          return transport;
        },
      },
    ];
    return {
      module: MessagingModule,
      global: true,
      providers,
      exports: [Outbox, TopicNames, MessagingMetrics],
    };
  }
}

/** The relay, the consumer and the producer each get a quarter of the grace period to stop. */
function stopBudgetMs(config: PlatformConfig): number {
  return Math.floor(config.shutdown.graceMs / 4);
}
