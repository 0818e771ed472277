import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ActionOutcome, Provider } from '@codex/contracts';
import {
  eventually,
  type RunningPlatform,
  startPlatform,
  startTestIdentityProvider,
  type TestIdentityProvider,
} from '@codex/testing';

import { engineCoreDeliveries } from './support/executor-deliveries';
import {
  WIDGET_CATALOGUE,
  WIDGET_EXECUTOR,
  WIDGET_TYPE,
  WidgetExecutor,
} from './support/widget-executor';

interface ActionView {
  id: string;
  status: string;
  executor: string;
  executions: number;
  result: Record<string, unknown> | null;
}
interface ActionEvent {
  event: string;
  actor: string;
}
interface Resource {
  state: string;
  attributes: Record<string, unknown>;
}

describe('a second executor owning a resource type of its own', () => {
  const tenant = `widgets-${randomUUID().slice(0, 8)}`;
  const account = '123456789012';
  const urn = `codex:aws:${account}:eu-west-1:${WIDGET_TYPE}/w-${randomUUID().slice(0, 8)}`;
  let idp: TestIdentityProvider;
  let platform: RunningPlatform;
  let widgets: WidgetExecutor;
  let catalogueDir: string;
  let operator: string;
  let viewer: string;

  const api = async <T>(
    method: string,
    path: string,
    token: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${platform.gatewayUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined
          ? {}
          : { 'content-type': 'application/json', 'idempotency-key': randomUUID() }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };

  const ask = (type: string, params: Record<string, unknown>) =>
    api<{ action: ActionView; errors?: { field: string; message: string }[] }>(
      'POST',
      '/api/v1/actions',
      operator,
      { targetUrn: urn, type, params, reason: 'widget drift' },
    );

  const history = async (id: string) =>
    (await api<{ items: ActionEvent[] }>('GET', `/api/v1/actions/${id}/events`, viewer)).body.items;

  beforeAll(async () => {
    idp = await startTestIdentityProvider();
    catalogueDir = await mkdtemp(join(tmpdir(), 'codex-catalogue-'));
    const catalogueFile = join(catalogueDir, 'widgets.json');
    await writeFile(catalogueFile, JSON.stringify(WIDGET_CATALOGUE));
    platform = await startPlatform({
      env: idp.env,
      serviceEnv: { aetherium: { ACTION_CATALOGUE_EXTENSIONS_FILE: catalogueFile } },
    });
    widgets = await WidgetExecutor.start(platform.topicPrefix);
    operator = await idp.token({ tenant, roles: ['operator'], subject: 'olga@widgets.test' });
    viewer = await idp.token({ tenant, roles: ['viewer'] });
    await widgets.announce(tenant, {
      urn,
      provider: Provider.AWS,
      accountId: account,
      region: 'eu-west-1',
      resourceType: WIDGET_TYPE,
      name: 'w-1',
      tags: { env: 'staging' },
      state: 'drifting',
      attributes: { level: 1 },
    });
    await eventually(
      async () => {
        const found = await api(
          'GET',
          `/api/v1/inventory/resources/${encodeURIComponent(urn)}`,
          viewer,
        );
        expect(found.status).toBe(200);
      },
      { timeoutMs: 30_000 },
    );
  });

  afterAll(async () => {
    await widgets?.stop();
    await platform?.stop();
    await idp?.close();
    await rm(catalogueDir, { recursive: true, force: true });
  });

  it('lists the extension in the catalogue the API shows', async () => {
    const catalogue = await api<{
      items: { resourceType: string; actions: { name: string; executor: string }[] }[];
    }>('GET', '/api/v1/actions/catalogue', viewer);
    expect(catalogue.body.items).toContainEqual(
      expect.objectContaining({
        resourceType: WIDGET_TYPE,
        actions: [expect.objectContaining({ name: 'recalibrate', executor: WIDGET_EXECUTOR })],
      }),
    );
  });

  it('refuses an action the type does not have, naming the ones it has, and records nothing', async () => {
    const refused = await ask('stop', {});
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      {
        field: 'body.type',
        message: `stop is not an action of a aws ${WIDGET_TYPE}; it allows recalibrate`,
      },
    ]);
    const badLevel = await ask('recalibrate', { level: 9 });
    expect(badLevel.status).toBe(400);
    expect(badLevel.body.errors?.map((error) => error.field)).toEqual(['body.params.level']);
    const listed = await api<{ items: unknown[] }>('GET', '/api/v1/actions', viewer);
    expect(listed.body.items).toEqual([]);
  });

  it('its actions complete through it, engine-core stays silent, and late completions change nothing', async () => {
    const ignoredBefore = await engineCoreDeliveries(platform, 'not_owned');
    const asked = await ask('recalibrate', { level: 3 });
    expect(asked.status).toBe(201);
    expect(asked.body.action).toMatchObject({ status: 'dispatched', executor: WIDGET_EXECUTOR });
    const { id } = asked.body.action;

    const done = await eventually(
      async () => {
        const action = (await api<ActionView>('GET', `/api/v1/actions/${id}`, viewer)).body;
        expect(action.status).toBe('succeeded');
        return action;
      },
      { timeoutMs: 30_000 },
    );
    expect(done.result).toEqual({ before: { level: 1 }, after: { level: 3 } });
    expect(widgets.executions).toBe(1);
    await eventually(
      async () => {
        const shown = await api<Resource>(
          'GET',
          `/api/v1/inventory/resources/${encodeURIComponent(urn)}`,
          viewer,
        );
        expect(shown.body).toMatchObject({ state: 'calibrated', attributes: { level: 3 } });
      },
      { timeoutMs: 10_000 },
    );

    // engine-core received the same request and counted it as another executor's.
    await eventually(
      async () =>
        expect(await engineCoreDeliveries(platform, 'not_owned')).toBeGreaterThan(ignoredBefore),
      { timeoutMs: 30_000 },
    );
    expect((await history(id)).map((entry) => entry.event)).toEqual([
      'requested',
      'dispatched',
      'succeeded',
    ]);

    const action = { actionId: id, tenantId: tenant, targetUrn: urn };
    await widgets.complete(action, ActionOutcome.FAILED, WIDGET_EXECUTOR);
    await widgets.complete(action, ActionOutcome.REJECTED, 'engine-core');
    const ignored = await eventually(
      async () => {
        const entries = (await history(id)).filter((entry) => entry.event === 'completion_ignored');
        expect(entries).toHaveLength(2);
        return entries;
      },
      { timeoutMs: 30_000 },
    );
    expect(ignored.map((entry) => entry.actor).sort()).toEqual(['engine-core', WIDGET_EXECUTOR]);
    const after = (await api<ActionView>('GET', `/api/v1/actions/${id}`, viewer)).body;
    expect(after).toMatchObject({ status: 'succeeded', executions: 3 });
  });
});
