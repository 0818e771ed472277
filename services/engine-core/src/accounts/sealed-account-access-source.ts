import { type KeyWrapper, openSealedSecret, type SealedSecret } from '@codex/credentials';
import { withTenant } from '@codex/persistence';
import { type DataSource } from 'typeorm';

import type { AwsAccountAccess } from '../aws/aws-credentials';
import {
  type AccountAccessSource,
  AccountUnavailableError,
  type ConnectedAccount,
} from './account-access-source';
import { AwsAccount, type StoredSealedSecret } from './aws-account.entity';

/**
 * Reads the account from the aws_accounts projection and opens its sealed secret with the
 * key-encryption key, bound to the same context aetherium sealed it with: `tenant:account`.
 */
export class SealedAccountAccessSource implements AccountAccessSource {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: KeyWrapper,
    /** Overrides the AWS endpoints, e.g. a local moto server. */
    private readonly endpoint: string | undefined,
  ) {}

  async accessFor(tenantId: string, accountId: string): Promise<ConnectedAccount> {
    const account = await withTenant(this.dataSource, tenantId, (manager) =>
      manager.getRepository(AwsAccount).findOneBy({ tenantId, accountId }),
    );
    if (!account) {
      throw new AccountUnavailableError('unknown', `account ${accountId} is not known`);
    }
    if (account.status !== 'connected' || !account.sealedSecret) {
      throw new AccountUnavailableError('disconnected', `account ${accountId} is disconnected`);
    }
    const secret = await this.open(account, account.sealedSecret);
    return {
      accountId,
      tenantId: account.tenantId,
      access: {
        accountId: account.externalAccountId,
        regions: account.regions,
        ...(this.endpoint ? { endpoint: this.endpoint } : {}),
        credentials: credentialsOf(account, secret),
      },
    };
  }

  private async open(account: AwsAccount, stored: StoredSealedSecret): Promise<string> {
    try {
      return await openSealedSecret(
        sealedSecret(stored),
        this.keys,
        `${account.tenantId}:${account.accountId}`,
      );
    } catch (error) {
      throw new AccountUnavailableError(
        'credentials_unreadable',
        `the credentials of account ${account.accountId} do not open: ${(error as Error).message}`,
      );
    }
  }
}

function credentialsOf(account: AwsAccount, secret: string): AwsAccountAccess['credentials'] {
  switch (account.kind) {
    case 'assume-role':
      return { kind: 'assume-role', roleArn: account.roleArn ?? '', externalId: secret };
    case 'access-keys': {
      const keys = parseAccessKeys(secret);
      if (!keys) {
        throw new AccountUnavailableError(
          'credentials_unreadable',
          `the access keys of account ${account.accountId} are not {"accessKeyId","secretAccessKey"}`,
        );
      }
      return { kind: 'access-keys', ...keys };
    }
  }
}

function parseAccessKeys(
  secret: string,
): { accessKeyId: string; secretAccessKey: string } | undefined {
  try {
    const parsed = JSON.parse(secret) as { accessKeyId?: unknown; secretAccessKey?: unknown };
    return typeof parsed.accessKeyId === 'string' && typeof parsed.secretAccessKey === 'string'
      ? { accessKeyId: parsed.accessKeyId, secretAccessKey: parsed.secretAccessKey }
      : undefined;
  } catch {
    return undefined;
  }
}

function sealedSecret(stored: StoredSealedSecret): SealedSecret {
  const bytes = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));
  return {
    kekId: stored.kekId,
    wrappedDataKey: bytes(stored.wrappedDataKey),
    dataKeyIv: bytes(stored.dataKeyIv),
    dataKeyTag: bytes(stored.dataKeyTag),
    ciphertext: bytes(stored.ciphertext),
    iv: bytes(stored.iv),
    tag: bytes(stored.tag),
  };
}
