import {
  AccountBreakers,
  type AzureAccountAccess,
  AzureClientPool,
  azureUrns,
  ProviderError,
} from '@codex/connectors';
import { AZURE_SANDBOX, type AzureSandbox, startAzureSandbox } from '@codex/testing';

import type { DiscoveredResource, DiscoveryProgress } from '../../compute/ports';
import { AzureComputeDiscovery, SUBSCRIPTION_WIDE } from './compute-discovery';
import { AzureCpuMetrics } from './cpu-metrics';
import { AZURE_POWER_STATES } from './vm-resources';

const [PRODUCTION = '', DEVELOPMENT = ''] = AZURE_SANDBOX.subscriptions;
/** Short waits: the sandbox answers 429 with Retry-After of a second or two. */
const CLIENT_SETTINGS = { maxRetries: 6, maxRetryDelayMs: 5_000 };
const SEEDED_VMS = 44;

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const collected: T[] = [];
  for await (const item of items) collected.push(item);
  return collected;
}

describe('Azure discovery and CPU metrics against the Azure sandbox', () => {
  let sandbox: AzureSandbox;
  let breakers: AccountBreakers;
  let clients: AzureClientPool;
  let discovery: AzureComputeDiscovery;

  const access = (subscriptionId: string, regions: string[] = []): AzureAccountAccess => ({
    provider: 'azure',
    accountId: subscriptionId,
    regions,
    endpoint: sandbox.url,
    credentials: {
      kind: 'client-secret',
      tenantId: AZURE_SANDBOX.tenantId,
      clientId: AZURE_SANDBOX.clientId,
      clientSecret: AZURE_SANDBOX.clientSecret,
    },
  });

  async function control(method: string, path: string, body?: unknown): Promise<void> {
    const response = await fetch(`${sandbox.url}/_sandbox/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} /_sandbox/${path} answered ${response.status}`);
  }

  /** Both subscriptions, one access each, as two connected accounts would be discovered. */
  async function discoverBoth(): Promise<DiscoveredResource[]> {
    const found = await Promise.all(
      [PRODUCTION, DEVELOPMENT].map((subscription) =>
        collect(discovery.discover(access(subscription))),
      ),
    );
    return found.flat();
  }

  const ofType = (resources: DiscoveredResource[], type: string) =>
    resources.filter((resource) => resource.resourceType === type);

  beforeAll(async () => {
    sandbox = await startAzureSandbox();
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  beforeEach(async () => {
    await control('POST', 'reset');
    await sandbox.configure({ pageSize: 7 });
    breakers = new AccountBreakers();
    clients = new AzureClientPool(breakers, CLIENT_SETTINGS);
    discovery = new AzureComputeDiscovery(clients);
  });

  afterEach(async () => {
    clients.destroy();
    breakers.shutdown();
    await control('POST', 'reset');
  });

  it('finds exactly the seeded VMs and scale sets of both subscriptions, over several pages', async () => {
    const progress: DiscoveryProgress[] = [];

    const production = await collect(
      discovery.discover(access(PRODUCTION), (step) => progress.push(step)),
    );
    const development = await collect(discovery.discover(access(DEVELOPMENT)));
    const found = [...production, ...development];

    const vms = ofType(found, 'compute/virtualMachine');
    expect(vms).toHaveLength(SEEDED_VMS);
    expect(new Set(found.map((resource) => resource.urn)).size).toBe(found.length);
    expect(
      ofType(found, 'compute/virtualMachineScaleSet')
        .map((resource) => resource.urn)
        .sort(),
    ).toEqual([
      `codex:azure:${PRODUCTION}:westeurope:compute/virtualMachineScaleSet/rg-web-prod/vmss-web-prod`,
      `codex:azure:${DEVELOPMENT}:eastus2:compute/virtualMachineScaleSet/rg-data-dev/vmss-batch-dev`,
    ]);
    expect(production.every((resource) => resource.accountId === PRODUCTION)).toBe(true);
    expect(development.every((resource) => resource.accountId === DEVELOPMENT)).toBe(true);
    for (const vm of vms) {
      expect(azureUrns.parse(vm.urn)).toEqual({
        accountId: vm.accountId,
        region: vm.region,
        resourceType: 'compute/virtualMachine',
        resourceId: `${String(vm.attributes.resourceGroup)}/${vm.name}`.toLowerCase(),
      });
    }
    const vmPages = progress.filter((step) => step.resourceType === 'compute/virtualMachine');
    const productionVms = ofType(production, 'compute/virtualMachine').length;
    expect(vmPages).toHaveLength(Math.ceil(productionVms / 7));
    expect(vmPages.at(-1)).toEqual({
      accountId: PRODUCTION,
      region: SUBSCRIPTION_WIDE,
      resourceType: 'compute/virtualMachine',
      pages: Math.ceil(productionVms / 7),
      resources: productionVms,
    });
  });

  it('describes a VM by its power state, size, group, OS, tags, disks and NIC', async () => {
    const vms = ofType(await discoverBoth(), 'compute/virtualMachine');

    const states = vms.map((vm) => vm.state);
    expect(states.every((state) => (AZURE_POWER_STATES as readonly string[]).includes(state))).toBe(
      true,
    );
    expect(states.filter((state) => state === 'running').length).toBeGreaterThan(SEEDED_VMS / 2);
    expect(states.some((state) => state === 'stopped' || state === 'deallocated')).toBe(true);
    const production = vms.filter((vm) => vm.tags.env === 'production');
    expect(production.length).toBeGreaterThan(0);
    expect(vms.filter((vm) => vm.tags.env === 'dev').length).toBeGreaterThan(0);
    const [vm] = production.filter((candidate) => candidate.region === 'westeurope');
    expect(vm).toMatchObject({
      provider: 'azure',
      accountId: PRODUCTION,
      resourceType: 'compute/virtualMachine',
      tags: { env: 'production', team: expect.any(String) as unknown },
      attributes: {
        vmSize: expect.stringMatching(/^Standard_[BDEF]/) as unknown,
        resourceGroup: 'rg-web-prod',
        osType: expect.stringMatching(/^(Linux|Windows)$/) as unknown,
        osDisk: { name: `${vm?.name}_OsDisk_1` },
        networkInterfaces: [
          `/subscriptions/${PRODUCTION}/resourceGroups/rg-web-prod/providers/Microsoft.Network/networkInterfaces/${vm?.name}-nic`,
        ],
        provisioningState: 'succeeded',
        vmId: expect.any(String) as unknown,
      },
    });
    expect(Date.parse(String(vm?.attributes.timeCreated))).not.toBeNaN();
    expect(Array.isArray(vm?.attributes.dataDisks ?? [])).toBe(true);
  });

  it('keeps only the locations of the access when it names some', async () => {
    const found = await collect(discovery.discover(access(PRODUCTION, ['westeurope'])));

    expect(new Set(found.map((resource) => resource.region))).toEqual(new Set(['westeurope']));
    expect(new Set(found.map((resource) => resource.attributes.resourceGroup))).toEqual(
      new Set(['rg-web-prod', 'rg-web-staging']),
    );
    expect(ofType(found, 'compute/virtualMachineScaleSet').map((vmss) => vmss.name)).toEqual([
      'vmss-web-prod',
    ]);
  });

  it('no longer finds a VM deleted since the last run', async () => {
    const before = ofType(await discoverBoth(), 'compute/virtualMachine');
    const [gone] = before;
    if (!gone) throw new Error('no VM seeded');
    await sandbox.deleteVm(gone.accountId, String(gone.attributes.resourceGroup), gone.name);

    const after = ofType(await discoverBoth(), 'compute/virtualMachine');

    expect(after).toHaveLength(SEEDED_VMS - 1);
    expect(after.map((vm) => vm.urn)).not.toContain(gone.urn);
  });

  it('waits out throttling as Retry-After says and still finds every VM', async () => {
    await sandbox.throttle({ reads: 2, retryAfterSeconds: 2 });

    const vms = ofType(await discoverBoth(), 'compute/virtualMachine');

    expect(vms).toHaveLength(SEEDED_VMS);
    expect(await sandbox.refused()).toBeGreaterThan(0);
    expect(breakers.isOpen(access(PRODUCTION))).toBe(false);
  });

  it("fails with Azure's code for a subscription that does not exist or a wrong secret", async () => {
    const unknown = access('33333333-0000-4000-8000-000000000003');
    await expect(collect(discovery.discover(unknown))).rejects.toMatchObject({
      name: 'ProviderError',
      code: 'not_found',
      providerCode: 'SubscriptionNotFound',
    });
    const wrongSecret: AzureAccountAccess = {
      ...access(PRODUCTION),
      credentials: {
        kind: 'client-secret',
        tenantId: AZURE_SANDBOX.tenantId,
        clientId: AZURE_SANDBOX.clientId,
        clientSecret: 'not-the-secret',
      },
    };
    const refused = collect(discovery.discover(wrongSecret));
    await expect(refused).rejects.toBeInstanceOf(ProviderError);
    await expect(refused).rejects.toMatchObject({
      code: 'denied',
      providerCode: 'AADSTS7000215',
      message: expect.stringMatching(/^Invalid client secret provided\./) as unknown,
    });
  });

  it('reads the latest Percentage CPU of every running VM', async () => {
    const metrics = new AzureCpuMetrics(clients, {
      windowMinutes: 30,
      periodSeconds: 300,
      concurrency: 4,
    });
    const started = Date.now();
    for (const subscription of [PRODUCTION, DEVELOPMENT]) {
      const found = await collect(discovery.discover(access(subscription)));
      const running = found
        .filter((resource) => resource.state === 'running')
        .map((resource) => metrics.measuredInstance(resource))
        .filter((instance) => instance !== undefined);
      expect(running.length).toBe(
        ofType(found, 'compute/virtualMachine').filter((vm) => vm.state === 'running').length,
      );

      const samples = await metrics.latestCpu(access(subscription), running);

      expect(samples.map((sample) => sample.instanceId).sort()).toEqual(
        running.map((instance) => instance.instanceId).sort(),
      );
      for (const sample of samples) {
        expect(sample.averagePercent).toBeGreaterThanOrEqual(0);
        expect(sample.averagePercent).toBeLessThanOrEqual(100);
        expect(sample.timestamp.getTime()).toBeGreaterThan(started - 30 * 60_000);
        expect(sample.timestamp.getTime()).toBeLessThanOrEqual(Date.now());
      }
    }
  });

  it('measures VMs only, identified by location and group/name', async () => {
    const metrics = new AzureCpuMetrics(clients);
    const found = await collect(discovery.discover(access(PRODUCTION)));
    const [vmss] = ofType(found, 'compute/virtualMachineScaleSet');
    const [vm] = ofType(found, 'compute/virtualMachine');

    expect(vmss && metrics.measuredInstance(vmss)).toBeUndefined();
    expect(vm && metrics.measuredInstance(vm)).toEqual({
      region: vm?.region,
      instanceId: `${String(vm?.attributes.resourceGroup)}/${vm?.name}`.toLowerCase(),
      urn: vm?.urn,
      source: 'azure.monitor',
    });
  });

  it('has no sample for a VM deleted since it was discovered', async () => {
    const metrics = new AzureCpuMetrics(clients);
    const found = await collect(discovery.discover(access(PRODUCTION)));
    const running = ofType(found, 'compute/virtualMachine').filter((vm) => vm.state === 'running');
    const [gone, kept] = running;
    if (!gone || !kept) throw new Error('fewer than two running VMs');
    await sandbox.deleteVm(PRODUCTION, String(gone.attributes.resourceGroup), gone.name);

    const samples = await metrics.latestCpu(
      access(PRODUCTION),
      [gone, kept].map((vm) => metrics.measuredInstance(vm)).filter((ref) => ref !== undefined),
    );

    expect(samples.map((sample) => sample.instanceId)).toEqual([
      metrics.measuredInstance(kept)?.instanceId,
    ]);
  });
});
