import {
  ACCOUNT_ACCESS_SOURCE,
  type AccountAccess,
  type AccountAccessSource,
  AccountUnavailableError,
  ConnectedAccountRecord,
} from '@codex/connectors';
import { withTenant } from '@codex/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { ActionAccounts } from './ports';

/** Finds the tenant's connected account for the AWS account number in an action's target URN. */
@Injectable()
export class ProjectedActionAccounts implements ActionAccounts {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(ACCOUNT_ACCESS_SOURCE) private readonly accounts: AccountAccessSource,
  ) {}

  async accessFor(tenantId: string, externalAccountId: string): Promise<AccountAccess | undefined> {
    const account = await withTenant(this.dataSource, tenantId, (manager) =>
      manager
        .getRepository(ConnectedAccountRecord)
        .findOneBy({ tenantId, externalAccountId, status: 'connected' }),
    );
    if (!account) return undefined;
    try {
      return (await this.accounts.accessFor(tenantId, account.accountId)).access;
    } catch (error) {
      if (error instanceof AccountUnavailableError) return undefined;
      throw error;
    }
  }
}
