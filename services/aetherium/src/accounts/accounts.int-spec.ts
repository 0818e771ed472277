import { AccountStatus, CredentialKind, payloadProblems } from '@codex/contracts';
import { LocalKeyWrapper, openSealedSecret } from '@codex/credentials';

import {
  type AccountsHarness,
  type Problem,
  startAccountsHarness,
  TEST_KEK,
  TEST_KEK_ID,
} from './testing/accounts-harness.fixture';

const PATH = '/api/v1/accounts';

const ACCESS_KEYS = {
  kind: 'access-keys',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
} as const;

const ASSUME_ROLE = {
  kind: 'assume-role',
  roleArn: 'arn:aws:iam::210987654321:role/codex-reader',
  externalId: 'codex-external-7f3a9c',
} as const;

interface Account {
  id: string;
  externalAccountId: string;
  status: string;
  credentials: Record<string, string>;
  [field: string]: unknown;
}

describe('cloud accounts', () => {
  let aetherium: AccountsHarness;
  let admin: string;
  let viewer: string;
  let otherAdmin: string;

  const connect = (credentials: object, token = admin) =>
    aetherium.call('POST', PATH, {
      token,
      body: {
        provider: 'aws',
        name: 'production',
        regions: ['eu-west-1', 'us-east-1'],
        credentials,
      },
    });

  const rowCount = async () =>
    (await aetherium.sql<{ n: number }>('SELECT count(*)::int AS n FROM cloud_accounts'))[0]?.n;

  const connected = async (credentials: object, token = admin): Promise<Account> => {
    const response = await connect(credentials, token);
    expect(response.status).toBe(201);
    return (await response.json()) as Account;
  };

  beforeAll(async () => {
    aetherium = await startAccountsHarness();
    admin = await aetherium.token('tenant-a', ['admin']);
    viewer = await aetherium.token('tenant-a', ['viewer']);
    otherAdmin = await aetherium.token('tenant-b', ['admin']);
  });

  afterEach(() => aetherium.sts.passThrough());

  afterAll(async () => {
    await aetherium?.stop();
  });

  it('connects an account with access keys, storing and publishing the secret only sealed under the KEK', async () => {
    const response = await connect(ACCESS_KEYS);
    const text = await response.text();
    expect(response.status).toBe(201);
    expect(text).not.toContain(ACCESS_KEYS.secretAccessKey);
    expect(text).not.toContain(ACCESS_KEYS.accessKeyId);
    const account = JSON.parse(text) as Account;
    expect(account).toMatchObject({
      provider: 'aws',
      externalAccountId: '123456789012',
      name: 'production',
      regions: ['eu-west-1', 'us-east-1'],
      status: 'connected',
      credentials: { kind: 'access-keys', accessKeyId: 'AKIA…MPLE' },
      createdBy: 'user@tenant-a',
      disconnectedAt: null,
    });

    const [row] = await aetherium.sql<{ text: string; sealed: Buffer; kek_id: string }>(
      'SELECT row_to_json(a)::text AS text, sealed_secret AS sealed, kek_id FROM cloud_accounts a WHERE id = $1',
      [account.id],
    );
    expect(row?.kek_id).toBe(TEST_KEK_ID);
    for (const secret of [ACCESS_KEYS.secretAccessKey, ACCESS_KEYS.accessKeyId]) {
      expect(row?.text).not.toContain(secret);
      expect(row?.sealed.includes(secret)).toBe(false);
    }

    const fetched = await aetherium.call('GET', `${PATH}/${account.id}`, { token: admin });
    expect(await fetched.json()).toEqual(account);

    // The outbox relay delivers at least once (a send that timed out is sent again); consumers
    // de-duplicate by event id, so one event means one distinct id.
    const events = (await aetherium.publishedEvents()).filter((event) => event.key === account.id);
    expect(new Set(events.map((event) => event.envelope.id)).size).toBe(1);
    const [event] = events;
    expect(payloadProblems('account.connected', event!.payload)).toEqual([]);
    expect(event!.payload).toMatchObject({
      tenantId: 'tenant-a',
      externalAccountId: '123456789012',
      status: AccountStatus.CONNECTED,
      kind: CredentialKind.ACCESS_KEYS,
    });
    const keys = new LocalKeyWrapper(new Map([[TEST_KEK_ID, TEST_KEK]]), TEST_KEK_ID);
    const opened = await openSealedSecret(
      event!.payload.sealedSecret!,
      keys,
      `tenant-a:${account.id}`,
    );
    expect(JSON.parse(opened)).toEqual({
      accessKeyId: ACCESS_KEYS.accessKeyId,
      secretAccessKey: ACCESS_KEYS.secretAccessKey,
    });
  });

  it('connects an account through a role to assume, showing the role and never the external id', async () => {
    const response = await connect(ASSUME_ROLE);
    const text = await response.text();
    expect(response.status).toBe(201);
    expect(text).not.toContain(ASSUME_ROLE.externalId);
    expect(JSON.parse(text)).toMatchObject({
      externalAccountId: '210987654321',
      credentials: { kind: 'assume-role', roleArn: ASSUME_ROLE.roleArn },
    });
  });

  it('answers 409 account_exists for an account the tenant already connected, writing nothing', async () => {
    const before = await rowCount();
    const response = await connect(ACCESS_KEYS);
    expect(response.status).toBe(409);
    expect(((await response.json()) as Problem).code).toBe('account_exists');
    expect(await rowCount()).toBe(before);
  });

  it("answers 422 with AWS's code and message when STS refuses the credentials, writing nothing", async () => {
    const before = await rowCount();
    aetherium.sts.denyNext(1, { services: ['sts'] });
    const response = await connect({ ...ACCESS_KEYS, accessKeyId: 'AKIAZZZZZZZZZZZZZZZZ' });
    const text = await response.text();
    expect(response.status).toBe(422);
    expect(text).not.toContain(ACCESS_KEYS.secretAccessKey);
    const problem = JSON.parse(text) as Problem;
    expect(problem).toMatchObject({
      code: 'account_verification_failed',
      providerCode: 'AccessDenied',
      providerMessage: 'User is not authorized to perform this sts operation',
    });
    expect(problem.detail).toContain('AccessDenied');
    expect(await rowCount()).toBe(before);
    const [outbox] = await aetherium.sql<{ n: number }>(
      'SELECT count(*)::int AS n FROM outbox_messages',
    );
    expect(outbox?.n).toBe(0);
  });

  it('answers 400 naming each bad field', async () => {
    const response = await aetherium.call('POST', PATH, {
      token: admin,
      body: {
        provider: 'aws',
        name: 'x',
        regions: ['mars-1'],
        credentials: { kind: 'access-keys', accessKeyId: ACCESS_KEYS.accessKeyId },
      },
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as Problem;
    expect(problem.errors?.map((error) => error.field).sort()).toEqual([
      'body.credentials.secretAccessKey',
      'body.regions.0',
    ]);
  });

  it('lets a viewer list and read accounts but not connect one', async () => {
    expect((await connect(ACCESS_KEYS, viewer)).status).toBe(403);
    const page = await aetherium.call('GET', PATH, { token: viewer });
    expect(page.status).toBe(200);
    const { items } = (await page.json()) as { items: Account[] };
    expect(items.map((item) => item.externalAccountId)).toEqual(['123456789012', '210987654321']);
  });

  it("never shows another tenant's account: not listed, and 404 to read or disconnect", async () => {
    const [mine] = await aetherium.sql<{ id: string }>(
      "SELECT id FROM cloud_accounts WHERE tenant_id = 'tenant-a' LIMIT 1",
    );
    const list = await aetherium.call('GET', PATH, { token: otherAdmin });
    expect(((await list.json()) as { items: Account[] }).items).toEqual([]);
    expect((await aetherium.call('GET', `${PATH}/${mine!.id}`, { token: otherAdmin })).status).toBe(
      404,
    );
    expect(
      (await aetherium.call('DELETE', `${PATH}/${mine!.id}`, { token: otherAdmin })).status,
    ).toBe(404);
    expect((await aetherium.call('GET', `${PATH}/not-a-uuid`, { token: admin })).status).toBe(404);
  });

  it('disconnects an account: the sealed secret is erased and account.connected says DISCONNECTED without it', async () => {
    const account = await connected(ACCESS_KEYS, otherAdmin);
    const removed = await aetherium.call('DELETE', `${PATH}/${account.id}`, { token: otherAdmin });
    expect(removed.status).toBe(204);
    const again = await aetherium.call('DELETE', `${PATH}/${account.id}`, { token: otherAdmin });
    expect(again.status).toBe(204);

    const view = await aetherium.call('GET', `${PATH}/${account.id}`, { token: otherAdmin });
    expect(await view.json()).toMatchObject({ status: 'disconnected' });
    const [row] = await aetherium.sql<{ sealed_secret: Buffer | null }>(
      'SELECT sealed_secret FROM cloud_accounts WHERE id = $1',
      [account.id],
    );
    expect(row?.sealed_secret).toBeNull();

    const events = (await aetherium.publishedEvents()).filter((event) => event.key === account.id);
    expect(events.map((event) => event.payload.status)).toEqual([
      AccountStatus.CONNECTED,
      AccountStatus.DISCONNECTED,
    ]);
    expect(events[1]?.payload.sealedSecret).toBeUndefined();
    expect(events[1]?.payload.disconnectedAt).toBeDefined();

    expect((await connect(ACCESS_KEYS, otherAdmin)).status).toBe(201);
  });
});
