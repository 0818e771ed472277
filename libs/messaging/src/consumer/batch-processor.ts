import type { Topic } from '@codex/contracts';
import { Logger } from '@nestjs/common';
import { context, type Link, SpanKind, trace } from '@opentelemetry/api';
import type { Batch, KafkaMessage, Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';

import { backoffDelay, sleep } from '../backoff';
import { decodeEvent, type DeliveredEvent, MalformedEventError } from '../envelope';
import type { MessagingMetrics } from '../messaging-metrics';
import type { TopicNames } from '../topic-names';
import { contextFrom } from '../trace-context';
import type { BatchHandler } from './event-batch';

export interface ProcessorOptions {
  groupId: string;
  maxAttempts: number;
  retryBackoffMs: number;
}

export interface BatchControl {
  resolveOffset(offset: string): void;
  heartbeat(): Promise<void>;
  isRunning(): boolean;
  isStale(): boolean;
}

interface Item<T extends Topic> {
  message: KafkaMessage;
  event: DeliveredEvent<T>;
}

type Attempt = { ok: true } | { ok: false; error: unknown };

const tracer = trace.getTracer('codex-messaging');

/**
 * Applies one Kafka batch: malformed records go straight to the DLQ; the rest are
 * handled together in one transaction with their inbox marks, retried with backoff;
 * if the batch still fails, each event is retried alone and the ones that keep
 * failing go to the DLQ, so one poison message never blocks its partition.
 */
export class BatchProcessor {
  private readonly logger = new Logger(BatchProcessor.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: Producer,
    private readonly names: TopicNames,
    private readonly metrics: MessagingMetrics,
    private readonly options: ProcessorOptions,
  ) {}

  async process<T extends Topic>(
    topic: T,
    batch: Batch,
    handler: BatchHandler<T>,
    control: BatchControl,
  ) {
    const items: Item<T>[] = [];
    for (const message of batch.messages) {
      try {
        items.push({ message, event: decodeEvent(topic, message) });
      } catch (error) {
        if (!(error instanceof MalformedEventError)) throw error;
        await this.deadLetter(topic, batch.partition, message, error, 'malformed');
      }
    }
    const whole = await this.withRetries(topic, items, handler, control);
    if (!whole.ok) {
      await this.throwUnlessDatabaseAnswers(whole.error);
      this.logger.warn(`batch of ${items.length} ${topic} events failed; retrying them one by one`);
      for (const item of items) {
        if (!control.isRunning() || control.isStale()) return;
        const single = await this.withRetries(topic, [item], handler, control);
        if (!single.ok) {
          await this.throwUnlessDatabaseAnswers(single.error);
          await this.deadLetter(
            topic,
            batch.partition,
            item.message,
            single.error,
            'handler_failed',
            item.event,
          );
        }
        control.resolveOffset(item.message.offset);
      }
    }
    const last = batch.messages.at(-1);
    if (last) control.resolveOffset(last.offset);
    await control.heartbeat();
  }

  /**
   * An event that fails alone is only poison if the database is fine: during an
   * outage every event fails, and none of them may be dead-lettered. Then the
   * batch fails instead, its offsets stay uncommitted and Kafka redelivers it.
   */
  private async throwUnlessDatabaseAnswers(handlerError: unknown): Promise<void> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw handlerError;
    }
  }

  private async withRetries<T extends Topic>(
    topic: T,
    items: Item<T>[],
    handler: BatchHandler<T>,
    control: BatchControl,
  ): Promise<Attempt> {
    if (items.length === 0) return { ok: true };
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt += 1) {
      try {
        await this.applyOnce(topic, items, handler);
        return { ok: true };
      } catch (error) {
        lastError = error;
        if (attempt === this.options.maxAttempts) break;
        this.metrics.retried.inc({ topic });
        await sleep(backoffDelay(attempt - 1, this.options.retryBackoffMs));
        await control.heartbeat();
      }
    }
    return { ok: false, error: lastError };
  }

  private async applyOnce<T extends Topic>(topic: T, items: Item<T>[], handler: BatchHandler<T>) {
    const handled = await this.dataSource.transaction(async (manager) => {
      const inserted = await manager.query<{ event_id: string }[]>(
        `INSERT INTO inbox_events (event_id, topic, status)
         SELECT unnest($1::uuid[]), $2, 'processed'
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [items.map((item) => item.event.envelope.id), topic],
      );
      const fresh = new Set(inserted.map((row) => row.event_id));
      const events = items
        .map((item) => item.event)
        .filter((event) => fresh.delete(event.envelope.id));
      if (events.length > 0) {
        await this.inSpan(topic, events, () => handler({ topic, events, manager }));
      }
      return events.length;
    });
    this.metrics.consumed.inc({ topic }, handled);
    if (handled < items.length) this.metrics.duplicates.inc({ topic }, items.length - handled);
  }

  private inSpan<T extends Topic>(
    topic: T,
    events: DeliveredEvent<T>[],
    work: () => Promise<void>,
  ) {
    const links: Link[] = events.slice(0, 64).flatMap((event) => {
      const spanContext = trace.getSpanContext(contextFrom(event.envelope.traceparent));
      return spanContext ? [{ context: spanContext }] : [];
    });
    const parent =
      events.length === 1 ? contextFrom(events[0]?.envelope.traceparent) : context.active();
    return tracer.startActiveSpan(
      `process ${topic}`,
      { kind: SpanKind.CONSUMER, links },
      parent,
      async (span) => {
        try {
          await work();
        } finally {
          span.end();
        }
      },
    );
  }

  private async deadLetter<T extends Topic>(
    topic: T,
    partition: number,
    message: KafkaMessage,
    error: unknown,
    reason: 'malformed' | 'handler_failed',
    event?: DeliveredEvent<T>,
  ): Promise<void> {
    const description =
      error instanceof Error ? `${error.name}: ${error.message}` : JSON.stringify(error);
    await this.producer.send({
      topic: this.names.deadLetterOf(topic),
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            dlq_reason: reason,
            dlq_error: description.slice(0, 4000),
            dlq_original_topic: this.names.of(topic),
            dlq_original_partition: String(partition),
            dlq_original_offset: message.offset,
            dlq_consumer_group: this.options.groupId,
            dlq_failed_at: new Date().toISOString(),
          },
        },
      ],
    });
    if (event) {
      await this.dataSource.query(
        `INSERT INTO inbox_events (event_id, topic, status) VALUES ($1, $2, 'dead_lettered') ON CONFLICT DO NOTHING`,
        [event.envelope.id, topic],
      );
    }
    this.metrics.deadLettered.inc({ topic, reason });
    this.logger.error(
      `${topic} partition ${partition} offset ${message.offset} sent to ${this.names.deadLetterOf(topic)}: ${description}`,
    );
  }
}
