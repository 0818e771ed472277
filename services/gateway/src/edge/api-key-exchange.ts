import { createHash } from 'node:crypto';

import { AuthError, type JwtVerifier } from '@codex/auth';
import { LRUCache } from 'lru-cache';

import { callerWith, type EdgeCaller } from './edge-caller';
import { EdgeRefusal } from './edge-refusal';

export const API_KEY_GRANT = 'urn:codex:grant-type:api-key';

interface Exchanged {
  caller: EdgeCaller;
  trustedUntil: number;
}

/**
 * Turns an API key into a short-lived access token at hall-of-faces (which owns
 * keys, their hashes and last-used times) and remembers the result briefly, so
 * a busy key costs one exchange per cache period and a revoked key stops
 * working within that period. Concurrent first uses share one exchange.
 */
export class ApiKeyExchange {
  private readonly exchanged = new LRUCache<string, Exchanged>({ max: 10_000 });
  private readonly inFlight = new Map<string, Promise<Exchanged>>();

  constructor(
    private readonly tokenEndpoint: string,
    private readonly verifier: JwtVerifier,
    private readonly cacheMs: number,
  ) {}

  /** `forwardedFor` is the client's X-Forwarded-For chain, so the issuer throttles the client, not the gateway. */
  async callerFor(apiKey: string, forwardedFor?: string): Promise<EdgeCaller> {
    const cacheKey = createHash('sha256').update(apiKey).digest('base64url');
    const cached = this.exchanged.get(cacheKey);
    if (cached && cached.trustedUntil > Date.now()) return cached.caller;
    let pending = this.inFlight.get(cacheKey);
    if (!pending) {
      pending = this.exchange(apiKey, forwardedFor).finally(() => this.inFlight.delete(cacheKey));
      this.inFlight.set(cacheKey, pending);
    }
    const result = await pending;
    this.exchanged.set(cacheKey, result);
    return result.caller;
  }

  private async exchange(apiKey: string, forwardedFor?: string): Promise<Exchanged> {
    const response = await fetch(this.tokenEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
      },
      body: new URLSearchParams({ grant_type: API_KEY_GRANT, api_key: apiKey }),
      signal: AbortSignal.timeout(5_000),
    }).catch(() => {
      throw new EdgeRefusal(503, 'unavailable', 'the identity service cannot be reached');
    });
    if (response.status === 400 || response.status === 401) {
      throw new EdgeRefusal(401, 'unauthenticated', 'the API key is unknown or revoked', {
        reason: 'invalid_api_key',
      });
    }
    if (response.status === 429) {
      const retryAfter = response.headers.get('retry-after') ?? '1';
      throw new EdgeRefusal(
        429,
        'too_many_attempts',
        `too many failed API key sign-ins; retry in ${retryAfter} s`,
        {},
        { 'retry-after': retryAfter },
      );
    }
    if (!response.ok) {
      throw new EdgeRefusal(502, 'bad_gateway', `the identity service answered ${response.status}`);
    }
    const { access_token: token } = (await response.json()) as { access_token: string };
    const principal = await this.verifier.verify(token).catch((error: unknown) => {
      if (error instanceof AuthError) {
        throw new EdgeRefusal(
          502,
          'bad_gateway',
          `the exchanged token was refused: ${error.message}`,
        );
      }
      throw error;
    });
    const trustedUntil = Math.min(Date.now() + this.cacheMs, principal.expiresAt.getTime() - 5_000);
    return { caller: callerWith(principal, token), trustedUntil };
  }
}
