import { type StandalonePublisher, startStandalonePublisher } from '@codex/messaging';
import {
  createScratchDatabase,
  eventually,
  localInfra,
  runService,
  type ScratchDatabase,
  serviceEnv,
  type ServiceProcess,
  startService,
  uniqueTopicPrefix,
} from '@codex/testing';

import { inventoryStats } from './inventory-stats.fixture';
import { discoveredInstances } from './resource-events.fixture';

describe('inventory projection from resource events', () => {
  let database: ScratchDatabase;
  let publisherDatabase: ScratchDatabase;
  let producer: StandalonePublisher;
  let prefix: string;
  const running: ServiceProcess[] = [];
  const brokers = localInfra().kafkaBrokers;

  const env = () =>
    serviceEnv(database, {
      KAFKA_BROKERS: brokers,
      KAFKA_TOPIC_PREFIX: prefix,
      CONSUMER_RETRY_BACKOFF_MS: '50',
    });

  async function startAetherium(): Promise<ServiceProcess> {
    const service = await startService('aetherium', env());
    running.push(service);
    return service;
  }

  beforeEach(async () => {
    prefix = uniqueTopicPrefix('inventory');
    database = await createScratchDatabase('aetherium_inventory');
    const migrated = await runService('aetherium', env(), ['migrate']).exit;
    expect(migrated.code).toBe(0);
    publisherDatabase = await createScratchDatabase('engine_core_outbox');
    producer = await startStandalonePublisher({
      databaseUrl: publisherDatabase.url,
      source: 'engine-core',
      brokers,
      topicPrefix: prefix,
      publishes: ['resource.discovered', 'resource.deleted'],
    });
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((service) => service.stop('SIGKILL')));
    await producer.close();
    await Promise.all([database.drop(), publisherDatabase.drop()]);
  });

  it('projects 10,000 published events exactly once', async () => {
    await startAetherium();
    await producer.publish('resource.discovered', discoveredInstances(10_000));

    await eventually(async () => expect((await inventoryStats(database.url)).rows).toBe(10_000), {
      timeoutMs: 120_000,
    });
    expect(await inventoryStats(database.url)).toEqual({
      rows: 10_000,
      notAppliedOnce: 0,
      inbox: 10_000,
    });
    expect(await producer.backlog()).toBe(0);
  });

  it('keeps the projection exact when the consumer is killed mid-stream and restarted', async () => {
    const total = 40_000;
    await producer.publish('resource.discovered', discoveredInstances(total));
    await eventually(async () => expect(await producer.backlog()).toBe(0), { timeoutMs: 120_000 });

    const first = await startAetherium();
    await eventually(
      async () => expect((await inventoryStats(database.url)).rows).toBeGreaterThan(0),
      {
        intervalMs: 10,
        timeoutMs: 60_000,
      },
    );
    await first.stop('SIGKILL');
    const atKill = await inventoryStats(database.url);
    expect(atKill.rows).toBeLessThan(total);

    await startAetherium();
    await eventually(async () => expect((await inventoryStats(database.url)).rows).toBe(total), {
      timeoutMs: 120_000,
    });
    expect(await inventoryStats(database.url)).toEqual({
      rows: total,
      notAppliedOnce: 0,
      inbox: total,
    });
  });
});
