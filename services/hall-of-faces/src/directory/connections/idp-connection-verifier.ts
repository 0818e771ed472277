import {
  type Auth0ClientPool,
  type GraphClientPool,
  toAuth0ProviderError,
  toGraphProviderError,
} from '@codex/connectors';

import type { IdpAccess } from '../ports';
import type { ConnectionVerifier } from './connection-verifier';

/**
 * Auth0: a Management API token and one page of one user; Entra ID: a Graph token and one
 * user. Both prove the credentials and the read permission the sync needs.
 */
export class IdpConnectionVerifier implements ConnectionVerifier {
  constructor(
    private readonly auth0: Auth0ClientPool,
    private readonly graph: GraphClientPool,
  ) {}

  async verify(access: IdpAccess): Promise<void> {
    if (access.provider === 'auth0') {
      try {
        await this.auth0.client(access).users.list({ per_page: 1, include_totals: false });
      } catch (error) {
        throw toAuth0ProviderError(error);
      }
      return;
    }
    try {
      await this.graph.client(access).api('/users').top(1).select('id').get();
    } catch (error) {
      throw toGraphProviderError(error);
    }
  }
}
