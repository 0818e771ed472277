import { randomBytes, randomUUID } from 'node:crypto';

import { create, type JsonObject } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  AccountConnectedSchema,
  AccountStatus,
  type CredentialKind,
  type Provider,
  TOPICS,
} from '@codex/contracts';
import { LocalKeyWrapper, sealSecret } from '@codex/credentials';
import { postgresOptions } from '@codex/persistence';
import { createScratchDatabase } from '@codex/testing';
import { DataSource } from 'typeorm';

import { connectorsEntities, connectorsMigrations } from '../migrations';
import { type AccountProjection } from './account-projection';

export const TEST_KEK_ID = 'test-kek-1';

export function testKeyWrapper(): LocalKeyWrapper {
  return new LocalKeyWrapper(new Map([[TEST_KEK_ID, randomBytes(32)]]), TEST_KEK_ID);
}

export interface AccountsDatabase {
  /** As the owner (a superuser): for set-up and checks; sees every row. */
  owner: DataSource;
  /** As a runtime role: row-level security applies. */
  runtime: DataSource;
  close(): Promise<void>;
}

/** A scratch database with the connected_accounts table, as the owner and as a runtime role. */
export async function openAccountsDatabase(): Promise<AccountsDatabase> {
  const scratch = await createScratchDatabase('connectors_accounts');
  const open = (url: string) =>
    new DataSource(
      postgresOptions({
        url,
        poolMax: 2,
        applicationName: 'connectors-test',
        entities: connectorsEntities,
        migrations: connectorsMigrations,
      }),
    ).initialize();
  const owner = await open(scratch.url);
  await owner.runMigrations();
  const runtime = await open(scratch.runtimeUrl);
  return {
    owner,
    runtime,
    close: async () => {
      await Promise.all([owner.destroy(), runtime.destroy()]);
      await scratch.drop();
    },
  };
}

export interface ConnectedEvent {
  tenantId: string;
  provider: Provider;
  externalAccountId: string;
  kind: CredentialKind;
  secret: string;
  accountId?: string;
  regions?: string[];
  roleArn?: string;
  providerSettings?: JsonObject;
  status?: AccountStatus;
  at?: Date;
}

/** The account.connected event aetherium sends, its secret sealed as aetherium seals it. */
export async function accountConnected(
  wrapper: LocalKeyWrapper,
  {
    accountId = randomUUID(),
    status = AccountStatus.CONNECTED,
    at = new Date(),
    regions = [],
    secret,
    ...fields
  }: ConnectedEvent,
) {
  const connected = status === AccountStatus.CONNECTED;
  return create(AccountConnectedSchema, {
    ...fields,
    accountId,
    name: `test account ${fields.externalAccountId}`,
    regions,
    status,
    sealedSecret: connected
      ? await sealSecret(secret, wrapper, `${fields.tenantId}:${accountId}`)
      : undefined,
    connectedAt: timestampFromDate(at),
    disconnectedAt: connected ? undefined : timestampFromDate(at),
  });
}

/** Applies events to the projection as a service's consumer would. */
export async function project(
  dataSource: DataSource,
  projection: AccountProjection,
  payloads: Awaited<ReturnType<typeof accountConnected>>[],
): Promise<void> {
  const delivered = payloads.map((payload) => ({
    topic: 'account.connected' as const,
    key: payload.accountId,
    payload,
    envelope: {
      id: randomUUID(),
      source: 'aetherium',
      type: TOPICS['account.connected'].eventType,
      time: new Date().toISOString(),
      subject: payload.accountId,
      tenantId: payload.tenantId,
      traceparent: '',
    },
  }));
  await dataSource.transaction((manager) => projection.apply(delivered, manager));
}
