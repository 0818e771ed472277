import {
  type Auth0AccountAccess,
  type Auth0ClientPool,
  toAuth0ProviderError,
} from '@codex/connectors';

/**
 * Proves an Auth0 application's credentials before they are kept: a Management API token and
 * one page of one user, the read permission a sync needs. Throws ProviderError.
 */
export async function checkAuth0Connection(
  pool: Auth0ClientPool,
  access: Auth0AccountAccess,
): Promise<void> {
  try {
    await pool.client(access).users.list({ per_page: 1, include_totals: false });
  } catch (error) {
    throw toAuth0ProviderError(error);
  }
}
