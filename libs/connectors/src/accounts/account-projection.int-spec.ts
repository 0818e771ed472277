import { randomUUID } from 'node:crypto';

import { AccountStatus, CredentialKind, Provider } from '@codex/contracts';

import { AccountProjection } from './account-projection';
import { AccountUnavailableError } from './account-unavailable-error';
import {
  accountConnected,
  type AccountsDatabase,
  openAccountsDatabase,
  project,
  testKeyWrapper,
} from './connected-accounts.fixture';
import { SealedAccountAccessSource } from './sealed-account-access-source';

describe('the projection of account.connected and access to the accounts', () => {
  const wrapper = testKeyWrapper();
  const tenantId = `tenant-${randomUUID()}`;
  const every = new AccountProjection();
  let db: AccountsDatabase;
  let source: SealedAccountAccessSource;

  const assumeRole = {
    tenantId,
    provider: Provider.AWS,
    externalAccountId: '210987654321',
    regions: ['eu-west-1', 'eu-central-1'],
    kind: CredentialKind.ASSUME_ROLE,
    roleArn: 'arn:aws:iam::210987654321:role/codex',
    secret: 'ext-123',
  };

  beforeAll(async () => {
    db = await openAccountsDatabase();
    source = new SealedAccountAccessSource(db.runtime, wrapper, { aws: 'http://127.0.0.1:15000' });
  });

  afterAll(async () => {
    await db.close();
  });

  async function reason(accountId: string, tenant = tenantId): Promise<string> {
    const error = await source.accessFor(tenant, accountId).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(AccountUnavailableError);
    return (error as AccountUnavailableError).reason;
  }

  it('opens the sealed external id of an assume-role AWS account', async () => {
    const event = await accountConnected(wrapper, assumeRole);
    await project(db.runtime, every, [event]);

    expect(await source.accessFor(tenantId, event.accountId)).toEqual({
      accountId: event.accountId,
      tenantId,
      access: {
        provider: 'aws',
        accountId: '210987654321',
        regions: ['eu-west-1', 'eu-central-1'],
        endpoint: 'http://127.0.0.1:15000',
        credentials: {
          kind: 'assume-role',
          roleArn: 'arn:aws:iam::210987654321:role/codex',
          externalId: 'ext-123',
        },
      },
    });
  });

  it('opens the sealed key pair of an access-keys AWS account', async () => {
    const event = await accountConnected(wrapper, {
      ...assumeRole,
      kind: CredentialKind.ACCESS_KEYS,
      roleArn: '',
      secret: JSON.stringify({ accessKeyId: 'AKIATEST', secretAccessKey: 's3cr3t' }),
    });
    await project(db.runtime, every, [event]);

    expect((await source.accessFor(tenantId, event.accountId)).access).toMatchObject({
      provider: 'aws',
      credentials: { kind: 'access-keys', accessKeyId: 'AKIATEST', secretAccessKey: 's3cr3t' },
    });
  });

  it('opens an Azure subscription with the service principal named in its provider settings', async () => {
    const event = await accountConnected(wrapper, {
      tenantId,
      provider: Provider.AZURE,
      externalAccountId: '6f0c6b8e-1111-2222-3333-444455556666',
      regions: ['westeurope'],
      kind: CredentialKind.CLIENT_SECRET,
      providerSettings: { tenantId: 'dir-1', clientId: 'app-1' },
      secret: 'client-secret-1',
    });
    await project(db.runtime, every, [event]);

    expect((await source.accessFor(tenantId, event.accountId)).access).toEqual({
      provider: 'azure',
      accountId: '6f0c6b8e-1111-2222-3333-444455556666',
      regions: ['westeurope'],
      credentials: {
        kind: 'client-secret',
        tenantId: 'dir-1',
        clientId: 'app-1',
        clientSecret: 'client-secret-1',
      },
    });
  });

  it('calls the credentials of an Auth0 tenant without its domain unreadable', async () => {
    const event = await accountConnected(wrapper, {
      tenantId,
      provider: Provider.AUTH0,
      externalAccountId: 'acme-prod',
      kind: CredentialKind.CLIENT_SECRET,
      providerSettings: { clientId: 'm2m-1' },
      secret: 'client-secret-2',
    });
    await project(db.runtime, every, [event]);

    expect(await reason(event.accountId)).toBe('credentials_unreadable');
  });

  it('keeps only the providers a service asks for', async () => {
    const gcp = await accountConnected(wrapper, {
      tenantId,
      provider: Provider.GCP,
      externalAccountId: 'acme-analytics',
      kind: CredentialKind.SERVICE_ACCOUNT_KEY,
      secret: '{"type":"service_account"}',
    });
    const aws = await accountConnected(wrapper, assumeRole);

    await project(db.runtime, new AccountProjection(['aws']), [gcp, aws]);

    expect(await reason(gcp.accountId)).toBe('unknown');
    expect((await source.accessFor(tenantId, aws.accountId)).access.provider).toBe('aws');
  });

  it('forgets the credentials of a disconnected account, and ignores an older event after it', async () => {
    const accountId = randomUUID();
    const connected = await accountConnected(wrapper, {
      ...assumeRole,
      accountId,
      at: new Date(Date.now() - 60_000),
    });
    const disconnected = await accountConnected(wrapper, {
      ...assumeRole,
      accountId,
      status: AccountStatus.DISCONNECTED,
    });
    await project(db.runtime, every, [connected, disconnected]);
    await project(db.runtime, every, [connected]);

    expect(await reason(accountId)).toBe('disconnected');
    const [row] = await db.owner.query<{ sealed_secret: unknown; status: string }[]>(
      'SELECT sealed_secret, status FROM connected_accounts WHERE account_id = $1',
      [accountId],
    );
    expect(row).toEqual({ sealed_secret: null, status: 'disconnected' });
  });

  it('refuses a secret sealed for another account, an unknown account and another tenant’s account', async () => {
    const original = await accountConnected(wrapper, assumeRole);
    const moved = await accountConnected(wrapper, assumeRole);
    moved.sealedSecret = original.sealedSecret;
    await project(db.runtime, every, [original, moved]);

    expect(await reason(moved.accountId)).toBe('credentials_unreadable');
    expect(await reason(randomUUID())).toBe('unknown');
    expect(await reason(original.accountId, `tenant-${randomUUID()}`)).toBe('unknown');
  });

  it('keeps the rows behind row-level security: outside a tenant or the system scope none are seen', async () => {
    const [seen] = await db.runtime.query<{ count: string }[]>(
      'SELECT count(*) FROM connected_accounts',
    );
    const [all] = await db.owner.query<{ count: string }[]>(
      'SELECT count(*) FROM connected_accounts',
    );

    expect(Number(seen?.count)).toBe(0);
    expect(Number(all?.count)).toBeGreaterThan(0);
  });
});
