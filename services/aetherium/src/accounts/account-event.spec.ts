import { randomBytes, randomUUID } from 'node:crypto';

import { create, toBinary } from '@bufbuild/protobuf';
import { awsSecretOf, azureSecretOf, sealingContext } from '@codex/connectors';
import {
  AccountStatus,
  CredentialKind,
  payloadProblems,
  Provider,
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
    providerSettings: {},
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

const TENANT_ID = '72f988bf-0000-4000-8000-00000000c0de';
const CLIENT_ID = '0a1b2c3d-0000-4000-8000-000000000001';
const SUBSCRIPTION_ID = '11111111-0000-4000-8000-000000000001';

async function azureAccount(): Promise<CloudAccount> {
  const aws = await connectedAccount();
  const sealed = await sealSecret(
    azureSecretOf({
      kind: 'client-secret',
      tenantId: TENANT_ID,
      clientId: CLIENT_ID,
      clientSecret: 'sandbox-secret',
    }),
    keys,
    sealingContext('tenant-a', aws.id),
  );
  return Object.assign(aws, {
    provider: 'azure',
    externalAccountId: SUBSCRIPTION_ID,
    regions: ['westeurope'],
    credentialKind: 'client-secret',
    accessKeyHint: null,
    providerSettings: { tenantId: TENANT_ID, clientId: CLIENT_ID },
    kekId: sealed.kekId,
    sealedSecret: Buffer.from(toBinary(SealedSecretSchema, create(SealedSecretSchema, sealed))),
  } satisfies Partial<CloudAccount>);
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

  it('state an AWS account with no provider settings', async () => {
    const { payload } = accountEvent(await connectedAccount());
    expect(payload.provider).toBe(Provider.AWS);
    expect(payload.providerSettings).toBeUndefined();
  });

  it('state an Azure subscription with its service principal as settings and the sealed client secret', async () => {
    const account = await azureAccount();
    const { payload } = accountEvent(account);

    expect(payloadProblems('account.connected', payload)).toEqual([]);
    expect(payload).toMatchObject({
      provider: Provider.AZURE,
      externalAccountId: SUBSCRIPTION_ID,
      regions: ['westeurope'],
      kind: CredentialKind.CLIENT_SECRET,
      roleArn: '',
      providerSettings: { tenantId: TENANT_ID, clientId: CLIENT_ID },
    });
    await expect(
      openSealedSecret(
        payload.sealedSecret ?? create(SealedSecretSchema),
        keys,
        sealingContext('tenant-a', account.id),
      ),
    ).resolves.toBe('sandbox-secret');
  });

  it('state a certificate as client-certificate, without its thumbprint in the settings', async () => {
    const account = Object.assign(await azureAccount(), {
      credentialKind: 'client-certificate',
      providerSettings: { tenantId: TENANT_ID, clientId: CLIENT_ID, certificateThumbprint: 'AB12' },
    } satisfies Partial<CloudAccount>);
    const { payload } = accountEvent(account);

    expect(payload.kind).toBe(CredentialKind.CLIENT_CERTIFICATE);
    expect(payload.providerSettings).toEqual({ tenantId: TENANT_ID, clientId: CLIENT_ID });
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
