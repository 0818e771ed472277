import { type KeyWrapper, openSealedSecret } from '@codex/credentials';
import { withTenant } from '@codex/persistence';
import type { DataSource } from 'typeorm';

import type { ProviderName } from '../provider-error';
import { openAuth0Access } from '../providers/auth0/auth0-access';
import { openAwsAccess } from '../providers/aws/aws-access';
import { openAzureAccess } from '../providers/azure/azure-access';
import { openEntraAccess } from '../providers/entra/entra-access';
import { openGcpAccess } from '../providers/gcp/gcp-access';
import type { AccessRecord } from './access-record';
import type { AccountAccess } from './account-access';
import type {
  AccountAccessSource,
  ConnectedAccount,
  ProviderEndpoints,
} from './account-access-source';
import { AccountUnavailableError } from './account-unavailable-error';
import { ConnectedAccountRecord } from './connected-account.entity';
import { sealingContext } from './sealing-context';
import { sealedSecretFromStore } from './stored-sealed-secret';

/** Each opener picks its own overrides from the endpoints. */
type AccessOpener = (
  record: AccessRecord,
  secret: string,
  endpoints: ProviderEndpoints,
) => AccountAccess;

const OPENERS: Record<ProviderName, AccessOpener> = {
  aws: openAwsAccess,
  azure: openAzureAccess,
  gcp: openGcpAccess,
  auth0: openAuth0Access,
  entra: openEntraAccess,
};

/**
 * Reads the account from the connected_accounts projection, in the tenant's scope, and opens
 * its sealed secret with the key-encryption key, bound to the same context aetherium sealed it
 * with: `tenant:account`. The provider's opener shapes the secret into its access.
 */
export class SealedAccountAccessSource implements AccountAccessSource {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: KeyWrapper,
    private readonly endpoints: ProviderEndpoints = {},
  ) {}

  async accessFor(tenantId: string, accountId: string): Promise<ConnectedAccount> {
    const account = await withTenant(this.dataSource, tenantId, (manager) =>
      manager.getRepository(ConnectedAccountRecord).findOneBy({ tenantId, accountId }),
    );
    if (!account) {
      throw new AccountUnavailableError('unknown', `account ${accountId} is not known`);
    }
    if (account.status !== 'connected' || !account.sealedSecret) {
      throw new AccountUnavailableError('disconnected', `account ${accountId} is disconnected`);
    }
    const secret = await this.open(account);
    const open = OPENERS[account.provider];
    return {
      accountId,
      tenantId: account.tenantId,
      access: open(account, secret, this.endpoints),
    };
  }

  private async open(account: ConnectedAccountRecord): Promise<string> {
    try {
      if (!account.sealedSecret) throw new Error('no sealed secret');
      return await openSealedSecret(
        sealedSecretFromStore(account.sealedSecret),
        this.keys,
        sealingContext(account.tenantId, account.accountId),
      );
    } catch (error) {
      throw new AccountUnavailableError(
        'credentials_unreadable',
        `the credentials of account ${account.accountId} do not open: ${(error as Error).message}`,
      );
    }
  }
}
