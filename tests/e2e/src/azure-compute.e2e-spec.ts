import { randomUUID } from 'node:crypto';

import { ComputeManagementClient, type VirtualMachine } from '@azure/arm-compute';
import { ClientSecretCredential } from '@azure/identity';
import {
  AZURE_SANDBOX,
  type AzureSandbox,
  eventually,
  MotoAccount,
  type RunningPlatform,
  startAzureSandbox,
  startPlatform,
  startTestIdentityProvider,
  type TestIdentityProvider,
} from '@codex/testing';

import { engineCoreDeliveries } from './support/executor-deliveries';
import { discoverAccount, type DiscoveryRunView, gatewayApi } from './support/gateway-api';
import { redeliver } from './support/redeliver';

interface Resource {
  urn: string;
  provider: string;
  name: string;
  type: string;
  state: string;
  tags: Record<string, string>;
  attributes: Record<string, unknown>;
}
type Run = DiscoveryRunView;
interface ActionView {
  id: string;
  status: string;
  executions: number;
  requiresApproval: boolean;
  plan: { changes: { field: string; from: unknown; to: unknown }[]; steps: string[] };
}
interface Problem {
  status: number;
  code: string;
  detail: string;
}

const [FIRST, SECOND] = AZURE_SANDBOX.subscriptions;

describe('Azure compute through the gateway: accounts, discovery, inventory and actions', () => {
  let idp: TestIdentityProvider;
  let sandbox: AzureSandbox;
  let platform: RunningPlatform;
  const tenant = `contoso-${randomUUID().slice(0, 8)}`;
  const moto = new MotoAccount();
  let tokens: Record<'admin' | 'operator' | 'approver' | 'viewer' | 'stranger', string>;
  const accounts: Record<string, string> = {};

  const api = gatewayApi(() => platform.gatewayUrl);

  /** The sandbox as the unmodified SDK sees it: the test's independent view of the estate. */
  const compute = (subscriptionId: string) =>
    new ComputeManagementClient(
      new ClientSecretCredential(
        AZURE_SANDBOX.tenantId,
        AZURE_SANDBOX.clientId,
        AZURE_SANDBOX.clientSecret,
        { authorityHost: sandbox.url, disableInstanceDiscovery: true },
      ),
      subscriptionId,
      { endpoint: sandbox.url },
    );
  const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
    const all: T[] = [];
    for await (const item of items) all.push(item);
    return all;
  };
  const groupOf = (id: string) => /\/resourceGroups\/([^/]+)\//i.exec(id)?.[1] ?? '';
  /** The URN Codex gives an Azure resource: group and name in lower case. */
  const urnOf = (subscriptionId: string, type: string, resource: VirtualMachine) =>
    `codex:azure:${subscriptionId}:${resource.location ?? ''}:${type}/${groupOf(resource.id ?? '')}/${resource.name ?? ''}`.replace(
      /[^/]+\/[^/]+$/,
      (key) => key.toLowerCase(),
    );
  const seededUrns = async () => {
    const urns: string[] = [];
    for (const subscriptionId of AZURE_SANDBOX.subscriptions) {
      const client = compute(subscriptionId);
      for (const vm of await collect(client.virtualMachines.listAll())) {
        urns.push(urnOf(subscriptionId, 'compute/virtualMachine', vm));
      }
      for (const set of await collect(client.virtualMachineScaleSets.listAll())) {
        urns.push(urnOf(subscriptionId, 'compute/virtualMachineScaleSet', set));
      }
    }
    return urns.sort();
  };

  const discover = (accountId: string): Promise<Run> =>
    discoverAccount(api, tokens, accountId, 90_000);

  const azureInventory = async () =>
    (
      await api<{ items: Resource[] }>(
        'GET',
        '/api/v1/inventory/resources?provider=azure&limit=500',
        tokens.viewer,
      )
    ).body.items;

  const resource = async (urn: string) =>
    api<Resource>('GET', `/api/v1/inventory/resources/${encodeURIComponent(urn)}`, tokens.viewer);

  const connectAzure = (subscriptionId: string, secret: string = AZURE_SANDBOX.clientSecret) =>
    api<{ id: string } & Problem>('POST', '/api/v1/accounts', tokens.admin, {
      provider: 'azure',
      name: `subscription ${subscriptionId.slice(0, 8)}`,
      subscriptionId,
      credentials: {
        kind: 'client-secret',
        tenantId: AZURE_SANDBOX.tenantId,
        clientId: AZURE_SANDBOX.clientId,
        clientSecret: secret,
      },
    });

  const settle = (id: string) =>
    eventually(
      async () => {
        const action = await api<ActionView>('GET', `/api/v1/actions/${id}`, tokens.viewer);
        if (action.body.status === 'dispatched') throw new Error('still running');
        return action.body;
      },
      { timeoutMs: 90_000 },
    );

  beforeAll(async () => {
    idp = await startTestIdentityProvider();
    sandbox = await startAzureSandbox();
    // Power transitions of a fifth of a second: long-running operations still poll, quickly.
    await sandbox.configure({ transitionMs: 200 });
    platform = await startPlatform({
      env: idp.env,
      serviceEnv: {
        aetherium: { AZURE_ENDPOINT_URL: sandbox.url },
        'engine-core': { AZURE_ENDPOINT_URL: sandbox.url, DISCOVERY_INTERVAL_MINUTES: '0' },
      },
    });
    const token = (roles: string[], subject?: string) =>
      idp.token({ tenant, roles, ...(subject ? { subject } : {}) });
    tokens = {
      admin: await token(['admin']),
      operator: await token(['operator'], 'olga@contoso.test'),
      approver: await token(['approver'], 'april@contoso.test'),
      viewer: await token(['viewer']),
      stranger: await idp.token({ tenant: `other-${randomUUID().slice(0, 8)}`, roles: ['admin'] }),
    };
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
    await sandbox?.stop();
    await idp?.close();
  });

  it('a wrong client secret and an unknown subscription each get a 4xx naming the problem', async () => {
    const wrongSecret = await connectAzure(FIRST, 'not-the-secret');
    expect(wrongSecret.status).toBe(422);
    expect(wrongSecret.body.detail).toContain('AADSTS7000215');
    const unknown = await connectAzure('33333333-0000-4000-8000-000000000003');
    expect(unknown.status).toBe(422);
    expect(unknown.body.detail).toContain('SubscriptionNotFound');
    const listed = await api<{ items: unknown[] }>('GET', '/api/v1/accounts', tokens.admin);
    expect(listed.body.items).toEqual([]);
  });

  it('discovery finds exactly the seeded VMs and scale sets of both subscriptions', async () => {
    for (const subscriptionId of AZURE_SANDBOX.subscriptions) {
      const connected = await connectAzure(subscriptionId);
      expect(connected.status).toBe(201);
      accounts[subscriptionId] = connected.body.id;
    }
    for (const id of Object.values(accounts)) {
      expect(await discover(id)).toMatchObject({ status: 'succeeded', error: null });
    }
    const expected = await seededUrns();
    expect(expected.length).toBeGreaterThanOrEqual(46);
    await eventually(async () => {
      expect((await azureInventory()).map((item) => item.urn).sort()).toEqual(expected);
    });
    const vm = (await azureInventory()).find((item) => item.type === 'compute/virtualMachine');
    expect(String(vm?.attributes.vmSize)).toMatch(/^Standard_/);
    expect(String(vm?.attributes.osType)).toMatch(/^(Linux|Windows)$/);
    expect(vm?.urn).toContain(`/${String(vm?.attributes.resourceGroup).toLowerCase()}/`);
    expect(['running', 'stopped', 'deallocated']).toContain(vm?.state);
  });

  it('a VM deleted in Azure disappears from the inventory after the next run', async () => {
    const client = compute(SECOND);
    const [doomed] = await collect(client.virtualMachines.listAll());
    if (!doomed?.id || !doomed.name)
      throw new Error('the sandbox has no VM in the second subscription');
    const urn = urnOf(SECOND, 'compute/virtualMachine', doomed);
    expect((await resource(urn)).status).toBe(200);
    await sandbox.deleteVm(SECOND, groupOf(doomed.id), doomed.name);
    const run = await discover(accounts[SECOND] ?? '');
    expect(run).toMatchObject({ status: 'succeeded', counts: { deleted: 1 } });
    await eventually(async () => expect((await resource(urn)).status).toBe(404));
    expect((await azureInventory()).map((item) => item.urn).sort()).toEqual(await seededUrns());
  });

  it('throttled calls wait as Retry-After says and the run loses nothing', async () => {
    const before = (await azureInventory()).map((item) => item.urn).sort();
    // No reads at all for two seconds: every first read of the run is answered 429.
    await sandbox.throttle({ reads: 0, retryAfterSeconds: 2 });
    const run = await discover(accounts[FIRST] ?? '');
    expect(run).toMatchObject({ status: 'succeeded', counts: { deleted: 0 } });
    const refused = await sandbox.refused();
    expect(refused).toBeGreaterThan(0);
    // A client that retried before Retry-After ran out would have been refused again and again.
    expect(refused).toBeLessThanOrEqual(4);
    expect((await azureInventory()).map((item) => item.urn).sort()).toEqual(before);
  });

  it('one inventory query returns AWS and Azure production resources together', async () => {
    const [awsProduction = ''] = await moto.launch('us-east-1', 1, 't3.micro', {
      Name: 'billing-prod',
      env: 'production',
    });
    await moto.launch('us-east-1', 1, 't3.micro', { Name: 'billing-dev', env: 'dev' });
    const aws = await api<{ id: string }>('POST', '/api/v1/accounts', tokens.admin, {
      provider: 'aws',
      name: 'aws sandbox',
      regions: ['us-east-1'],
      credentials: { kind: 'assume-role', ...moto.role },
    });
    expect(aws.status).toBe(201);
    expect(await discover(aws.body.id)).toMatchObject({ status: 'succeeded' });

    const production = await eventually(async () => {
      const found = (
        await api<{ items: Resource[] }>(
          'GET',
          '/api/v1/inventory/resources?tag=env:production&limit=500',
          tokens.viewer,
        )
      ).body.items;
      expect(found.some((item) => item.provider === 'aws')).toBe(true);
      return found;
    });
    const providers = new Set(production.map((item) => item.provider));
    expect([...providers].sort()).toEqual(['aws', 'azure']);
    expect(production.every((item) => item.tags.env === 'production')).toBe(true);
    expect(production.map((item) => item.urn)).toContain(
      `codex:aws:${moto.accountId}:us-east-1:ec2/instance/${awsProduction}`,
    );
    const azureProduction = (await azureInventory()).filter(
      (item) => item.tags.env === 'production',
    );
    expect(
      production
        .filter((item) => item.provider === 'azure')
        .map((item) => item.urn)
        .sort(),
    ).toEqual(azureProduction.map((item) => item.urn).sort());
  });

  it('resizing a production VM waits for approval, takes effect in Azure and in the inventory, and runs once', async () => {
    const inventory = await azureInventory();
    const target = inventory.find(
      (item) =>
        item.type === 'compute/virtualMachine' &&
        item.tags.env === 'production' &&
        item.state === 'running' &&
        String(item.attributes.vmSize).startsWith('Standard_D'),
    );
    if (!target) throw new Error('the sandbox has no running production D-series VM');
    const from = String(target.attributes.vmSize);
    const to = 'Standard_E4s_v5';
    const key = randomUUID();
    const request = {
      targetUrn: target.urn,
      type: 'resize',
      params: { vmSize: to },
      reason: 'memory-bound',
    };

    const requested = await api<{ action: ActionView }>(
      'POST',
      '/api/v1/actions',
      tokens.operator,
      request,
      {
        'idempotency-key': key,
      },
    );
    expect(requested.status).toBe(201);
    expect(requested.body.action).toMatchObject({
      status: 'pending_approval',
      requiresApproval: true,
    });
    expect(requested.body.action.plan.changes).toEqual(
      expect.arrayContaining([{ field: 'vmSize', from, to }]),
    );
    // Another family: the plan says the VM is deallocated first and started again.
    expect(requested.body.action.plan.steps[0]).toMatch(/deallocate/i);
    const id = requested.body.action.id;

    const [group = '', name = ''] = target.urn.split('/').slice(-2);
    const client = compute(target.urn.split(':')[2] ?? '');
    const sizeInAzure = async () =>
      (await client.virtualMachines.get(group, name)).hardwareProfile?.vmSize;
    expect(await sizeInAzure()).toBe(from);

    expect((await api('POST', `/api/v1/actions/${id}/approve`, tokens.approver, {})).status).toBe(
      200,
    );
    expect(await settle(id)).toMatchObject({ status: 'succeeded', executions: 1 });
    expect(await sizeInAzure()).toBe(to);
    const view = await client.virtualMachines.instanceView(group, name);
    expect(view.statuses?.map((status) => status.code)).toContain('PowerState/running');
    await eventually(async () => {
      const shown = (await resource(target.urn)).body;
      expect(shown.attributes.vmSize).toBe(to);
      expect(shown.state).toBe('running');
    });

    // Resized again behind Codex's back: a second execution of the request would undo this.
    await client.virtualMachines.beginUpdateAndWait(group, name, {
      hardwareProfile: { vmSize: 'Standard_E2s_v5' },
    });
    const replay = await api<{ action: ActionView }>(
      'POST',
      '/api/v1/actions',
      tokens.operator,
      request,
      {
        'idempotency-key': key,
      },
    );
    expect(replay.status).toBe(200);
    expect(replay.body.action.id).toBe(id);
    const duplicatesBefore = await engineCoreDeliveries(platform, 'duplicate');
    await redeliver(platform, id);
    await eventually(
      async () =>
        expect(await engineCoreDeliveries(platform, 'duplicate')).toBeGreaterThan(duplicatesBefore),
      { timeoutMs: 30_000 },
    );
    expect(await sizeInAzure()).toBe('Standard_E2s_v5');
    expect(
      (await api<ActionView>('GET', `/api/v1/actions/${id}`, tokens.viewer)).body.executions,
    ).toBe(1);
  });

  it('stops, deallocates, starts and restarts a VM, and scales a scale set, each verified', async () => {
    const inventory = await azureInventory();
    const vm = inventory.find(
      (item) =>
        item.type === 'compute/virtualMachine' &&
        item.tags.env !== 'production' &&
        item.state === 'running',
    );
    const scaleSet = inventory.find(
      (item) => item.type === 'compute/virtualMachineScaleSet' && item.tags.env !== 'production',
    );
    if (!vm || !scaleSet)
      throw new Error('the sandbox has no running non-production VM or scale set');
    const act = async (urn: string, type: string, params?: Record<string, unknown>) => {
      const requested = await api<{ action: ActionView }>(
        'POST',
        '/api/v1/actions',
        tokens.operator,
        { targetUrn: urn, type, reason: 'e2e', ...(params ? { params } : {}) },
        { 'idempotency-key': randomUUID() },
      );
      expect(requested.status).toBe(201);
      return settle(requested.body.action.id);
    };
    for (const [type, state] of [
      ['stop', 'stopped'],
      ['start', 'running'],
      ['deallocate', 'deallocated'],
    ] as const) {
      expect(await act(vm.urn, type)).toMatchObject({ status: 'succeeded' });
      await eventually(async () => expect((await resource(vm.urn)).body.state).toBe(state));
    }
    // Azure refuses to restart a deallocated VM; the action fails with Azure's reason.
    const refused = await act(vm.urn, 'restart');
    expect(refused.status).toBe('failed');
    expect(await act(vm.urn, 'start')).toMatchObject({ status: 'succeeded' });
    expect(await act(vm.urn, 'restart')).toMatchObject({ status: 'succeeded' });

    const capacity = Number(scaleSet.attributes.capacity) + 1;
    expect(await act(scaleSet.urn, 'scale', { capacity })).toMatchObject({ status: 'succeeded' });
    await eventually(async () =>
      expect((await resource(scaleSet.urn)).body.attributes.capacity).toBe(capacity),
    );
  });

  it('another tenant sees none of it', async () => {
    const [urn] = (await azureInventory()).map((item) => item.urn);
    const read = await api(
      'GET',
      `/api/v1/inventory/resources/${encodeURIComponent(urn ?? '')}`,
      tokens.stranger,
    );
    expect(read.status).toBe(404);
    const listed = await api<{ items: unknown[] }>(
      'GET',
      '/api/v1/inventory/resources?provider=azure',
      tokens.stranger,
    );
    expect(listed.body.items).toEqual([]);
  });
});
