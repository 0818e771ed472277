import type { Auth0ClientPool, GraphClientPool } from '@codex/connectors';

import { checkAuth0Connection } from '../../providers/auth0';
import { checkEntraConnection } from '../../providers/entra';
import type { IdpAccess } from '../ports';
import type { ConnectionVerifier } from './connection-verifier';

/** Hands new credentials to their provider's check: a token and one read. */
export class IdpConnectionVerifier implements ConnectionVerifier {
  constructor(
    private readonly auth0: Auth0ClientPool,
    private readonly graph: GraphClientPool,
  ) {}

  verify(access: IdpAccess): Promise<void> {
    return access.provider === 'auth0'
      ? checkAuth0Connection(this.auth0, access)
      : checkEntraConnection(this.graph, access);
  }
}
