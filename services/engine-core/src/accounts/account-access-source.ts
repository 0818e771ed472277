import type { AwsAccountAccess } from '../aws/aws-credentials';

/** A connected account as discovery needs it: who owns it and how to reach it. */
export interface ConnectedAccount {
  /** Codex's id of the account. */
  accountId: string;
  tenantId: string;
  access: AwsAccountAccess;
}

export type AccountUnavailableReason = 'unknown' | 'disconnected' | 'credentials_unreadable';

/** The account cannot be used: unknown, disconnected, or its credentials do not open. */
export class AccountUnavailableError extends Error {
  override readonly name = 'AccountUnavailableError';

  constructor(
    readonly reason: AccountUnavailableReason,
    message: string,
  ) {
    super(message);
  }
}

/** Turns a tenant's Codex account id into what the AWS provider layer needs to call the account. */
export interface AccountAccessSource {
  /** Throws AccountUnavailableError; another tenant's account is unknown. */
  accessFor(tenantId: string, accountId: string): Promise<ConnectedAccount>;
}

export const ACCOUNT_ACCESS_SOURCE = Symbol('ACCOUNT_ACCESS_SOURCE');
