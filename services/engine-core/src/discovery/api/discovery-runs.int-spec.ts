import { randomUUID } from 'node:crypto';

import { type StandalonePublisher, startStandalonePublisher } from '@codex/messaging';
import {
  createScratchDatabase,
  eventually,
  localInfra,
  type ScratchDatabase,
  serviceEnv,
  type ServiceProcess,
  startService,
  startTestIdentityProvider,
  type TestIdentityProvider,
  uniqueTopicPrefix,
} from '@codex/testing';

import {
  accountConnectedEvent,
  TEST_KEK_ID,
  testKeys,
} from '../../accounts/connected-account.fixture';
import { freshMotoAccount, MotoEstate } from '../../providers/aws/moto-estate.fixture';
import { type DiscoveryDatabase, openDiscoveryDatabase } from '../discovery-database.fixture';
import type { DiscoveryRunPage, DiscoveryRunView } from './discovery-run.schemas';

const RUNS = '/api/v1/compute/discovery-runs';

describe('the discovery runs API of the running service', () => {
  const keys = testKeys();
  const tenant = `tenant-${randomUUID()}`;
  const otherTenant = `tenant-${randomUUID()}`;
  const infra = localInfra();
  const estates: MotoEstate[] = [];
  let idp: TestIdentityProvider;
  let db: DiscoveryDatabase;
  let publisherDb: ScratchDatabase;
  let publisher: StandalonePublisher;
  let service: ServiceProcess;

  beforeAll(async () => {
    const prefix = uniqueTopicPrefix('discovery');
    idp = await startTestIdentityProvider();
    db = await openDiscoveryDatabase();
    publisherDb = await createScratchDatabase('aetherium_outbox');
    publisher = await startStandalonePublisher({
      databaseUrl: publisherDb.url,
      source: 'aetherium',
      brokers: infra.kafkaBrokers,
      topicPrefix: prefix,
      publishes: ['account.connected'],
    });
    service = await startService(
      'engine-core',
      serviceEnv(db.scratch, {
        ...idp.env,
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_CONSUMER_GROUP: `engine-core-${prefix}`,
        CONSUMER_RETRY_BACKOFF_MS: '50',
        CREDENTIALS_KEK: keys.base64,
        CREDENTIALS_KEK_ID: TEST_KEK_ID,
        AWS_ENDPOINT_URL: infra.motoUrl,
        AWS_ACCESS_KEY_ID: 'codex-test',
        AWS_SECRET_ACCESS_KEY: 'codex-test',
        DISCOVERY_INTERVAL_MINUTES: '0',
        DISCOVERY_POLL_INTERVAL_MS: '200',
      }),
    );
  });

  afterAll(async () => {
    for (const estate of estates) estate.destroy();
    await service?.stop();
    await publisher?.close();
    await Promise.all([db?.close(), publisherDb?.drop(), idp?.close()]);
  });

  async function call(
    method: 'GET' | 'POST',
    path: string,
    {
      roles = ['operator'],
      tenantId = tenant,
      body,
    }: { roles?: string[]; tenantId?: string; body?: unknown } = {},
  ) {
    const token = await idp.token({ tenant: tenantId, roles });
    const response = await fetch(`${service.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** A fresh moto account, connected through Kafka as aetherium announces it. */
  async function connectedAccount() {
    const access = freshMotoAccount(['eu-west-1']);
    const estate = new MotoEstate(access);
    estates.push(estate);
    const event = await accountConnectedEvent(access, keys.wrapper, { tenantId: tenant });
    await publisher.publish('account.connected', [event]);
    const accountId = event.payload.accountId;
    await eventually(
      async () => {
        const rows = await db.dataSource.query<unknown[]>(
          'SELECT 1 FROM connected_accounts WHERE account_id = $1',
          [accountId],
        );
        expect(rows).toHaveLength(1);
      },
      { timeoutMs: 60_000 },
    );
    return { estate, accountId };
  }

  it('runs discovery on request and finds exactly the seeded instances and services', async () => {
    const { estate, accountId } = await connectedAccount();
    await estate.launchInstances('eu-west-1', 3);
    await estate.createService('eu-west-1', 'web', 'frontend', 1);

    const accepted = await call('POST', RUNS, { body: { accountId } });

    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ accountId, trigger: 'manual', status: 'queued' });
    const finished = await eventually(async () => {
      const { body } = await call('GET', `${RUNS}/${String(accepted.body.id)}`, {
        roles: ['viewer'],
      });
      expect(body.status).toBe('succeeded');
      return body as unknown as DiscoveryRunView;
    });
    expect(finished.counts).toEqual({ discovered: 5, deleted: 0, metrics: 0 });
    expect(finished.error).toBeNull();
    expect(finished.progress).toEqual(
      expect.arrayContaining([
        { region: 'eu-west-1', resourceType: 'ec2/instance', pages: 1, resources: 3 },
      ]),
    );
    const listed = await call('GET', `${RUNS}?accountId=${accountId}&limit=5`, {
      roles: ['viewer'],
    });
    expect((listed.body as unknown as DiscoveryRunPage).items.map((run) => run.id)).toEqual([
      finished.id,
    ]);
  });

  it('refuses a second run while one is in progress for the account', async () => {
    const { accountId } = await connectedAccount();
    await db.dataSource.query(
      `INSERT INTO discovery_runs (id, tenant_id, account_id, trigger, status, requested_by, claim_token, heartbeat_at)
       VALUES ($1, $2, $3, 'schedule', 'running', 'scheduler', $4, now())`,
      [randomUUID(), tenant, accountId, randomUUID()],
    );

    const refused = await call('POST', RUNS, { body: { accountId } });

    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('run_in_progress');
  });

  it("pages through the tenant's runs newest first with a keyset cursor", async () => {
    const { accountId } = await connectedAccount();
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const [index, id] of ids.entries()) {
      await db.dataSource.query(
        `INSERT INTO discovery_runs (id, tenant_id, account_id, trigger, status, requested_by, created_at)
         VALUES ($1, $2, $3, 'schedule', 'succeeded', 'scheduler', now() - make_interval(secs => $4))`,
        [id, tenant, accountId, 10 - index],
      );
    }
    const page = async (query: string) =>
      (await call('GET', `${RUNS}?accountId=${accountId}&limit=2${query}`, { roles: ['viewer'] }))
        .body as unknown as DiscoveryRunPage;

    const first = await page('');
    const second = await page(`&cursor=${encodeURIComponent(first.nextCursor ?? '')}`);

    expect(first.items.map((run) => run.id)).toEqual([ids[2], ids[1]]);
    expect(second.items.map((run) => run.id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeNull();
    const forged = await call('GET', `${RUNS}?cursor=not-a-cursor`, { roles: ['viewer'] });
    expect(forged.status).toBe(400);
    expect(forged.body.errors).toEqual([expect.objectContaining({ field: 'query.cursor' })]);
  });

  it('lets a viewer read runs but not start one', async () => {
    const { accountId } = await connectedAccount();

    expect((await call('POST', RUNS, { roles: ['viewer'], body: { accountId } })).status).toBe(403);
    expect((await call('GET', RUNS, { roles: ['viewer'] })).status).toBe(200);
  });

  it('answers 400 naming each bad field of the body', async () => {
    const refused = await call('POST', RUNS, { body: { accountId: 'nope', force: true } });

    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'body.accountId' }),
        { field: 'body.force', message: 'is not a known field' },
      ]),
    );
  });

  it("answers 404 for an unknown account, another tenant's account and another tenant's run", async () => {
    const { accountId } = await connectedAccount();
    const run = await call('POST', RUNS, { body: { accountId } });
    expect(run.status).toBe(202);

    const unknown = await call('POST', RUNS, { body: { accountId: randomUUID() } });
    const foreignAccount = await call('POST', RUNS, { tenantId: otherTenant, body: { accountId } });
    const foreignRun = await call('GET', `${RUNS}/${String(run.body.id)}`, {
      tenantId: otherTenant,
    });
    const foreignList = await call('GET', `${RUNS}?accountId=${accountId}`, {
      tenantId: otherTenant,
    });

    expect([unknown.status, foreignAccount.status, foreignRun.status]).toEqual([404, 404, 404]);
    expect(unknown.body.code).toBe('account_not_found');
    expect(foreignRun.body.code).toBe('run_not_found');
    expect(foreignList.body).toEqual({ items: [], nextCursor: null });
  });
});
