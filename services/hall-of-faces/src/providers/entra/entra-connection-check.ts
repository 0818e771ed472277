import {
  type EntraAccountAccess,
  type GraphClientPool,
  toGraphProviderError,
} from '@codex/connectors';

/**
 * Proves an Entra ID app registration's credentials before they are kept: a Graph token and
 * one user, the read permission a sync needs. Throws ProviderError.
 */
export async function checkEntraConnection(
  pool: GraphClientPool,
  access: EntraAccountAccess,
): Promise<void> {
  try {
    await pool.client(access).api('/users').top(1).select('id').get();
  } catch (error) {
    throw toGraphProviderError(error);
  }
}
