import { create, toBinary } from '@bufbuild/protobuf';
import { ResourceDiscoveredSchema } from '@codex/contracts';
import { encodeEvent, type StandalonePublisher, startStandalonePublisher } from '@codex/messaging';
import {
  createScratchDatabase,
  type DisposableKafka,
  eventually,
  readTopic,
  runService,
  type ScratchDatabase,
  serviceEnv,
  type ServiceProcess,
  startDisposableKafka,
  startDisposablePostgres,
  startService,
  testKafka,
  uniqueTopicPrefix,
} from '@codex/testing';
import { Partitioners } from 'kafkajs';

import { inventoryStats } from './inventory-stats.fixture';
import { discoveredInstances } from './resource-events.fixture';

describe('inventory projection under faults', () => {
  let kafka: DisposableKafka;
  let database: ScratchDatabase;
  let publisherDatabase: ScratchDatabase;
  let producer: StandalonePublisher | undefined;
  let service: ServiceProcess | undefined;
  let prefix: string;

  const env = () =>
    serviceEnv(database, {
      KAFKA_BROKERS: kafka.brokers,
      KAFKA_TOPIC_PREFIX: prefix,
      CONSUMER_RETRY_BACKOFF_MS: '50',
      CONSUMER_MAX_ATTEMPTS: '3',
    });

  const startPublisher = () =>
    startStandalonePublisher({
      databaseUrl: publisherDatabase.url,
      source: 'engine-core',
      brokers: kafka.brokers,
      topicPrefix: prefix,
      publishes: ['resource.discovered'],
    });

  beforeAll(async () => {
    kafka = await startDisposableKafka();
  });

  afterAll(async () => {
    await kafka?.destroy();
  });

  beforeEach(async () => {
    prefix = uniqueTopicPrefix('faults');
    database = await createScratchDatabase('aetherium_faults');
    publisherDatabase = await createScratchDatabase('engine_core_outbox');
    expect((await runService('aetherium', env(), ['migrate']).exit).code).toBe(0);
  });

  afterEach(async () => {
    await service?.stop('SIGKILL');
    await producer?.close();
    [service, producer] = [undefined, undefined];
    await Promise.all([database.drop(), publisherDatabase.drop()]);
  });

  it('loses nothing when the broker stops while events are produced, and applies each once after restart', async () => {
    producer = await startPublisher();
    service = await startService('aetherium', env());
    await producer.publish('resource.discovered', discoveredInstances(1_000));
    await eventually(async () => expect((await inventoryStats(database.url)).rows).toBe(1_000), {
      timeoutMs: 60_000,
    });

    await kafka.stop();
    await producer.publish('resource.discovered', discoveredInstances(2_000, { from: 1_000 }));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await producer.backlog()).toBe(2_000);

    await kafka.start();
    await eventually(async () => expect((await inventoryStats(database.url)).rows).toBe(3_000), {
      timeoutMs: 120_000,
    });
    expect(await inventoryStats(database.url)).toEqual({
      rows: 3_000,
      notAppliedOnce: 0,
      inbox: 3_000,
    });
    expect(await producer.backlog()).toBe(0);
  });

  it('sends a poison message and a malformed one to the DLQ with the reason, and processes those behind them', async () => {
    const client = testKafka(kafka.brokers);
    const raw = client.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    service = await startService('aetherium', env());
    const topic = `${prefix}resource.discovered`;
    await eventually(async () => {
      const admin = client.admin();
      await admin.connect();
      const topics = await admin.listTopics();
      await admin.disconnect();
      expect(topics).toContain(topic);
    });

    const [before, after] = [
      discoveredInstances(1, { from: 0 }),
      discoveredInstances(1, { from: 1 }),
    ];
    const poison = discoveredInstances(1, { from: 2, tenantId: 't'.repeat(100) });
    const record = (event: ReturnType<typeof discoveredInstances>[number]) => {
      const encoded = encodeEvent(
        'resource.discovered',
        event.payload,
        event.metadata,
        'engine-core',
      );
      return { key: encoded.key, value: encoded.value, headers: encoded.headers };
    };
    const sameKey = before[0]?.metadata.key ?? '';
    const valid = record(before[0] as never);
    const malformed = {
      key: sameKey,
      value: Buffer.from(toBinary(ResourceDiscoveredSchema, create(ResourceDiscoveredSchema, {}))),
      headers: { ...valid.headers, ce_id: 'not-a-uuid' },
    };
    await raw.connect();
    await raw.send({
      topic,
      messages: [
        valid,
        malformed,
        { ...record(poison[0] as never), key: sameKey },
        { ...record(after[0] as never), key: sameKey },
      ],
    });
    await raw.disconnect();

    const dead = await readTopic(client, `${topic}.dlq`, 2, 60_000);
    const reasons = dead.map((message) => ({
      reason: message.headers?.dlq_reason?.toString(),
      error: message.headers?.dlq_error?.toString(),
      offset: message.headers?.dlq_original_offset?.toString(),
    }));
    expect(reasons.map(({ reason, offset }) => [reason, offset])).toEqual([
      ['malformed', '1'],
      ['handler_failed', '2'],
    ]);
    expect(reasons[0]?.error).toBe('MalformedEventError: ce_id not-a-uuid is not a UUID');
    expect(reasons[1]?.error).toContain('value too long');
    await eventually(async () => expect((await inventoryStats(database.url)).rows).toBe(2));
    const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /messaging_dead_lettered_total\{[^}]*topic="resource.discovered",reason="malformed",service="aetherium"\} 1/,
    );
    expect(metrics).toMatch(
      /messaging_dead_lettered_total\{[^}]*topic="resource.discovered",reason="handler_failed",service="aetherium"\} 1/,
    );
  });

  it('dead-letters nothing while PostgreSQL is down, and applies everything once it is back', async () => {
    const postgres = await startDisposablePostgres();
    try {
      const aetheriumEnv = {
        ...env(),
        DATABASE_URL: postgres.url,
        DATABASE_MIGRATION_URL: postgres.url,
      };
      expect((await runService('aetherium', aetheriumEnv, ['migrate']).exit).code).toBe(0);
      producer = await startPublisher();
      service = await startService('aetherium', aetheriumEnv);
      await producer.publish('resource.discovered', discoveredInstances(500));
      await eventually(async () => expect((await inventoryStats(postgres.url)).rows).toBe(500), {
        timeoutMs: 60_000,
      });

      await postgres.stop();
      await producer.publish('resource.discovered', discoveredInstances(500, { from: 500 }));
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await postgres.start();

      await eventually(async () => expect((await inventoryStats(postgres.url)).rows).toBe(1_000), {
        timeoutMs: 120_000,
      });
      expect(await inventoryStats(postgres.url)).toEqual({
        rows: 1_000,
        notAppliedOnce: 0,
        inbox: 1_000,
      });
      const admin = testKafka(kafka.brokers).admin();
      await admin.connect();
      const deadLetters = await admin.fetchTopicOffsets(`${prefix}resource.discovered.dlq`);
      await admin.disconnect();
      expect(deadLetters.map((partition) => partition.high)).toEqual(['0']);
    } finally {
      await service?.stop('SIGKILL');
      service = undefined;
      await postgres.destroy();
    }
  });
});
