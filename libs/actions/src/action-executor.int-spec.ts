import { randomUUID } from 'node:crypto';

import { create, type DescMessage, fromBinary, type MessageShape } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { ProviderError } from '@codex/connectors';
import {
  ActionCompletedSchema,
  ActionOutcome,
  ActionRequestedSchema,
  Provider,
  ResourceDiscoveredSchema,
} from '@codex/contracts';
import { messagingEntities, messagingMigrations, Outbox } from '@codex/messaging';
import { postgresOptions } from '@codex/persistence';
import { createScratchDatabase, type ScratchDatabase } from '@codex/testing';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';

import { ActionExecutor } from './action-executor';
import type { ActionHandler, ActionRequest, HandlerOutcome } from './action-handler';
import { ExecutorMetrics } from './executor-metrics';
import { actionExecutionEntities, actionExecutionMigrations } from './migrations';

const WIDGET = 'codex:aws:123456789012:eu-west-1:codex-test/widget/w-1';

/** A handler whose outcome each test sets, counting the calls it gets. */
class ScriptedHandler implements ActionHandler {
  calls = 0;
  next: () => Promise<HandlerOutcome> = () =>
    Promise.resolve({ status: 'succeeded', message: 'done', result: {} });

  execute(): Promise<HandlerOutcome> {
    this.calls += 1;
    return this.next();
  }
}

describe('the executor kit', () => {
  const tenantId = `tenant-${randomUUID()}`;
  let scratch: ScratchDatabase;
  let dataSource: DataSource;
  let handler: ScriptedHandler;
  let registry: Registry;
  let executor: ActionExecutor;

  beforeAll(async () => {
    scratch = await createScratchDatabase('actions_kit');
    dataSource = await new DataSource(
      postgresOptions({
        url: scratch.url,
        poolMax: 3,
        applicationName: 'actions-kit-test',
        entities: [...messagingEntities, ...actionExecutionEntities],
        migrations: [...messagingMigrations, ...actionExecutionMigrations],
      }),
    ).initialize();
    await dataSource.runMigrations();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await scratch?.drop();
  });

  beforeEach(() => {
    handler = new ScriptedHandler();
    registry = new Registry();
    executor = new ActionExecutor({
      name: 'widget-executor',
      dataSource,
      outbox: new Outbox('widget-executor', ['action.completed', 'resource.discovered']),
      handler,
      metrics: new ExecutorMetrics(registry),
    });
  });

  const request = (overrides: Partial<Omit<ActionRequest, '$typeName'>> = {}): ActionRequest =>
    create(ActionRequestedSchema, {
      actionId: randomUUID(),
      tenantId,
      idempotencyKey: randomUUID(),
      targetUrn: WIDGET,
      actionType: 'recalibrate',
      executor: 'widget-executor',
      expiresAt: timestampFromDate(new Date(Date.now() + 60_000)),
      ...overrides,
    });

  const handle = (sent: ActionRequest) =>
    dataSource.transaction((manager) => executor.handle(sent, manager));

  async function published<S extends DescMessage>(
    topic: string,
    key: string,
    schema: S,
  ): Promise<MessageShape<S>[]> {
    const rows = await dataSource.query<{ payload: Buffer }[]>(
      'SELECT payload FROM outbox_messages WHERE topic = $1 AND message_key = $2 ORDER BY created_at',
      [topic, key],
    );
    return rows.map((row) => fromBinary(schema, row.payload));
  }

  const completions = (actionId: string) =>
    published('action.completed', actionId, ActionCompletedSchema);

  async function deliveries(disposition: string): Promise<number> {
    const metric = await registry.getSingleMetric('action_executor_deliveries_total')?.get();
    return metric?.values.find((value) => value.labels.disposition === disposition)?.value ?? 0;
  }

  it('executes once per idempotency key, however often the request arrives', async () => {
    const sent = request();
    await handle(sent);
    await handle(sent);
    expect(handler.calls).toBe(1);
    expect(await completions(sent.actionId)).toEqual([
      expect.objectContaining({
        outcome: ActionOutcome.SUCCEEDED,
        executor: 'widget-executor',
        idempotencyKey: sent.idempotencyKey,
      }),
    ]);
    expect(await deliveries('duplicate')).toBe(1);
  });

  it('publishes the verified new state of the target with the completion', async () => {
    const observedAt = new Date('2026-11-30T08:00:00.000Z');
    handler.next = () =>
      Promise.resolve({
        status: 'succeeded',
        message: 'recalibrated',
        result: { level: 3 },
        observed: {
          urn: WIDGET,
          provider: Provider.AWS,
          accountId: '123456789012',
          region: 'eu-west-1',
          resourceType: 'codex-test/widget',
          name: 'w-1',
          tags: {},
          state: 'calibrated',
          attributes: { level: 3 },
          observedAt,
        },
      });
    const sent = request();
    await handle(sent);
    const [state] = await published('resource.discovered', WIDGET, ResourceDiscoveredSchema);
    expect(state).toMatchObject({ tenantId, state: 'calibrated', attributes: { level: 3 } });
    expect(state?.observedAt).toEqual(timestampFromDate(observedAt));
  });

  it('leaves actions of other executors alone: no claim, no completion', async () => {
    const sent = request({ executor: 'engine-core' });
    await handle(sent);
    expect(handler.calls).toBe(0);
    expect(await completions(sent.actionId)).toEqual([]);
    const claims = await dataSource.query<unknown[]>(
      'SELECT 1 FROM action_executions WHERE action_id = $1',
      [sent.actionId],
    );
    expect(claims).toHaveLength(0);
    expect(await deliveries('not_owned')).toBe(1);
  });

  it('rejects an expired action without calling the provider', async () => {
    const sent = request({ expiresAt: timestampFromDate(new Date(Date.now() - 1_000)) });
    await handle(sent);
    expect(handler.calls).toBe(0);
    expect(await completions(sent.actionId)).toEqual([
      expect.objectContaining({
        outcome: ActionOutcome.REJECTED,
        message: 'the action expired before it could start',
      }),
    ]);
  });

  it('reports a run interrupted mid-way as failed instead of running it again', async () => {
    const sent = request();
    await dataSource.query(
      `INSERT INTO action_executions (tenant_id, idempotency_key, action_id, status, started_at)
       VALUES ($1, $2, $3, 'executing', now())`,
      [tenantId, sent.idempotencyKey, sent.actionId],
    );
    await handle(sent);
    expect(handler.calls).toBe(0);
    const [completion] = await completions(sent.actionId);
    expect(completion?.outcome).toBe(ActionOutcome.FAILED);
    expect(completion?.message).toMatch(/stopped while this action ran/);
  });

  it("reports a provider's refusal with its own code and the neutral one", async () => {
    handler.next = () =>
      Promise.reject(
        new ProviderError('conflict', 'the widget is busy', {
          provider: 'aws',
          providerCode: 'WidgetBusy',
        }),
      );
    const sent = request();
    await handle(sent);
    const [completion] = await completions(sent.actionId);
    expect(completion).toMatchObject({
      outcome: ActionOutcome.FAILED,
      message: 'WidgetBusy: the widget is busy',
      result: { code: 'conflict', providerCode: 'WidgetBusy' },
    });
  });

  it('takes an unnamed request only when the executor claims such targets', async () => {
    const unnamed = request({ executor: '' });
    await handle(unnamed);
    expect(handler.calls).toBe(0);
    executor = new ActionExecutor({
      name: 'widget-executor',
      dataSource,
      outbox: new Outbox('widget-executor', ['action.completed', 'resource.discovered']),
      handler,
      metrics: new ExecutorMetrics(new Registry()),
      ownsUnnamed: (sent) => sent.targetUrn.includes(':codex-test/widget/'),
    });
    await handle(unnamed);
    expect(handler.calls).toBe(1);
  });
});
