import { randomUUID } from 'node:crypto';

import { AccountStatus } from '@codex/contracts';

import type { AwsAccountAccess } from '../aws/aws-credentials';
import {
  type DiscoveryDatabase,
  openDiscoveryDatabase,
} from '../discovery/discovery-database.fixture';
import { AccountUnavailableError } from './account-access-source';
import { accountConnectedEvent, projectAccountEvents, testKeys } from './connected-account.fixture';
import { SealedAccountAccessSource } from './sealed-account-access-source';

describe('the projection of account.connected and access to the accounts', () => {
  const keys = testKeys();
  const tenantId = `tenant-${randomUUID()}`;
  let db: DiscoveryDatabase;
  let source: SealedAccountAccessSource;

  const assumeRole: AwsAccountAccess = {
    accountId: '210987654321',
    regions: ['eu-west-1', 'eu-central-1'],
    credentials: {
      kind: 'assume-role',
      roleArn: 'arn:aws:iam::210987654321:role/codex',
      externalId: 'ext-123',
    },
  };
  const accessKeys: AwsAccountAccess = {
    accountId: '123456789012',
    regions: ['us-east-1'],
    credentials: { kind: 'access-keys', accessKeyId: 'AKIATEST', secretAccessKey: 's3cr3t' },
  };

  beforeAll(async () => {
    db = await openDiscoveryDatabase();
    source = new SealedAccountAccessSource(db.runtime, keys.wrapper, 'http://127.0.0.1:15000');
  });

  afterAll(async () => {
    await db.close();
  });

  async function reason(accountId: string): Promise<string> {
    const error = await source.accessFor(tenantId, accountId).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(AccountUnavailableError);
    return (error as AccountUnavailableError).reason;
  }

  it('opens the sealed external id of an assume-role account', async () => {
    const event = await accountConnectedEvent(assumeRole, keys.wrapper, { tenantId });
    await projectAccountEvents(db.runtime, [event]);

    expect(await source.accessFor(tenantId, event.payload.accountId)).toEqual({
      accountId: event.payload.accountId,
      tenantId,
      access: { ...assumeRole, endpoint: 'http://127.0.0.1:15000' },
    });
  });

  it('opens the sealed key pair of an access-keys account', async () => {
    const event = await accountConnectedEvent(accessKeys, keys.wrapper, { tenantId });
    await projectAccountEvents(db.runtime, [event]);

    expect((await source.accessFor(tenantId, event.payload.accountId)).access.credentials).toEqual(
      accessKeys.credentials,
    );
  });

  it('forgets the credentials of a disconnected account, and ignores an older event after it', async () => {
    const accountId = randomUUID();
    const connected = await accountConnectedEvent(assumeRole, keys.wrapper, {
      tenantId,
      accountId,
      at: new Date(Date.now() - 60_000),
    });
    const disconnected = await accountConnectedEvent(assumeRole, keys.wrapper, {
      tenantId,
      accountId,
      status: AccountStatus.DISCONNECTED,
    });
    await projectAccountEvents(db.runtime, [connected, disconnected]);
    await projectAccountEvents(db.runtime, [connected]);

    expect(await reason(accountId)).toBe('disconnected');
    const [row] = await db.dataSource.query<{ sealed_secret: unknown; status: string }[]>(
      'SELECT sealed_secret, status FROM aws_accounts WHERE account_id = $1',
      [accountId],
    );
    expect(row).toEqual({ sealed_secret: null, status: 'disconnected' });
  });

  it('refuses a secret sealed for another account and an unknown account', async () => {
    const original = await accountConnectedEvent(assumeRole, keys.wrapper, { tenantId });
    const moved = await accountConnectedEvent(assumeRole, keys.wrapper, { tenantId });
    moved.payload.sealedSecret = original.payload.sealedSecret;
    await projectAccountEvents(db.runtime, [moved]);

    expect(await reason(moved.payload.accountId)).toBe('credentials_unreadable');
    expect(await reason(randomUUID())).toBe('unknown');
  });
});
