import { randomUUID } from 'node:crypto';

import { create, toBinary } from '@bufbuild/protobuf';
import type { Principal } from '@codex/auth';
import { awsSecretOf, azureSecretOf, PROVIDER_LABELS, sealingContext } from '@codex/connectors';
import { SealedSecretSchema } from '@codex/contracts';
import { type KeyWrapper, sealSecret } from '@codex/credentials';
import { Outbox } from '@codex/messaging';
import { withTenant } from '@codex/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { accountEvent } from './account-event';
import { AccountProblem } from './account-problems';
import {
  type AccountView,
  certificateThumbprint,
  type NewAccount,
  type NewAwsAccount,
  type NewAzureAccount,
  type NewGcpAccount,
  readServiceAccountKey,
  toAccountView,
} from './api/account.schemas';
import { CloudAccount } from './cloud-account.entity';
import { maskAccessKeyId } from './credentials/aws-credentials';
import { KEY_WRAPPER } from './credentials/key-wrapper.token';
import { AccountVerifier, VerificationFailure } from './verification/account-verifier';
import { AzureAccountVerifier } from './verification/azure-account-verifier';
import { GcpAccountVerifier } from './verification/gcp-account-verifier';

/** A row to insert, before the database stamps its times. */
type NewRow = Omit<CloudAccount, 'createdAt' | 'updatedAt'>;

/** What differs per provider in the row: all but its identity, seal and lifecycle. */
type ProviderPart = Pick<
  NewRow,
  | 'provider'
  | 'externalAccountId'
  | 'regions'
  | 'credentialKind'
  | 'roleArn'
  | 'accessKeyHint'
  | 'providerSettings'
  | 'verifiedAt'
> & { secret: string };

/**
 * An admin connects an account: an AWS account (credentials verified with STS), an Azure
 * subscription (the service principal gets a token from Entra ID and reads the subscription
 * from Resource Manager) or a GCP project (its service-account key lists the project's buckets). The secret is sealed, and the row and its account.connected event
 * commit together.
 */
@Injectable()
export class ConnectAccount {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly verifier: AccountVerifier,
    private readonly azureVerifier: AzureAccountVerifier,
    private readonly gcpVerifier: GcpAccountVerifier,
    @Inject(KEY_WRAPPER) private readonly keys: KeyWrapper,
  ) {}

  async connect(admin: Principal, input: NewAccount): Promise<AccountView> {
    const { secret, ...part } = await this.verified(input);
    const id = randomUUID();
    const sealed = create(
      SealedSecretSchema,
      await sealSecret(secret, this.keys, sealingContext(admin.tenantId, id)),
    );
    const account: NewRow = {
      id,
      tenantId: admin.tenantId,
      name: input.name,
      ...part,
      kekId: sealed.kekId,
      sealedSecret: Buffer.from(toBinary(SealedSecretSchema, sealed)),
      status: 'connected',
      createdBy: admin.subject,
      disconnectedAt: null,
    };
    return withTenant(this.dataSource, admin.tenantId, async (manager) => {
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(CloudAccount)
        .values(account)
        .orIgnore()
        .returning(['created_at', 'updated_at'])
        .execute();
      const times = (inserted.raw as { created_at: Date; updated_at: Date }[])[0];
      if (!times) {
        throw new AccountProblem(
          'account_exists',
          `${existingLabel(input)} ${account.externalAccountId} is already connected`,
          { externalAccountId: account.externalAccountId },
        );
      }
      const stored = { ...account, createdAt: times.created_at, updatedAt: times.updated_at };
      await this.outbox.add(manager, 'account.connected', [accountEvent(stored)]);
      return toAccountView(stored);
    });
  }

  private verified(input: NewAccount): Promise<ProviderPart> {
    switch (input.provider) {
      case 'aws':
        return this.verifiedAws(input);
      case 'azure':
        return this.verifiedAzure(input);
      case 'gcp':
        return this.verifiedGcp(input);
    }
  }

  private async verifiedAws(input: NewAwsAccount): Promise<ProviderPart> {
    const { credentials } = input;
    const [region = 'us-east-1'] = input.regions;
    const verified = await this.verify('aws', () => this.verifier.verify(region, credentials));
    return {
      provider: 'aws',
      externalAccountId: verified.externalAccountId,
      regions: input.regions,
      credentialKind: credentials.kind,
      roleArn: credentials.kind === 'assume-role' ? credentials.roleArn : null,
      accessKeyHint:
        credentials.kind === 'access-keys' ? maskAccessKeyId(credentials.accessKeyId) : null,
      providerSettings: {},
      verifiedAt: new Date(),
      secret: awsSecretOf(credentials),
    };
  }

  private async verifiedAzure(input: NewAzureAccount): Promise<ProviderPart> {
    const { credentials } = input;
    const verified = await this.verify('azure', () =>
      this.azureVerifier.verify(input.subscriptionId, credentials),
    );
    return {
      provider: 'azure',
      externalAccountId: verified.externalAccountId,
      regions: input.locations ?? [],
      credentialKind: credentials.kind,
      roleArn: null,
      accessKeyHint: null,
      providerSettings: {
        tenantId: credentials.tenantId,
        clientId: credentials.clientId,
        ...(credentials.kind === 'client-certificate'
          ? { certificateThumbprint: certificateThumbprint(credentials.certificatePem) }
          : {}),
      },
      verifiedAt: new Date(),
      secret: azureSecretOf(credentials),
    };
  }

  private async verifiedGcp(input: NewGcpAccount): Promise<ProviderPart> {
    const { keyJson } = input.credentials;
    const key = readServiceAccountKey(keyJson);
    if (typeof key === 'string') throw new Error(`unchecked key reached connect: ${key}`);
    const verified = await this.verify('gcp', () =>
      this.gcpVerifier.verify(input.projectId, key, keyJson),
    );
    return {
      provider: 'gcp',
      externalAccountId: verified.externalAccountId,
      regions: input.locations ?? [],
      credentialKind: 'service-account-key',
      roleArn: null,
      accessKeyHint: null,
      providerSettings: { clientEmail: key.clientEmail, privateKeyId: key.privateKeyId },
      verifiedAt: new Date(),
      secret: keyJson,
    };
  }

  /** The provider's answer, or 422 account_verification_failed naming its code and message. */
  private async verify<T>(provider: 'aws' | 'azure' | 'gcp', ask: () => Promise<T>): Promise<T> {
    try {
      return await ask();
    } catch (error) {
      if (!(error instanceof VerificationFailure)) throw error;
      throw new AccountProblem(
        'account_verification_failed',
        `${PROVIDER_LABELS[provider]} did not accept the credentials: ${error.operation} answered ${error.code}: ${error.providerMessage}`,
        {
          provider,
          operation: error.operation,
          providerCode: error.code,
          providerMessage: error.providerMessage,
        },
      );
    }
  }
}

/** How account_exists names what is connected already: "AWS account", "Azure subscription". */
function existingLabel(input: NewAccount): string {
  const kind = { aws: 'account', azure: 'subscription', gcp: 'project' }[input.provider];
  return `${PROVIDER_LABELS[input.provider]} ${kind}`;
}
