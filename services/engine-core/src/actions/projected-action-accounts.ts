import { withTenant } from '@codex/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import {
  ACCOUNT_ACCESS_SOURCE,
  type AccountAccessSource,
  AccountUnavailableError,
} from '../accounts/account-access-source';
import { AwsAccount } from '../accounts/aws-account.entity';
import type { AwsAccountAccess } from '../aws/aws-credentials';
import type { ActionAccounts } from './ports';

/** Finds the tenant's connected account for the AWS account number in an action's target URN. */
@Injectable()
export class ProjectedActionAccounts implements ActionAccounts {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(ACCOUNT_ACCESS_SOURCE) private readonly accounts: AccountAccessSource,
  ) {}

  async accessFor(
    tenantId: string,
    externalAccountId: string,
  ): Promise<AwsAccountAccess | undefined> {
    const account = await withTenant(this.dataSource, tenantId, (manager) =>
      manager
        .getRepository(AwsAccount)
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
