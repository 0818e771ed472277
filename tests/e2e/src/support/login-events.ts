import { randomUUID } from 'node:crypto';

import type { EventOf } from '@codex/contracts';
import { decodeEvent } from '@codex/messaging';
import { localInfra, type RunningPlatform } from '@codex/testing';

/**
 * Reads `login.observed` from the beginning until `expected` distinct sign-ins (by login id) of
 * the tenant have arrived, or the time runs out: what a subscriber of the topic would receive,
 * each sign-in once, and how many events carried them.
 */
export async function loginEvents(
  platform: RunningPlatform,
  tenantId: string,
  expected: number,
  timeoutMs = 120_000,
): Promise<{ events: EventOf<'login.observed'>[]; delivered: number }> {
  const { Kafka, logLevel } = await import('kafkajs');
  const kafka = new Kafka({ brokers: [localInfra().kafkaBrokers], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `login-events-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: `${platform.topicPrefix}login.observed`, fromBeginning: true });
  const events = new Map<string, EventOf<'login.observed'>>();
  let delivered = 0;
  try {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      void consumer.run({
        eachMessage: ({ message }) => {
          const event = decodeEvent('login.observed', message);
          if (event.payload.tenantId === tenantId) {
            delivered += 1;
            events.set(event.payload.loginId, event.payload);
          }
          if (events.size >= expected) {
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
  return { events: [...events.values()], delivered };
}
