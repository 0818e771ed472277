import type { Topic } from '@codex/contracts';
import { type CustomTransportStrategy, Server } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { lastValueFrom } from 'rxjs';

import { backoffDelay, settledWithin, sleep } from '../backoff';
import type { MessagingMetrics } from '../messaging-metrics';
import type { TopicNames } from '../topic-names';
import type { BatchProcessor } from './batch-processor';
import type { BatchHandler, EventBatch } from './event-batch';

export interface TransportOptions {
  groupId: string;
  consumes: readonly Topic[];
  partitionsConcurrently: number;
  /** Runs before subscribing, e.g. to create the topics; retried until it succeeds. */
  prepare: () => Promise<void>;
  stopTimeoutMs?: number;
}

/**
 * A Nest microservice transport that feeds `@OnEvents` handlers with batches from
 * Kafka. Start-up fails if a consumed topic has no handler or two, or a handler
 * exists for a topic the service does not consume. If Kafka is down it keeps trying.
 */
export class KafkaEventsTransport extends Server implements CustomTransportStrategy {
  private consumer: Consumer | undefined;
  private running = false;
  private connecting: Promise<void> | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly processor: BatchProcessor,
    private readonly names: TopicNames,
    private readonly metrics: MessagingMetrics,
    private readonly options: TransportOptions,
  ) {
    super();
  }

  listen(callback: (error?: unknown) => void): void {
    try {
      this.verifyHandlers();
    } catch (error) {
      callback(error);
      return;
    }
    this.running = true;
    this.connecting = this.connectUntilRunning();
    callback();
  }

  /**
   * Stops fetching, lets the batch in flight finish and commits its offsets. If
   * Kafka does not answer within `stopTimeoutMs`, gives up: the inbox makes the
   * redelivery of anything uncommitted harmless.
   */
  async close(): Promise<void> {
    this.running = false;
    const stopped = settledWithin(
      (async () => {
        await this.connecting;
        await this.consumer?.disconnect();
      })(),
      this.options.stopTimeoutMs ?? 5_000,
    );
    if (!(await stopped)) this.logger.warn('Kafka consumer did not stop in time; leaving it');
  }

  on(): void {
    throw new Error('KafkaEventsTransport emits no events');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private verifyHandlers(): void {
    const handled = [...this.getHandlers().keys()];
    const problems = [
      ...handled
        .filter((pattern) => !this.options.consumes.includes(pattern as Topic))
        .map((pattern) => `a handler exists for ${pattern}, which this service does not consume`),
      ...this.options.consumes.flatMap((topic) => {
        const handler = this.getHandlerByPattern(topic);
        if (!handler) return [`no @OnEvents handler for consumed topic ${topic}`];
        return handler.next ? [`two or more @OnEvents handlers for ${topic}`] : [];
      }),
    ];
    if (problems.length > 0)
      throw new Error(`event handlers do not match subscriptions: ${problems.join('; ')}`);
  }

  private async connectUntilRunning(): Promise<void> {
    for (let failures = 0; this.running; failures += 1) {
      try {
        await this.options.prepare();
        await this.start();
        return;
      } catch (error) {
        await this.consumer?.disconnect().catch(() => undefined);
        this.consumer = undefined;
        const delay = backoffDelay(Math.min(failures, 6), 500);
        this.logger.warn(`Kafka consumer not started, retrying in ${delay} ms: ${String(error)}`);
        await sleep(delay);
      }
    }
  }

  private async start(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 10_000,
      maxBytesPerPartition: 4 * 1024 * 1024,
      maxBytes: 16 * 1024 * 1024,
      heartbeatInterval: 1_000,
      retry: { retries: 8, restartOnFailure: () => Promise.resolve(true) },
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({
      topics: this.options.consumes.map((topic) => this.names.of(topic)),
      fromBeginning: true,
    });
    await consumer.run({
      autoCommit: true,
      autoCommitInterval: 500,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConcurrently,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const topic = this.names.topicFor(batch.topic);
    if (!topic) throw new Error(`received a batch from unexpected topic ${batch.topic}`);
    await this.processor.process(topic, batch, this.handlerFor(topic), payload);
    await payload.commitOffsetsIfNecessary();
    this.metrics.consumerLag.set(
      { topic, partition: String(batch.partition) },
      Number(batch.offsetLag()),
    );
  }

  private handlerFor<T extends Topic>(topic: T): BatchHandler<T> {
    const handler = this.getHandlerByPattern(topic);
    if (!handler) throw new Error(`no handler for ${topic}`);
    return async (batch: EventBatch<T>) => {
      await lastValueFrom(this.transformToObservable(await handler(batch)), {
        defaultValue: undefined,
      });
    };
  }
}
