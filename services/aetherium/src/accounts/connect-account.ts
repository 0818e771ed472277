import { randomUUID } from 'node:crypto';

import { create, toBinary } from '@bufbuild/protobuf';
import type { Principal } from '@codex/auth';
import { awsSecretOf, sealingContext } from '@codex/connectors';
import { SealedSecretSchema } from '@codex/contracts';
import { type KeyWrapper, sealSecret } from '@codex/credentials';
import { Outbox } from '@codex/messaging';
import { withTenant } from '@codex/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { accountEvent } from './account-event';
import { AccountProblem } from './account-problems';
import { type AccountView, type NewAccount, toAccountView } from './api/account.schemas';
import { CloudAccount } from './cloud-account.entity';
import { maskAccessKeyId } from './credentials/aws-credentials';
import { KEY_WRAPPER } from './credentials/key-wrapper.token';
import {
  AccountVerifier,
  VerificationFailure,
  type VerifiedAccount,
} from './verification/account-verifier';

/**
 * An admin connects an AWS account: the credentials are verified with STS, the secret
 * is sealed, and the row and its account.connected event commit together.
 */
@Injectable()
export class ConnectAccount {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly verifier: AccountVerifier,
    @Inject(KEY_WRAPPER) private readonly keys: KeyWrapper,
  ) {}

  async connect(admin: Principal, input: NewAccount): Promise<AccountView> {
    const verified = await this.verify(input);
    const { credentials } = input;
    const id = randomUUID();
    const sealed = create(
      SealedSecretSchema,
      await sealSecret(awsSecretOf(credentials), this.keys, sealingContext(admin.tenantId, id)),
    );
    const account: Omit<CloudAccount, 'createdAt' | 'updatedAt'> = {
      id,
      tenantId: admin.tenantId,
      provider: input.provider,
      externalAccountId: verified.externalAccountId,
      name: input.name,
      regions: input.regions,
      credentialKind: credentials.kind,
      roleArn: credentials.kind === 'assume-role' ? credentials.roleArn : null,
      accessKeyHint:
        credentials.kind === 'access-keys' ? maskAccessKeyId(credentials.accessKeyId) : null,
      kekId: sealed.kekId,
      sealedSecret: Buffer.from(toBinary(SealedSecretSchema, sealed)),
      status: 'connected',
      createdBy: admin.subject,
      verifiedAt: verified.at,
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
          `AWS account ${verified.externalAccountId} is already connected`,
          { externalAccountId: verified.externalAccountId },
        );
      }
      const stored = { ...account, createdAt: times.created_at, updatedAt: times.updated_at };
      await this.outbox.add(manager, 'account.connected', [accountEvent(stored)]);
      return toAccountView(stored);
    });
  }

  private async verify(input: NewAccount): Promise<VerifiedAccount & { at: Date }> {
    const [region = 'us-east-1'] = input.regions;
    try {
      return { ...(await this.verifier.verify(region, input.credentials)), at: new Date() };
    } catch (error) {
      if (!(error instanceof VerificationFailure)) throw error;
      throw new AccountProblem(
        'account_verification_failed',
        `AWS did not accept the credentials: ${error.operation} answered ${error.code}: ${error.providerMessage}`,
        {
          provider: 'aws',
          operation: error.operation,
          providerCode: error.code,
          providerMessage: error.providerMessage,
        },
      );
    }
  }
}
