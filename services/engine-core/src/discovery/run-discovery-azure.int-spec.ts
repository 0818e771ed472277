import { randomUUID } from 'node:crypto';

import { type DescMessage, fromBinary, type MessageShape } from '@bufbuild/protobuf';
import {
  AccountBreakers,
  type AzureAccountAccess,
  AzureClientPool,
  azureUrns,
  splitAzureResourceKey,
} from '@codex/connectors';
import {
  MetricsSampledSchema,
  ResourceDeletedSchema,
  ResourceDiscoveredSchema,
} from '@codex/contracts';
import { Outbox } from '@codex/messaging';
import { AZURE_SANDBOX, type AzureSandbox, startAzureSandbox } from '@codex/testing';

import {
  accountConnectedEvent,
  projectAccountEvents,
  testKeys,
} from '../accounts/connected-account.fixture';
import { SealedAccountAccessSource } from '../accounts/sealed-account-access-source';
import { ComputeProviders } from '../compute/compute-providers';
import { AzureComputeActions } from '../providers/azure/compute-actions';
import { AzureComputeDiscovery } from '../providers/azure/compute-discovery';
import { AzureCpuMetrics } from '../providers/azure/cpu-metrics';
import { type DiscoveryDatabase, openDiscoveryDatabase } from './discovery-database.fixture';
import type { DiscoveryRun } from './discovery-run.entity';
import { DiscoveryRunStore } from './discovery-run-store';
import { DELETED_REASON, ResourcePublisher } from './resource-publisher';
import { RunDiscovery } from './run-discovery';

const PUBLISHES = ['resource.discovered', 'resource.deleted', 'metrics.sampled'] as const;
const SEEDED_VMS = 44;
const SEEDED_SCALE_SETS = 2;

describe('a discovery run of Azure subscriptions in the Azure sandbox', () => {
  const keys = testKeys();
  let tenantId: string;
  let sandbox: AzureSandbox;
  let db: DiscoveryDatabase;
  let store: DiscoveryRunStore;
  let breakers: AccountBreakers;
  let clients: AzureClientPool;

  beforeAll(async () => {
    [sandbox, db] = await Promise.all([startAzureSandbox(), openDiscoveryDatabase()]);
    store = new DiscoveryRunStore(db.runtime);
  });

  afterAll(async () => {
    await Promise.all([sandbox.stop(), db.close()]);
  });

  beforeEach(async () => {
    tenantId = `tenant-${randomUUID()}`;
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
    await sandbox.configure({ pageSize: 10 });
    breakers = new AccountBreakers();
    clients = new AzureClientPool(breakers, { maxRetries: 6, maxRetryDelayMs: 5_000 });
  });

  afterEach(() => {
    clients.destroy();
    breakers.shutdown();
  });

  function execution(): RunDiscovery {
    const compute = new ComputeProviders({
      azure: {
        discovery: new AzureComputeDiscovery(clients),
        metrics: new AzureCpuMetrics(clients),
        actions: new AzureComputeActions(clients),
      },
    });
    return new RunDiscovery(
      db.runtime,
      store,
      new ResourcePublisher(new Outbox('engine-core', PUBLISHES)),
      new SealedAccountAccessSource(db.runtime, keys.wrapper, { azure: sandbox.url }),
      compute,
      compute,
      { batchSize: 10, cpuPeriodSeconds: 300, heartbeatMs: 200 },
    );
  }

  /** One subscription connected through the projection as aetherium would; its Codex id. */
  async function connectedSubscription(subscriptionId: string): Promise<string> {
    const access: AzureAccountAccess = {
      provider: 'azure',
      accountId: subscriptionId,
      regions: [],
      credentials: {
        kind: 'client-secret',
        tenantId: AZURE_SANDBOX.tenantId,
        clientId: AZURE_SANDBOX.clientId,
        clientSecret: AZURE_SANDBOX.clientSecret,
      },
    };
    const event = await accountConnectedEvent(access, keys.wrapper, { tenantId });
    await projectAccountEvents(db.runtime, [event]);
    return event.payload.accountId;
  }

  async function runOnce(accountId: string): Promise<DiscoveryRun> {
    await store.enqueue({ tenantId, accountId, trigger: 'manual', requestedBy: 'test' });
    const claimed = await store.claim(10);
    if (!claimed) throw new Error('no queued run to claim');
    await execution().execute(claimed);
    return store.get(tenantId, claimed.id);
  }

  /** What the runs put into the outbox on a topic (the scratch database is this file's). */
  async function published<S extends DescMessage>(
    topic: string,
    schema: S,
  ): Promise<MessageShape<S>[]> {
    const rows = await db.dataSource.query<{ payload: Buffer }[]>(
      `SELECT payload FROM outbox_messages WHERE topic = $1 ORDER BY created_at`,
      [topic],
    );
    return rows.map((row) => fromBinary(schema, row.payload));
  }

  it('publishes every VM and scale set of both subscriptions, their CPU, and then a deleted VM', async () => {
    const accounts = await Promise.all(AZURE_SANDBOX.subscriptions.map(connectedSubscription));

    const runs: DiscoveryRun[] = [];
    for (const accountId of accounts) runs.push(await runOnce(accountId));

    for (const run of runs) {
      expect(run).toMatchObject({ status: 'succeeded', deletedCount: 0, errorCode: null });
      expect(run.progress['global/compute/virtualMachine']).toMatchObject({
        region: 'global',
        resourceType: 'compute/virtualMachine',
      });
    }
    const discoveredCount = runs.reduce((sum, run) => sum + run.discoveredCount, 0);
    expect(discoveredCount).toBe(SEEDED_VMS + SEEDED_SCALE_SETS);
    const discovered = await published('resource.discovered', ResourceDiscoveredSchema);
    const vms = discovered.filter((event) => event.resourceType === 'compute/virtualMachine');
    expect(vms).toHaveLength(SEEDED_VMS);
    expect(new Set(vms.map((vm) => vm.urn)).size).toBe(SEEDED_VMS);
    expect(vms.every((vm) => vm.urn.startsWith(`codex:azure:${vm.accountId}:`))).toBe(true);
    const running = vms.filter((vm) => vm.state === 'running');
    const samples = await published('metrics.sampled', MetricsSampledSchema);
    expect(samples.map((sample) => sample.resourceUrn).sort()).toEqual(
      running.map((vm) => vm.urn).sort(),
    );
    expect(runs.reduce((sum, run) => sum + run.metricsCount, 0)).toBe(running.length);

    const [gone] = vms.filter((vm) => vm.accountId === AZURE_SANDBOX.subscriptions[0]);
    if (!gone) throw new Error('no VM in the first subscription');
    const key = splitAzureResourceKey(azureUrns.parse(gone.urn)?.resourceId ?? '');
    if (!key) throw new Error(`${gone.urn} is not an Azure VM's URN`);
    await sandbox.deleteVm(gone.accountId, key.resourceGroup, key.name);
    const second = await runOnce(accounts[0] ?? '');

    expect(second).toMatchObject({ status: 'succeeded', deletedCount: 1 });
    const deletions = await published('resource.deleted', ResourceDeletedSchema);
    expect(deletions).toEqual([
      expect.objectContaining({
        urn: gone.urn,
        resourceType: 'compute/virtualMachine',
        reason: DELETED_REASON,
        discoveryRunId: second.id,
      }),
    ]);
  });
});
