import { AuthError, type JwtVerifier, type RevocationList } from '@codex/auth';

import type { ApiKeyExchange } from './api-key-exchange';
import { callerWith, type EdgeCaller } from './edge-caller';
import { EdgeRefusal } from './edge-refusal';

type Headers = Record<string, string | string[] | undefined>;

/**
 * A bearer token (from the IdP or the built-in issuer) or an `X-API-Key`;
 * nothing else gets in, and nothing revoked. A token obtained with an API key
 * counts against that key, however it is presented.
 */
export class EdgeAuthenticator {
  constructor(
    private readonly verifier: JwtVerifier,
    private readonly apiKeys: ApiKeyExchange,
    private readonly revocations: RevocationList,
  ) {}

  /** `forwardedFor`: the client's address chain, passed on when an API key is exchanged. */
  async authenticate(headers: Headers, forwardedFor?: string): Promise<EdgeCaller> {
    try {
      const caller = await this.callerOf(headers, forwardedFor);
      this.revocations.assertCurrent(caller.principal);
      return caller;
    } catch (error) {
      if (error instanceof AuthError && error.code === 'keys_unavailable') {
        throw new EdgeRefusal(503, 'unavailable', error.message);
      }
      if (error instanceof AuthError) {
        throw new EdgeRefusal(401, 'unauthenticated', error.message, { reason: error.code });
      }
      throw error;
    }
  }

  private async callerOf(headers: Headers, forwardedFor?: string): Promise<EdgeCaller> {
    const apiKey = headers['x-api-key'];
    if (typeof apiKey === 'string' && apiKey !== '') {
      return this.apiKeys.callerFor(apiKey, forwardedFor);
    }
    const authorization = headers.authorization;
    const token =
      typeof authorization === 'string' ? /^Bearer (\S+)$/i.exec(authorization)?.[1] : undefined;
    if (!token) {
      throw new EdgeRefusal(401, 'unauthenticated', 'a bearer token or an X-API-Key is required');
    }
    return callerWith(await this.verifier.verify(token), token);
  }
}
