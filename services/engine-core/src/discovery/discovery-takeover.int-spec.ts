import { randomUUID } from 'node:crypto';

import {
  eventually,
  localInfra,
  serviceEnv,
  type ServiceProcess,
  startService,
  startThrottlingProxy,
  type ThrottlingProxy,
  uniqueTopicPrefix,
} from '@codex/testing';

import {
  accountConnectedEvent,
  projectAccountEvents,
  TEST_KEK_ID,
  testKeys,
} from '../accounts/connected-account.fixture';
import { freshMotoAccount, MotoEstate } from '../providers/aws/moto-estate.fixture';
import { type DiscoveryDatabase, openDiscoveryDatabase } from './discovery-database.fixture';
import { DiscoveryRunStore } from './discovery-run-store';

const INSTANCES = 30;
const MINUTE_MS = 60_000;

interface RunRow {
  status: string;
  discovered_count: number;
  claim_token: string | null;
}

describe('a discovery run whose worker is killed', () => {
  const keys = testKeys();
  const tenantId = `tenant-${randomUUID()}`;
  const prefix = uniqueTopicPrefix('takeover');
  let db: DiscoveryDatabase;
  let proxy: ThrottlingProxy;
  let estate: MotoEstate;
  const services: ServiceProcess[] = [];

  beforeAll(async () => {
    db = await openDiscoveryDatabase();
    proxy = await startThrottlingProxy(localInfra().motoUrl);
  });

  afterAll(async () => {
    estate?.destroy();
    await Promise.all(services.map((service) => service.stop('SIGKILL')));
    await proxy?.close();
    await db?.close();
  });

  /** engine-core with the default lease (a beat every 5 s, stale after 30 s), reaching moto through the proxy. */
  const startEngineCore = async () => {
    const service = await startService(
      'engine-core',
      serviceEnv(db.scratch, {
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_CONSUMER_GROUP: `engine-core-${prefix}`,
        CREDENTIALS_KEK: keys.base64,
        CREDENTIALS_KEK_ID: TEST_KEK_ID,
        AWS_ENDPOINT_URL: proxy.url,
        AWS_EC2_PAGE_SIZE: '5',
        DISCOVERY_BATCH_SIZE: '5',
        DISCOVERY_INTERVAL_MINUTES: '0',
        DISCOVERY_POLL_INTERVAL_MS: '1000',
      }),
    );
    services.push(service);
    return service;
  };

  const runRow = async (id: string): Promise<RunRow | undefined> =>
    (
      await db.dataSource.query<RunRow[]>(
        'SELECT status, discovered_count, claim_token FROM discovery_runs WHERE id = $1',
        [id],
      )
    )[0];

  it(
    'is taken over by another worker and finishes within a minute',
    async () => {
      const access = freshMotoAccount(['eu-west-1']);
      estate = new MotoEstate(access);
      await estate.launchInstances('eu-west-1', INSTANCES);
      const event = await accountConnectedEvent(access, keys.wrapper, { tenantId });
      await projectAccountEvents(db.runtime, [event]);
      // Every other EC2 call throttled: the SDK retries with backoff, so the run takes a while.
      proxy.throttleEvery(2, { services: ['ec2'] });
      const first = await startEngineCore();
      const run = await new DiscoveryRunStore(db.runtime).enqueue({
        tenantId,
        accountId: event.payload.accountId,
        trigger: 'manual',
        requestedBy: 'test',
      });

      const midRun = await eventually(
        async () => {
          const row = await runRow(run.id);
          expect(row).toMatchObject({ status: 'running' });
          expect(row?.discovered_count).toBeGreaterThan(0);
          expect(row?.discovered_count).toBeLessThan(INSTANCES);
          return row;
        },
        { timeoutMs: MINUTE_MS, intervalMs: 50 },
      );
      const killed = await first.stop('SIGKILL');
      const killedAt = Date.now();
      expect(killed.signal).toBe('SIGKILL');
      proxy.passThrough();
      await startEngineCore();

      const finished = await eventually(
        async () => {
          const row = await runRow(run.id);
          expect(row).toMatchObject({ status: 'succeeded', discovered_count: INSTANCES });
          return row;
        },
        { timeoutMs: MINUTE_MS, intervalMs: 250 },
      );

      expect(Date.now() - killedAt).toBeLessThan(MINUTE_MS);
      expect(finished?.claim_token).not.toBe(midRun?.claim_token);
    },
    3 * MINUTE_MS,
  );
});
