import type { ProviderName } from '../provider-error';
import type { AccountAccess } from './account-access';

/** A connected account as a capability needs it: who owns it and how to reach it. */
export interface ConnectedAccount<A extends AccountAccess = AccountAccess> {
  /** Codex's id of the account. */
  accountId: string;
  tenantId: string;
  access: A;
}

/** Turns a tenant's Codex account id into what a provider adapter needs to call the account. */
export interface AccountAccessSource {
  /** Throws AccountUnavailableError; another tenant's account is unknown. */
  accessFor(tenantId: string, accountId: string): Promise<ConnectedAccount>;
}

export const ACCOUNT_ACCESS_SOURCE = Symbol('ACCOUNT_ACCESS_SOURCE');

/**
 * Per provider, the endpoint its SDK calls instead of the real one, e.g. a local peer; and for
 * Entra ID, which needs two, the authority that issues its tokens (`entraAuthority`).
 */
export type ProviderEndpoints = Partial<Record<ProviderName, string>> & { entraAuthority?: string };
