import { randomUUID } from 'node:crypto';

import { type DescMessage, fromBinary, type MessageShape } from '@bufbuild/protobuf';
import { AccountBreakers, type AwsAccountAccess, AwsClientPool, awsUrns } from '@codex/connectors';
import {
  AccountStatus,
  MetricsSampledSchema,
  ResourceDeletedSchema,
  ResourceDiscoveredSchema,
} from '@codex/contracts';
import { Outbox } from '@codex/messaging';
import { localInfra, startThrottlingProxy, type ThrottlingProxy } from '@codex/testing';

import {
  accountConnectedEvent,
  projectAccountEvents,
  testKeys,
} from '../accounts/connected-account.fixture';
import { SealedAccountAccessSource } from '../accounts/sealed-account-access-source';
import type { ComputeDiscoveryPort } from '../compute/ports';
import { AwsComputeDiscovery } from '../providers/aws/compute-discovery';
import { AwsCpuMetrics } from '../providers/aws/cpu-metrics';
import {
  freshMotoAccount,
  MOTO_CLIENT_SETTINGS,
  MotoEstate,
} from '../providers/aws/moto-estate.fixture';
import { type DiscoveryDatabase, openDiscoveryDatabase } from './discovery-database.fixture';
import type { DiscoveryRun } from './discovery-run.entity';
import { DiscoveryRunStore } from './discovery-run-store';
import { DELETED_REASON, ResourcePublisher } from './resource-publisher';
import { RunDiscovery } from './run-discovery';

const PUBLISHES = ['resource.discovered', 'resource.deleted', 'metrics.sampled'] as const;
const SMALL_PAGES = { ec2PageSize: 5, ecsPageSize: 1, concurrency: 2 };

describe('a discovery run of an AWS account in moto', () => {
  const keys = testKeys();
  const tenantId = `tenant-${randomUUID()}`;
  let db: DiscoveryDatabase;
  let store: DiscoveryRunStore;
  let breakers: AccountBreakers;
  let clients: AwsClientPool;
  const estates: MotoEstate[] = [];

  beforeAll(async () => {
    db = await openDiscoveryDatabase();
    store = new DiscoveryRunStore(db.runtime);
  });

  afterAll(async () => {
    await db.close();
  });

  beforeEach(() => {
    breakers = new AccountBreakers();
    clients = new AwsClientPool(breakers, MOTO_CLIENT_SETTINGS);
  });

  afterEach(() => {
    for (const estate of estates.splice(0)) estate.destroy();
    clients.destroy();
    breakers.shutdown();
  });

  function execution(
    endpoint = localInfra().motoUrl,
    discovery: ComputeDiscoveryPort = new AwsComputeDiscovery(clients, SMALL_PAGES),
  ): RunDiscovery {
    return new RunDiscovery(
      db.runtime,
      store,
      new ResourcePublisher(new Outbox('engine-core', PUBLISHES)),
      new SealedAccountAccessSource(db.runtime, keys.wrapper, endpoint),
      discovery,
      new AwsCpuMetrics(clients),
      { batchSize: 5, cpuPeriodSeconds: 300, heartbeatMs: 200 },
    );
  }

  /** A fresh moto account, connected through the projection; its Codex id and an estate to build in. */
  async function connectedAccount(regions: string[]) {
    const access = freshMotoAccount(regions);
    const estate = new MotoEstate(access);
    estates.push(estate);
    const event = await accountConnectedEvent(access, keys.wrapper, { tenantId });
    await projectAccountEvents(db.runtime, [event]);
    return { access, estate, accountId: event.payload.accountId };
  }

  async function runOnce(accountId: string, run = execution()): Promise<DiscoveryRun> {
    await store.enqueue({ tenantId, accountId, trigger: 'manual', requestedBy: 'test' });
    const claimed = await store.claim(10);
    if (!claimed) throw new Error('no queued run to claim');
    await run.execute(claimed);
    return store.get(tenantId, claimed.id);
  }

  /** The payloads this account's runs put into the outbox on a topic. */
  async function published<S extends DescMessage>(
    topic: string,
    schema: S,
    access: AwsAccountAccess,
  ): Promise<MessageShape<S>[]> {
    const rows = await db.dataSource.query<{ payload: Buffer }[]>(
      `SELECT payload FROM outbox_messages WHERE topic = $1 AND message_key LIKE $2 ORDER BY created_at`,
      [topic, `codex:aws:${access.accountId}:%`],
    );
    return rows.map((row) => fromBinary(schema, row.payload));
  }

  async function knownUrns(accountId: string): Promise<string[]> {
    const rows = await db.dataSource.query<{ urn: string }[]>(
      'SELECT urn FROM known_resources WHERE account_id = $1 ORDER BY urn',
      [accountId],
    );
    return rows.map((row) => row.urn);
  }

  const instanceUrn = (access: AwsAccountAccess, region: string, id: string) =>
    awsUrns.format({
      accountId: access.accountId,
      region,
      resourceType: 'ec2/instance',
      resourceId: id,
    });

  it('publishes one resource.discovered per instance, cluster and service, and records progress and counts', async () => {
    const { access, estate, accountId } = await connectedAccount(['eu-west-1', 'us-east-1']);
    const inEurope = await estate.launchInstances('eu-west-1', 7, { tags: { team: 'web' } });
    const inVirginia = await estate.launchInstances('us-east-1', 3);
    await estate.createService('us-east-1', 'payments', 'checkout', 2);
    await estate.createService('us-east-1', 'payments', 'ledger', 1);
    const expected = [
      ...inEurope.map((id) => instanceUrn(access, 'eu-west-1', id)),
      ...inVirginia.map((id) => instanceUrn(access, 'us-east-1', id)),
      `codex:aws:${access.accountId}:us-east-1:ecs/cluster/payments`,
      `codex:aws:${access.accountId}:us-east-1:ecs/service/payments/checkout`,
      `codex:aws:${access.accountId}:us-east-1:ecs/service/payments/ledger`,
    ].sort();

    const run = await runOnce(accountId);

    expect(run).toMatchObject({
      status: 'succeeded',
      discoveredCount: 13,
      deletedCount: 0,
      errorCode: null,
    });
    expect(run.finishedAt).toBeInstanceOf(Date);
    expect(run.progress['eu-west-1/ec2/instance']).toEqual({
      region: 'eu-west-1',
      resourceType: 'ec2/instance',
      pages: 2,
      resources: 7,
    });
    expect(run.progress['us-east-1/ecs/service']).toMatchObject({ resources: 2 });
    const events = await published('resource.discovered', ResourceDiscoveredSchema, access);
    expect(events.map((event) => event.urn).sort()).toEqual(expected);
    expect(await knownUrns(accountId)).toEqual(expected);
    const instance = events.find((event) => event.urn === expected[0]);
    expect(instance).toMatchObject({
      tenantId,
      accountId: access.accountId,
      resourceType: 'ec2/instance',
      state: 'running',
      tags: { team: 'web' },
      discoveryRunId: run.id,
      attributes: { instanceType: 't3.micro' },
    });
    // Three batches, one observation time: when the reads began, so a page read before an
    // action's verifying read never looks newer than it in the inventory.
    const observed = new Set(events.map((event) => event.observedAt?.seconds));
    const nanos = new Set(events.map((event) => event.observedAt?.nanos));
    expect([observed.size, nanos.size]).toEqual([1, 1]);
  });

  it('publishes the latest CPU utilisation of each running instance as metrics.sampled', async () => {
    const { access, estate, accountId } = await connectedAccount(['eu-west-1']);
    const [busy = '', idle = ''] = await estate.launchInstances('eu-west-1', 2);
    await estate.putCpu('eu-west-1', busy, [
      { at: new Date(Date.now() - 12 * 60_000), percent: 20 },
      { at: new Date(Date.now() - 2 * 60_000), percent: 87.5 },
    ]);

    const run = await runOnce(accountId);

    expect(run).toMatchObject({ status: 'succeeded', metricsCount: 1 });
    const samples = await published('metrics.sampled', MetricsSampledSchema, access);
    expect(samples).toHaveLength(1);
    expect(samples[0]).toMatchObject({
      tenantId,
      resourceUrn: instanceUrn(access, 'eu-west-1', busy),
      metric: 'cpu_utilization',
      unit: 'percent',
      statistic: 'average',
      periodSeconds: 300,
    });
    expect(samples[0]?.samples.map((sample) => sample.value)).toEqual([87.5]);
    expect(samples.map((sample) => sample.resourceUrn)).not.toContain(
      instanceUrn(access, 'eu-west-1', idle),
    );
  });

  it('announces an instance terminated since the previous run as resource.deleted, once', async () => {
    const { access, estate, accountId } = await connectedAccount(['eu-west-1']);
    const [gone = '', ...kept] = await estate.launchInstances('eu-west-1', 3);
    await runOnce(accountId);
    await estate.terminate('eu-west-1', [gone]);

    const second = await runOnce(accountId);
    const third = await runOnce(accountId);

    expect(second).toMatchObject({ status: 'succeeded', discoveredCount: 2, deletedCount: 1 });
    expect(third).toMatchObject({ status: 'succeeded', deletedCount: 0 });
    const deletions = await published('resource.deleted', ResourceDeletedSchema, access);
    expect(deletions).toHaveLength(1);
    expect(deletions[0]).toMatchObject({
      urn: instanceUrn(access, 'eu-west-1', gone),
      tenantId,
      accountId: access.accountId,
      resourceType: 'ec2/instance',
      reason: DELETED_REASON,
      discoveryRunId: second.id,
    });
    expect(await knownUrns(accountId)).toEqual(
      kept.map((id) => instanceUrn(access, 'eu-west-1', id)).sort(),
    );
  });

  it('stops at its next batch once the account is disconnected, failing as account_disconnected', async () => {
    const { access, estate, accountId } = await connectedAccount(['eu-west-1']);
    await estate.launchInstances('eu-west-1', 10);
    const disconnection = await accountConnectedEvent(access, keys.wrapper, {
      tenantId,
      accountId,
      status: AccountStatus.DISCONNECTED,
    });
    const aws = new AwsComputeDiscovery(clients, SMALL_PAGES);
    const disconnectedAfterFirstBatch: ComputeDiscoveryPort<AwsAccountAccess> = {
      async *discover(account, onProgress) {
        let seen = 0;
        for await (const resource of aws.discover(account, onProgress)) {
          seen += 1;
          if (seen === 6) await projectAccountEvents(db.runtime, [disconnection]);
          yield resource;
        }
      },
    };

    const run = await runOnce(accountId, execution(undefined, disconnectedAfterFirstBatch));

    expect(run).toMatchObject({
      status: 'failed',
      errorCode: 'account_disconnected',
      discoveredCount: 5,
      deletedCount: 0,
    });
    expect(await knownUrns(accountId)).toHaveLength(5);
  });

  describe('through a proxy that injects AWS faults', () => {
    let proxy: ThrottlingProxy;

    beforeEach(async () => {
      proxy = await startThrottlingProxy(localInfra().motoUrl);
    });

    afterEach(async () => {
      await proxy.close();
    });

    it('retries throttled calls with backoff and still completes the run', async () => {
      const { estate, accountId } = await connectedAccount(['eu-west-1', 'us-east-1']);
      await estate.launchInstances('eu-west-1', 6);
      await estate.createService('us-east-1', 'web', 'frontend', 1);
      proxy.throttleEvery(3, { services: ['ec2', 'ecs'] });

      const run = await runOnce(accountId, execution(proxy.url));

      expect(proxy.counts().throttled).toBeGreaterThan(2);
      expect(run).toMatchObject({ status: 'succeeded', discoveredCount: 8, errorCode: null });
    });

    it("fails the run with the provider's code and message on a hard failure, and deletes nothing", async () => {
      const { access, estate, accountId } = await connectedAccount(['eu-west-1']);
      await estate.launchInstances('eu-west-1', 3);
      const first = await runOnce(accountId, execution(proxy.url));
      expect(first.status).toBe('succeeded');
      const known = await knownUrns(accountId);
      proxy.denyNext(1_000, { services: ['ec2'] });

      const failed = await runOnce(accountId, execution(proxy.url));

      expect(failed).toMatchObject({
        status: 'failed',
        errorCode: 'UnauthorizedOperation',
        errorMessage: 'You are not authorized to perform this operation.',
        deletedCount: 0,
      });
      expect(failed.finishedAt).toBeInstanceOf(Date);
      expect(await published('resource.deleted', ResourceDeletedSchema, access)).toEqual([]);
      expect(await knownUrns(accountId)).toEqual(known);
    });
  });
});
