import type { AccountAccess } from '@codex/connectors';

export const ACTION_ACCOUNTS = Symbol('ACTION_ACCOUNTS');

/** How an action's target account is reached: by the tenant and the provider's own account id. */
export interface ActionAccounts {
  accessFor(tenantId: string, externalAccountId: string): Promise<AccountAccess | undefined>;
}

export const COMPUTE_ACTIONS = Symbol('COMPUTE_ACTIONS');
