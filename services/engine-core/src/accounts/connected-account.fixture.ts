import { randomBytes, randomUUID } from 'node:crypto';

import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  AccountProjection,
  type AwsAccountAccess,
  type AzureAccountAccess,
} from '@codex/connectors';
import {
  AccountConnectedSchema,
  AccountStatus,
  CredentialKind,
  Provider,
  TOPICS,
} from '@codex/contracts';
import { LocalKeyWrapper, sealSecret } from '@codex/credentials';
import type { DeliveredEvent, OutgoingEvent } from '@codex/messaging';
import type { DataSource } from 'typeorm';

export const TEST_KEK_ID = 'test-kek-1';

/** A fresh key-encryption key for a test, base64 as CREDENTIALS_KEK takes it, and its wrapper. */
export function testKeys() {
  const kek = randomBytes(32);
  return {
    base64: kek.toString('base64'),
    wrapper: new LocalKeyWrapper(new Map([[TEST_KEK_ID, kek]]), TEST_KEK_ID),
  };
}

export interface AccountEventOptions {
  tenantId: string;
  accountId?: string;
  status?: AccountStatus;
  at?: Date;
}

/** The account.connected event aetherium sends for an AWS or Azure account, its secret sealed as aetherium seals it. */
export async function accountConnectedEvent(
  access: AwsAccountAccess | AzureAccountAccess,
  wrapper: LocalKeyWrapper,
  {
    tenantId,
    accountId = randomUUID(),
    status = AccountStatus.CONNECTED,
    at = new Date(),
  }: AccountEventOptions,
): Promise<OutgoingEvent<'account.connected'>> {
  const connected = status === AccountStatus.CONNECTED;
  const { secret, ...credentials } = credentialFields(access);
  return {
    payload: create(AccountConnectedSchema, {
      accountId,
      tenantId,
      externalAccountId: access.accountId,
      name: `test account ${access.accountId}`,
      regions: access.regions,
      status,
      ...credentials,
      sealedSecret: connected
        ? await sealSecret(secret, wrapper, `${tenantId}:${accountId}`)
        : undefined,
      connectedAt: timestampFromDate(at),
      disconnectedAt: connected ? undefined : timestampFromDate(at),
    }),
    metadata: { key: accountId, tenantId },
  };
}

/** The provider, credential kind and settings of the event, and the secret aetherium seals. */
function credentialFields(access: AwsAccountAccess | AzureAccountAccess) {
  if (access.provider === 'azure') {
    const source = access.credentials;
    const { tenantId, clientId } = source;
    return {
      provider: Provider.AZURE,
      kind:
        source.kind === 'client-secret'
          ? CredentialKind.CLIENT_SECRET
          : CredentialKind.CLIENT_CERTIFICATE,
      providerSettings: { tenantId, clientId },
      secret: source.kind === 'client-secret' ? source.clientSecret : source.certificatePem,
    };
  }
  const source = access.credentials;
  return {
    provider: Provider.AWS,
    kind: source.kind === 'assume-role' ? CredentialKind.ASSUME_ROLE : CredentialKind.ACCESS_KEYS,
    roleArn: source.kind === 'assume-role' ? source.roleArn : '',
    secret:
      source.kind === 'assume-role'
        ? source.externalId
        : JSON.stringify({
            accessKeyId: source.accessKeyId,
            secretAccessKey: source.secretAccessKey,
          }),
  };
}

/** Applies account.connected events to the projection as the consumer would; returns the Codex account id. */
export async function projectAccountEvents(
  dataSource: DataSource,
  events: OutgoingEvent<'account.connected'>[],
): Promise<void> {
  const delivered = events.map(({ payload, metadata }): DeliveredEvent<'account.connected'> => ({
    topic: 'account.connected',
    key: metadata.key,
    payload,
    envelope: {
      id: randomUUID(),
      source: 'aetherium',
      type: TOPICS['account.connected'].eventType,
      time: new Date().toISOString(),
      subject: metadata.key,
      tenantId: metadata.tenantId,
      traceparent: '',
    },
  }));
  await dataSource.transaction((manager) => new AccountProjection().apply(delivered, manager));
}
