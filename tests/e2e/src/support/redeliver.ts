import { randomUUID } from 'node:crypto';

import { localInfra, type RunningPlatform } from '@codex/testing';

/** Sends the action's dispatched event again, as a broker redelivery or a second dispatch would. */
export async function redeliver(platform: RunningPlatform, actionId: string): Promise<void> {
  const { Kafka, logLevel } = await import('kafkajs');
  const kafka = new Kafka({ brokers: [localInfra().kafkaBrokers], logLevel: logLevel.NOTHING });
  const topic = `${platform.topicPrefix}action.requested`;
  const consumer = kafka.consumer({ groupId: `redeliver-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const original = await new Promise<{
    key: Buffer | null;
    value: Buffer | null;
    headers: Record<string, unknown>;
  }>((resolve) => {
    void consumer.run({
      eachMessage: ({ message }) => {
        if (message.key?.toString() === actionId) {
          resolve({ key: message.key, value: message.value, headers: { ...message.headers } });
        }
        return Promise.resolve();
      },
    });
  });
  await consumer.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: [
      {
        key: original.key,
        value: original.value,
        // A new CloudEvents id, so only the executor's idempotency key can catch the duplicate.
        headers: {
          ...(original.headers as Record<string, Buffer>),
          ce_id: Buffer.from(randomUUID()),
        },
      },
    ],
  });
  await producer.disconnect();
}
