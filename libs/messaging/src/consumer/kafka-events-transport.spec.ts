import { Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

import { MessagingMetrics } from '../messaging-metrics';
import { TopicNames } from '../topic-names';
import { BatchProcessor } from './batch-processor';
import { KafkaEventsTransport } from './kafka-events-transport';

function transportConsuming(consumes: Parameters<typeof transportOptions>[0]) {
  const kafka = new Kafka({ brokers: ['127.0.0.1:1'] });
  const names = new TopicNames('');
  const metrics = new MessagingMetrics(new Registry(), () => Promise.resolve(0));
  const processor = new BatchProcessor({} as DataSource, kafka.producer(), names, metrics, {
    groupId: 'g',
    maxAttempts: 1,
    retryBackoffMs: 1,
  });
  return new KafkaEventsTransport(kafka, processor, names, metrics, transportOptions(consumes));
}

function transportOptions(consumes: ('resource.discovered' | 'resource.deleted')[]) {
  return { groupId: 'g', consumes, partitionsConcurrently: 1, prepare: () => Promise.resolve() };
}

function listenError(transport: KafkaEventsTransport): unknown {
  let failure: unknown;
  transport.listen((error) => (failure = error));
  return failure;
}

const handler = () => Promise.resolve();

describe('KafkaEventsTransport start-up check', () => {
  it('refuses to start when a consumed topic has no handler', () => {
    const transport = transportConsuming(['resource.discovered', 'resource.deleted']);
    transport.addHandler('resource.discovered', handler, true);
    expect(listenError(transport)).toEqual(
      new Error(
        'event handlers do not match subscriptions: no @OnEvents handler for consumed topic resource.deleted',
      ),
    );
  });

  it('refuses to start when a topic has two handlers', () => {
    const transport = transportConsuming(['resource.discovered']);
    transport.addHandler('resource.discovered', handler, true);
    transport.addHandler('resource.discovered', handler, true);
    expect(String(listenError(transport))).toContain(
      'two or more @OnEvents handlers for resource.discovered',
    );
  });

  it('refuses to start when a handler exists for a topic the service does not consume', () => {
    const transport = transportConsuming(['resource.discovered']);
    transport.addHandler('resource.discovered', handler, true);
    transport.addHandler('resource.deleted', handler, true);
    expect(String(listenError(transport))).toContain(
      'a handler exists for resource.deleted, which this service does not consume',
    );
  });
});
