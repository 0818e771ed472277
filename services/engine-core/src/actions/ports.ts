import type { AccountAccess } from '@codex/connectors';

/** How an action's target account is reached: by the tenant and the provider's own account id. */
export interface ActionAccounts {
  accessFor(tenantId: string, externalAccountId: string): Promise<AccountAccess | undefined>;
}
