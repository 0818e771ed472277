import type { Topic } from '@codex/contracts';
import { Logger } from '@nestjs/common';
import type { Producer, TopicMessages } from 'kafkajs';
import type { DataSource } from 'typeorm';

import { backoffDelay, settledWithin, sleep } from '../backoff';
import type { MessagingMetrics } from '../messaging-metrics';
import type { TopicNames } from '../topic-names';

/** pg advisory lock id held while relaying, so one replica at a time sends and order is kept. */
const RELAY_LOCK_ID = 0x636f646578; // "codex"

interface OutboxRow {
  seq: string;
  topic: Topic;
  message_key: string;
  headers: Record<string, string>;
  payload: Buffer;
}

export interface RelayOptions {
  pollIntervalMs: number;
  batchSize: number;
}

/**
 * Sends outbox rows to Kafka in commit order and deletes them once Kafka has
 * acknowledged them. If Kafka is down the rows stay and the relay retries.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private connected = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: Producer,
    private readonly names: TopicNames,
    private readonly metrics: MessagingMetrics,
    private readonly options: RelayOptions,
    private readonly beforeFirstSend: () => Promise<void>,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /**
   * Finishes the batch in flight and sends what is left in one last pass, within
   * `timeoutMs`. Whatever Kafka did not take stays in the outbox for the next start.
   */
  async stop(timeoutMs: number): Promise<void> {
    if (!this.loop) return;
    this.running = false;
    this.wake?.();
    const finished = await settledWithin(this.loop, timeoutMs);
    if (!finished || !this.connected) {
      this.logger.warn(
        'outbox relay stopped without a final flush; the outbox keeps what is unsent',
      );
      return;
    }
    await this.relayOnce().catch((error: unknown) =>
      this.logger.warn(
        `outbox not flushed at shutdown; it will be sent on next start: ${String(error)}`,
      ),
    );
  }

  /** Sends at most one batch; returns how many events it sent. */
  async relayOnce(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [lock] = await manager.query<{ locked: boolean }[]>(
        'SELECT pg_try_advisory_xact_lock($1) AS locked',
        [RELAY_LOCK_ID],
      );
      if (!lock?.locked) return 0;
      const rows = await manager.query<OutboxRow[]>(
        `SELECT seq, topic, message_key, headers, payload FROM outbox_messages ORDER BY seq LIMIT $1`,
        [this.options.batchSize],
      );
      if (rows.length === 0) return 0;
      await this.producer.sendBatch({ acks: -1, topicMessages: this.byTopic(rows) });
      await manager.query('DELETE FROM outbox_messages WHERE seq = ANY($1::bigint[])', [
        rows.map((row) => row.seq),
      ]);
      for (const row of rows) this.metrics.published.inc({ topic: row.topic });
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        if (!this.connected) {
          await this.beforeFirstSend();
          this.connected = true;
        }
        const sent = await this.relayOnce();
        failures = 0;
        if (sent < this.options.batchSize) await this.idle(this.options.pollIntervalMs);
      } catch (error) {
        failures += 1;
        const delay = backoffDelay(Math.min(failures, 6), 250);
        this.logger.warn(
          `outbox relay failed (attempt ${failures}), retrying in ${delay} ms: ${String(error)}`,
        );
        await this.idle(delay);
      }
    }
  }

  private idle(ms: number): Promise<void> {
    return Promise.race([sleep(ms), new Promise<void>((resolve) => (this.wake = resolve))]);
  }

  private byTopic(rows: OutboxRow[]): TopicMessages[] {
    const grouped = new Map<string, TopicMessages>();
    for (const row of rows) {
      const topic = this.names.of(row.topic);
      const entry = grouped.get(topic) ?? { topic, messages: [] };
      entry.messages.push({ key: row.message_key, value: row.payload, headers: row.headers });
      grouped.set(topic, entry);
    }
    return [...grouped.values()];
  }
}
