import { randomUUID } from 'node:crypto';

import {
  eventually,
  localInfra,
  MotoAccount,
  type RunningPlatform,
  startPlatform,
  startTestIdentityProvider,
  startThrottlingProxy,
  type TestIdentityProvider,
  type ThrottlingProxy,
} from '@codex/testing';

import { engineCoreDeliveries } from './support/executor-deliveries';
import { discoverAccount, type DiscoveryRunView, gatewayApi } from './support/gateway-api';
import { redeliver } from './support/redeliver';

interface Resource {
  urn: string;
  name: string;
  type: string;
  state: string;
  tags: Record<string, string>;
}
type Run = DiscoveryRunView;
interface ActionView {
  id: string;
  status: string;
  executions: number;
  requiresApproval: boolean;
}

const US = 'us-east-1';
const EU = 'eu-west-1';

describe('AWS compute through the gateway: accounts, discovery, inventory and actions', () => {
  let idp: TestIdentityProvider;
  let proxy: ThrottlingProxy;
  let platform: RunningPlatform;
  const tenant = `acme-${randomUUID().slice(0, 8)}`;
  const moto = new MotoAccount();
  let tokens: Record<
    'admin' | 'operator' | 'approver' | 'viewer' | 'stranger' | 'operatorApprover',
    string
  >;
  let accountId: string;
  const launched: { prodWeb: string; stagingWeb: string[]; euWorker: string[] } = {
    prodWeb: '',
    stagingWeb: [],
    euWorker: [],
  };

  const api = gatewayApi(() => platform.gatewayUrl);

  const discover = (): Promise<Run> => discoverAccount(api, tokens, accountId);

  const inventory = async (type: string) =>
    (
      await api<{ items: Resource[] }>(
        'GET',
        `/api/v1/inventory/resources?account=${moto.accountId}&type=${encodeURIComponent(type)}&limit=500`,
        tokens.viewer,
      )
    ).body.items;

  const urnOf = (region: string, instanceId: string) =>
    `codex:aws:${moto.accountId}:${region}:ec2/instance/${instanceId}`;

  beforeAll(async () => {
    idp = await startTestIdentityProvider();
    proxy = await startThrottlingProxy(localInfra().motoUrl);
    platform = await startPlatform({
      env: idp.env,
      serviceEnv: {
        'engine-core': {
          AWS_ENDPOINT_URL: proxy.url,
          DISCOVERY_INTERVAL_MINUTES: '0',
          AWS_MAX_ATTEMPTS: '4',
        },
      },
    });
    const token = (roles: string[], subject?: string) =>
      idp.token({ tenant, roles, ...(subject ? { subject } : {}) });
    tokens = {
      admin: await token(['admin']),
      operator: await token(['operator'], 'olga@acme.test'),
      operatorApprover: await token(['operator', 'approver'], 'sam@acme.test'),
      approver: await token(['approver'], 'april@acme.test'),
      viewer: await token(['viewer']),
      stranger: await idp.token({ tenant: `other-${randomUUID().slice(0, 8)}`, roles: ['admin'] }),
    };
    [launched.prodWeb = ''] = await moto.launch(US, 1, 't3.micro', {
      Name: 'web-prod',
      env: 'production',
    });
    launched.stagingWeb = await moto.launch(US, 2, 't3.micro', {
      Name: 'web-staging',
      env: 'staging',
    });
    launched.euWorker = await moto.launch(EU, 2, 't3.small', { Name: 'worker', env: 'dev' });
    await moto.createService(US, 'payments', 'checkout', 2);
    await moto.createService(US, 'payments', 'ledger', 1);
    const connected = await api<{ id: string }>('POST', '/api/v1/accounts', tokens.admin, {
      provider: 'aws',
      name: 'sandbox',
      regions: [US, EU],
      credentials: { kind: 'assume-role', ...moto.role },
    });
    expect(connected.status).toBe(201);
    accountId = connected.body.id;
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
    await proxy?.close();
    await idp?.close();
  });

  it('discovery finds exactly the seeded instances and services', async () => {
    const run = await discover();
    expect(run).toMatchObject({ status: 'succeeded', error: null });
    await eventually(async () => {
      const instances = await inventory('ec2/instance');
      expect(instances.map((item) => item.urn).sort()).toEqual(
        [
          urnOf(US, launched.prodWeb),
          ...launched.stagingWeb.map((id) => urnOf(US, id)),
          ...launched.euWorker.map((id) => urnOf(EU, id)),
        ].sort(),
      );
    });
    const services = await eventually(async () => {
      const found = await inventory('ecs/service');
      expect(found).toHaveLength(2);
      return found;
    });
    expect(services.map((service) => service.name).sort()).toEqual(['checkout', 'ledger']);
  });

  it('an instance terminated in AWS disappears from inventory after the next run', async () => {
    const [gone = ''] = launched.euWorker;
    await moto.terminate(EU, [gone]);
    const run = await discover();
    expect(run.status).toBe('succeeded');
    expect(run.counts.deleted).toBe(1);
    await eventually(async () => {
      const lookup = await api(
        'GET',
        `/api/v1/inventory/resources/${encodeURIComponent(urnOf(EU, gone))}`,
        tokens.viewer,
      );
      expect(lookup.status).toBe(404);
    });
    expect(await inventory('ec2/instance')).toHaveLength(4);
  });

  it('throttled AWS calls are retried and the run still completes', async () => {
    proxy.throttleNext(3, { services: ['ec2'] });
    const before = proxy.counts().throttled;
    const run = await discover();
    expect(run.status).toBe('succeeded');
    expect(proxy.counts().throttled - before).toBe(3);
  });

  it("a hard failure marks the run failed with the provider's message", async () => {
    proxy.denyNext(1, { services: ['ec2'] });
    const run = await discover();
    proxy.passThrough();
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('UnauthorizedOperation');
    expect(run.error?.message).not.toBe('');
  });

  it('a dry run returns the plan and changes nothing', async () => {
    const planned = await api<{
      dryRun: boolean;
      plan: { changes: unknown[]; steps: string[] };
      requiresApproval: boolean;
    }>('POST', '/api/v1/actions', tokens.operator, {
      targetUrn: urnOf(US, launched.stagingWeb[0] ?? ''),
      type: 'resize',
      params: { instanceType: 't3.small' },
      reason: 'more memory',
      dryRun: true,
    });
    expect(planned.status).toBe(200);
    expect(planned.body).toMatchObject({
      dryRun: true,
      requiresApproval: false,
      plan: { changes: [{ field: 'instanceType', from: 't3.micro', to: 't3.small' }] },
    });
    expect(planned.body.plan.steps[0]).toBe('stop the instance');
    expect(await moto.instance(US, launched.stagingWeb[0] ?? '')).toMatchObject({
      state: 'running',
      instanceType: 't3.micro',
    });
  });

  it('stopping a production instance waits for an approver; its requester cannot approve it', async () => {
    const requested = await api<{ action: ActionView }>(
      'POST',
      '/api/v1/actions',
      tokens.operatorApprover,
      { targetUrn: urnOf(US, launched.prodWeb), type: 'stop', reason: 'maintenance' },
      { 'idempotency-key': randomUUID() },
    );
    expect(requested.status).toBe(201);
    expect(requested.body.action).toMatchObject({
      status: 'pending_approval',
      requiresApproval: true,
    });
    const id = requested.body.action.id;
    expect((await moto.instance(US, launched.prodWeb)).state).toBe('running');
    const ownApproval = await api<{ code: string }>(
      'POST',
      `/api/v1/actions/${id}/approve`,
      tokens.operatorApprover,
      {},
    );
    expect(ownApproval.status).toBe(403);
    expect(ownApproval.body.code).toBe('own_action');
    expect((await api('POST', `/api/v1/actions/${id}/approve`, tokens.operator, {})).status).toBe(
      403,
    );
    expect((await api('POST', `/api/v1/actions/${id}/approve`, tokens.approver, {})).status).toBe(
      200,
    );
    const done = await eventually(
      async () => {
        const action = await api<ActionView>('GET', `/api/v1/actions/${id}`, tokens.viewer);
        if (action.body.status === 'dispatched') throw new Error('still running');
        return action.body;
      },
      { timeoutMs: 60_000 },
    );
    expect(done).toMatchObject({ status: 'succeeded', executions: 1 });
    expect((await moto.instance(US, launched.prodWeb)).state).toBe('stopped');
  });

  it('after a stop succeeds the inventory shows the instance stopped, with no discovery run in between', async () => {
    const target = launched.euWorker[1] ?? '';
    const urn = urnOf(EU, target);
    const resource = async () =>
      (
        await api<Resource & { attributes: Record<string, unknown> }>(
          'GET',
          `/api/v1/inventory/resources/${encodeURIComponent(urn)}`,
          tokens.viewer,
        )
      ).body;
    const runIds = async () =>
      (
        await api<{ items: Run[] }>(
          'GET',
          `/api/v1/compute/discovery-runs?accountId=${accountId}&limit=100`,
          tokens.viewer,
        )
      ).body.items.map((run) => run.id);
    expect((await resource()).state).toBe('running');
    const runsBefore = await runIds();
    expect(runsBefore.length).toBeGreaterThan(0);

    const requested = await api<{ action: ActionView }>(
      'POST',
      '/api/v1/actions',
      tokens.operator,
      { targetUrn: urn, type: 'stop', reason: 'idle worker' },
      { 'idempotency-key': randomUUID() },
    );
    expect(requested.body.action.status).toBe('dispatched');
    const id = requested.body.action.id;
    await eventually(
      async () => {
        expect(
          (await api<ActionView>('GET', `/api/v1/actions/${id}`, tokens.viewer)).body.status,
        ).toBe('succeeded');
      },
      { timeoutMs: 60_000 },
    );

    const shown = await eventually(
      async () => {
        const found = await resource();
        expect(found.state).toBe('stopped');
        return found;
      },
      { timeoutMs: 10_000 },
    );
    expect(shown).toMatchObject({
      name: 'worker',
      type: 'ec2/instance',
      tags: { Name: 'worker', env: 'dev' },
      attributes: { instanceType: 't3.small' },
    });
    expect(await runIds()).toEqual(runsBefore);
  });

  it('the same action.requested delivered twice executes once', async () => {
    const target = launched.stagingWeb[1] ?? '';
    const key = randomUUID();
    const requested = await api<{ action: ActionView }>(
      'POST',
      '/api/v1/actions',
      tokens.operator,
      { targetUrn: urnOf(US, target), type: 'stop', reason: 'save money' },
      { 'idempotency-key': key },
    );
    expect(requested.body.action.status).toBe('dispatched');
    const id = requested.body.action.id;
    await eventually(
      async () => {
        expect(
          (await api<ActionView>('GET', `/api/v1/actions/${id}`, tokens.viewer)).body.status,
        ).toBe('succeeded');
      },
      { timeoutMs: 60_000 },
    );
    expect((await moto.instance(US, target)).state).toBe('stopped');
    // Started again behind Codex's back: a second execution of the stop would show.
    await moto.start(US, [target]);
    const replay = await api<{ action: ActionView }>(
      'POST',
      '/api/v1/actions',
      tokens.operator,
      { targetUrn: urnOf(US, target), type: 'stop', reason: 'save money' },
      { 'idempotency-key': key },
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
    expect((await moto.instance(US, target)).state).toBe('running');
    expect(
      (await api<ActionView>('GET', `/api/v1/actions/${id}`, tokens.viewer)).body.executions,
    ).toBe(1);
  });

  it('refuses what it cannot do with a clear status', async () => {
    const act = (token: string, body: Record<string, unknown>) =>
      api<{ code: string; errors?: { field: string }[] }>(
        'POST',
        '/api/v1/actions',
        token,
        { reason: 'test', ...body },
        { 'idempotency-key': randomUUID() },
      );
    const instance = urnOf(US, launched.stagingWeb[0] ?? '');
    expect(
      (await act(tokens.operator, { targetUrn: `${instance}-missing`, type: 'stop' })).status,
    ).toBe(404);
    const unknownType = await act(tokens.operator, { targetUrn: instance, type: 'explode' });
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.errors?.[0]?.field).toBe('body.type');
    const badParams = await act(tokens.operator, {
      targetUrn: instance,
      type: 'resize',
      params: { instanceType: 42 },
    });
    expect(badParams.status).toBe(400);
    expect(badParams.body.errors?.[0]?.field).toBe('body.params.instanceType');
    expect((await act(tokens.viewer, { targetUrn: instance, type: 'stop' })).status).toBe(403);
    expect((await act(tokens.stranger, { targetUrn: instance, type: 'stop' })).status).toBe(404);
    const strangerRead = await api(
      'GET',
      `/api/v1/inventory/resources/${encodeURIComponent(instance)}`,
      tokens.stranger,
    );
    expect(strangerRead.status).toBe(404);
  });
});
