import { randomUUID } from 'node:crypto';

import { create, type DescMessage, fromBinary, type MessageShape } from '@bufbuild/protobuf';
import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import { ActionExecutor, ExecutorMetrics } from '@codex/actions';
import { AccountBreakers, type AwsAccountAccess, AwsClientPool } from '@codex/connectors';
import {
  ACTION_CATALOGUE,
  ActionCompletedSchema,
  ActionOutcome,
  ActionRequestedSchema,
  Provider,
  ResourceDiscoveredSchema,
} from '@codex/contracts';
import { Outbox } from '@codex/messaging';
import { localInfra } from '@codex/testing';
import { Registry } from 'prom-client';

import {
  accountConnectedEvent,
  projectAccountEvents,
  testKeys,
} from '../accounts/connected-account.fixture';
import { SealedAccountAccessSource } from '../accounts/sealed-account-access-source';
import {
  type DiscoveryDatabase,
  openDiscoveryDatabase,
} from '../discovery/discovery-database.fixture';
import { resourceDiscoveredEvent } from '../discovery/resource-discovered-event';
import { AwsComputeActions } from '../providers/aws/compute-actions';
import { AwsComputeDiscovery } from '../providers/aws/compute-discovery';
import { Ec2InstanceActions } from '../providers/aws/ec2-instance-actions';
import {
  freshMotoAccount,
  MOTO_CLIENT_SETTINGS,
  MotoEstate,
} from '../providers/aws/moto-estate.fixture';
import { ComputeActionHandler } from './compute-action-handler';
import { ProjectedActionAccounts } from './projected-action-accounts';

const REGION = 'eu-west-1';
const QUICK_WAITS = { minDelaySeconds: 0.2, maxDelaySeconds: 1, maxWaitSeconds: 30 };

describe('executing an action.requested against moto', () => {
  const keys = testKeys();
  const tenantId = `tenant-${randomUUID()}`;
  let db: DiscoveryDatabase;
  let breakers: AccountBreakers;
  let clients: AwsClientPool;
  let access: AwsAccountAccess;
  let estate: MotoEstate;
  let execute: ActionExecutor;

  beforeAll(async () => {
    db = await openDiscoveryDatabase();
  });

  afterAll(async () => {
    await db.close();
  });

  beforeEach(async () => {
    breakers = new AccountBreakers();
    clients = new AwsClientPool(breakers, MOTO_CLIENT_SETTINGS);
    access = freshMotoAccount([REGION]);
    estate = new MotoEstate(access);
    await projectAccountEvents(db.runtime, [
      await accountConnectedEvent(access, keys.wrapper, { tenantId }),
    ]);
    execute = new ActionExecutor({
      name: 'engine-core',
      dataSource: db.runtime,
      outbox: new Outbox('engine-core', ['action.completed', 'resource.discovered']),
      handler: new ComputeActionHandler(
        ACTION_CATALOGUE,
        new ProjectedActionAccounts(
          db.runtime,
          new SealedAccountAccessSource(db.runtime, keys.wrapper, localInfra().motoUrl),
        ),
        new AwsComputeActions(clients, new Ec2InstanceActions(QUICK_WAITS)),
      ),
      metrics: new ExecutorMetrics(new Registry()),
    });
  });

  afterEach(() => {
    estate.destroy();
    clients.destroy();
    breakers.shutdown();
  });

  const instanceUrn = (instanceId: string) =>
    `codex:aws:${access.accountId}:${REGION}:ec2/instance/${instanceId}`;

  function stopRequest(targetUrn: string, executor = 'engine-core') {
    return create(ActionRequestedSchema, {
      actionId: randomUUID(),
      tenantId,
      idempotencyKey: randomUUID(),
      targetUrn,
      actionType: 'stop',
      executor,
      reason: 'save money',
      requestedBy: 'olga@acme.test',
      requestedAt: timestampFromDate(new Date()),
      expiresAt: timestampFromDate(new Date(Date.now() + 600_000)),
    });
  }

  /** The payloads in the outbox on a topic under a key. */
  async function published<S extends DescMessage>(
    topic: string,
    schema: S,
    key: string,
  ): Promise<MessageShape<S>[]> {
    const rows = await db.dataSource.query<{ payload: Buffer }[]>(
      `SELECT payload FROM outbox_messages WHERE topic = $1 AND message_key = $2 ORDER BY created_at`,
      [topic, key],
    );
    return rows.map((row) => fromBinary(schema, row.payload));
  }

  it("publishes a stopped instance's new state as discovery would, observed when verified, with action.completed", async () => {
    const [instanceId = ''] = await estate.launchInstances(REGION, 1, {
      tags: { Name: 'web', env: 'staging' },
    });
    const urn = instanceUrn(instanceId);
    const request = stopRequest(urn);
    const started = new Date();

    await db.runtime.transaction((manager) => execute.handle(request, manager));

    const [completed] = await published(
      'action.completed',
      ActionCompletedSchema,
      request.actionId,
    );
    expect(completed?.outcome).toBe(ActionOutcome.SUCCEEDED);
    const states = await published('resource.discovered', ResourceDiscoveredSchema, urn);
    expect(states).toHaveLength(1);
    const [state] = states;
    expect(state).toMatchObject({
      urn,
      tenantId,
      provider: Provider.AWS,
      accountId: access.accountId,
      region: REGION,
      resourceType: 'ec2/instance',
      name: 'web',
      tags: { Name: 'web', env: 'staging' },
      state: 'stopped',
      attributes: { instanceType: 't3.micro' },
      discoveryRunId: '',
    });
    const observedAt = timestampDate(state?.observedAt ?? timestampFromDate(new Date(0)));
    expect(observedAt.getTime()).toBeGreaterThanOrEqual(started.getTime());
    expect(observedAt.getTime()).toBeLessThanOrEqual(
      timestampDate(completed?.completedAt ?? timestampFromDate(new Date(0))).getTime(),
    );
    let asDiscovered;
    for await (const resource of new AwsComputeDiscovery(clients).discover(access)) {
      if (resource.urn === urn) asDiscovered = resource;
    }
    if (!asDiscovered) throw new Error(`discovery did not find ${urn}`);
    expect(state).toEqual(resourceDiscoveredEvent(tenantId, asDiscovered, observedAt).payload);
  });

  it("leaves an action on a target it does not own to that target's executor: no claim, no outcome", async () => {
    const request = stopRequest(
      'codex:auth0:acme-prod:-:user/auth0|5f7c8ec7c33c6c004bbafe82',
      'hall-of-faces',
    );

    await db.runtime.transaction((manager) => execute.handle(request, manager));

    expect(await published('action.completed', ActionCompletedSchema, request.actionId)).toEqual(
      [],
    );
    const claims = await db.dataSource.query<unknown[]>(
      'SELECT 1 FROM action_executions WHERE idempotency_key = $1',
      [request.idempotencyKey],
    );
    expect(claims).toEqual([]);
  });

  it('publishes no new state when the action fails', async () => {
    const urn = instanceUrn('i-0123456789abcdef0');
    const request = stopRequest(urn);

    await db.runtime.transaction((manager) => execute.handle(request, manager));

    const [completed] = await published(
      'action.completed',
      ActionCompletedSchema,
      request.actionId,
    );
    expect(completed?.outcome).toBe(ActionOutcome.FAILED);
    expect(await published('resource.discovered', ResourceDiscoveredSchema, urn)).toEqual([]);
  });

  it('publishes the new state only if action.completed commits with it', async () => {
    const [instanceId = ''] = await estate.launchInstances(REGION, 1);
    const urn = instanceUrn(instanceId);
    const request = stopRequest(urn);

    await expect(
      db.runtime.transaction(async (manager) => {
        await execute.handle(request, manager);
        throw new Error('the rest of the batch failed');
      }),
    ).rejects.toThrow('the rest of the batch failed');

    expect(await published('action.completed', ActionCompletedSchema, request.actionId)).toEqual(
      [],
    );
    expect(await published('resource.discovered', ResourceDiscoveredSchema, urn)).toEqual([]);
  });
});
