import { randomBytes } from 'node:crypto';

import { Kafka, type KafkaMessage, logLevel } from 'kafkajs';

/** A topic prefix no other test run uses, so each test has its own topics on a shared broker. */
export function uniqueTopicPrefix(label: string): string {
  return `test-${label}-${randomBytes(4).toString('hex')}.`;
}

export function testKafka(brokers: string): Kafka {
  return new Kafka({ clientId: 'codex-test', brokers: [brokers], logLevel: logLevel.NOTHING });
}

/** Reads a topic from the beginning until `count` messages arrived or the time ran out. */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  count: number,
  timeoutMs = 30_000,
): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: `reader-${randomBytes(4).toString('hex')}` });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`read ${messages.length} of ${count} messages from ${topic}`)),
        timeoutMs,
      );
      void consumer
        .run({
          eachMessage: ({ message }) => {
            messages.push(message);
            if (messages.length >= count) {
              clearTimeout(timer);
              resolve();
            }
            return Promise.resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}
