import type { EventOf, Topic } from '@codex/contracts';
import type { EntityManager } from 'typeorm';

import { encodeEvent, type EventMetadata } from '../envelope';
import { currentTraceparent } from '../trace-context';

export interface OutgoingEvent<T extends Topic> {
  payload: EventOf<T>;
  metadata: EventMetadata;
}

/**
 * Writes events into the outbox inside the caller's transaction, so they are
 * published if and only if the state change that caused them commits.
 */
export class Outbox {
  constructor(
    private readonly source: string,
    private readonly publishes: readonly Topic[],
  ) {}

  async add<T extends Topic>(
    manager: EntityManager,
    topic: T,
    events: readonly OutgoingEvent<T>[],
  ): Promise<string[]> {
    if (!this.publishes.includes(topic)) {
      throw new Error(
        `${this.source} does not publish ${topic}: add it to MessagingModule.forRoot({ publishes })`,
      );
    }
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(
        'Outbox.add needs a transaction: pass the EntityManager of dataSource.transaction()',
      );
    }
    // The events of one call are written by one operation: one trace context for all of them.
    const traceparent = currentTraceparent();
    const encoded = events.map((event) =>
      encodeEvent(topic, event.payload, event.metadata, this.source, traceparent),
    );
    await manager.query(
      `INSERT INTO outbox_messages (event_id, topic, message_key, headers, payload)
       SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::jsonb[], $5::bytea[])`,
      [
        encoded.map((event) => event.id),
        encoded.map(() => topic),
        encoded.map((event) => event.key),
        encoded.map((event) => JSON.stringify(event.headers)),
        encoded.map((event) => event.value),
      ],
    );
    return encoded.map((event) => event.id);
  }
}
