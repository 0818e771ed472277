import { AuthError, type JwtVerifier } from '@codex/auth';

import type { ApiKeyExchange } from './api-key-exchange';
import type { EdgeCaller } from './edge-caller';
import { EdgeRefusal } from './edge-refusal';

type Headers = Record<string, string | string[] | undefined>;

/** A bearer token (from the IdP or the built-in issuer) or an `X-API-Key`; nothing else gets in. */
export class EdgeAuthenticator {
  constructor(
    private readonly verifier: JwtVerifier,
    private readonly apiKeys: ApiKeyExchange,
  ) {}

  async authenticate(headers: Headers): Promise<EdgeCaller> {
    const apiKey = headers['x-api-key'];
    if (typeof apiKey === 'string' && apiKey !== '') return this.apiKeys.callerFor(apiKey);
    const authorization = headers.authorization;
    const token =
      typeof authorization === 'string' ? /^Bearer (\S+)$/i.exec(authorization)?.[1] : undefined;
    if (!token) {
      throw new EdgeRefusal(401, 'unauthenticated', 'a bearer token or an X-API-Key is required');
    }
    try {
      return { principal: await this.verifier.verify(token), token };
    } catch (error) {
      if (error instanceof AuthError) {
        throw new EdgeRefusal(401, 'unauthenticated', error.message, { reason: error.code });
      }
      throw error;
    }
  }
}
