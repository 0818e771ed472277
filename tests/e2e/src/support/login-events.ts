import { randomUUID } from 'node:crypto';

import type { EventOf } from '@codex/contracts';
import { decodeEvent } from '@codex/messaging';
import { localInfra, type RunningPlatform } from '@codex/testing';

/**
 * Reads `login.observed` from the beginning until `expected` events of the tenant have arrived
 * (or the time runs out), and answers them: what a subscriber of the topic would receive.
 */
export async function loginEvents(
  platform: RunningPlatform,
  tenantId: string,
  expected: number,
  timeoutMs = 120_000,
): Promise<EventOf<'login.observed'>[]> {
  const { Kafka, logLevel } = await import('kafkajs');
  const kafka = new Kafka({ brokers: [localInfra().kafkaBrokers], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `login-events-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: `${platform.topicPrefix}login.observed`, fromBeginning: true });
  const events: EventOf<'login.observed'>[] = [];
  try {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      void consumer.run({
        eachMessage: ({ message }) => {
          const event = decodeEvent('login.observed', message);
          if (event.payload.tenantId === tenantId) events.push(event.payload);
          if (events.length >= expected) {
            clearTimeout(timer);
            resolve();
          }
          return Promise.resolve();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return events;
}
