import { randomBytes, randomUUID } from 'node:crypto';

import { create, toBinary } from '@bufbuild/protobuf';
import { awsSecretOf, sealingContext } from '@codex/connectors';
import {
  AccountStatus,
  CredentialKind,
  payloadProblems,
  SealedSecretSchema,
} from '@codex/contracts';
import { LocalKeyWrapper, openSealedSecret, sealSecret } from '@codex/credentials';

import { accountEvent } from './account-event';
import { CloudAccount } from './cloud-account.entity';

const keys = new LocalKeyWrapper(new Map([['kek-1', randomBytes(32)]]), 'kek-1');
const credentials = {
  kind: 'access-keys',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
} as const;

async function connectedAccount(): Promise<CloudAccount> {
  const id = randomUUID();
  const sealed = await sealSecret(awsSecretOf(credentials), keys, sealingContext('tenant-a', id));
  return Object.assign(new CloudAccount(), {
    id,
    tenantId: 'tenant-a',
    provider: 'aws',
    externalAccountId: '123456789012',
    name: 'production',
    regions: ['eu-west-1', 'us-east-1'],
    credentialKind: 'access-keys',
    roleArn: null,
    accessKeyHint: 'AKIA…MPLE',
    kekId: sealed.kekId,
    sealedSecret: Buffer.from(toBinary(SealedSecretSchema, create(SealedSecretSchema, sealed))),
    status: 'connected',
    createdBy: 'admin-1',
    createdAt: new Date(),
    updatedAt: new Date(),
    verifiedAt: new Date('2026-11-22T10:00:00Z'),
    disconnectedAt: null,
  } satisfies CloudAccount);
}

describe('account.connected events', () => {
  it('state a connected account, keyed by its id, with a sealed secret that opens to the credentials', async () => {
    const account = await connectedAccount();
    const { metadata, payload } = accountEvent(account);

    expect(metadata).toEqual({ key: account.id, tenantId: 'tenant-a' });
    expect(payloadProblems('account.connected', payload)).toEqual([]);
    expect(payload).toMatchObject({
      accountId: account.id,
      externalAccountId: '123456789012',
      regions: ['eu-west-1', 'us-east-1'],
      status: AccountStatus.CONNECTED,
      kind: CredentialKind.ACCESS_KEYS,
    });
    const secret = await openSealedSecret(
      payload.sealedSecret ?? create(SealedSecretSchema),
      keys,
      sealingContext('tenant-a', account.id),
    );
    expect(JSON.parse(secret)).toEqual({
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
    });
  });

  it('carry no credential material once the account is disconnected', async () => {
    const account = Object.assign(await connectedAccount(), {
      status: 'disconnected',
      sealedSecret: null,
      kekId: null,
      disconnectedAt: new Date(),
    } satisfies Partial<CloudAccount>);
    const { payload } = accountEvent(account);

    expect(payload.status).toBe(AccountStatus.DISCONNECTED);
    expect(payload.sealedSecret).toBeUndefined();
    expect(payload.disconnectedAt).toBeDefined();
    expect(payloadProblems('account.connected', payload)).toEqual([]);
  });

  it('do not open for another account of the tenant', async () => {
    const { payload } = accountEvent(await connectedAccount());
    await expect(
      openSealedSecret(
        payload.sealedSecret ?? create(SealedSecretSchema),
        keys,
        sealingContext('tenant-a', randomUUID()),
      ),
    ).rejects.toThrow('cannot be opened');
  });
});
