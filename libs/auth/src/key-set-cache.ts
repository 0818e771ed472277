import { createLocalJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';

export interface KeySetCacheOptions {
  jwksUri: string;
  /** A key set older than this is refreshed in the background while it keeps serving. */
  maxAgeMs?: number;
  /** Least time between two fetches, however many unknown keys arrive. */
  minRefetchMs?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/** The key set could not be fetched and no earlier copy is known. */
export class KeySetUnavailableError extends Error {
  override readonly name = 'KeySetUnavailableError';
}

/**
 * An issuer's JWKS, kept as long as the issuer cannot be reached: a failed
 * refresh keeps the last good keys (an outage of the issuer or its database
 * must not turn valid tokens into 401s). A token naming a key not in the set
 * triggers a refetch; refetches are at least `minRefetchMs` apart, and a token
 * arriving inside that window waits for the next one instead of failing, so a
 * key that started signing a moment ago is always found.
 */
export class KeySetCache {
  private keys: { set: JWTVerifyGetKey; kids: Set<string>; fetchedAt: number } | undefined;
  private fetching: Promise<void> | undefined;
  private lastAttempt = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;

  constructor(private readonly options: KeySetCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** A key resolver for `jwtVerify`, which knows the token's `kid` before it asks. */
  async resolverFor(kid: string | undefined): Promise<JWTVerifyGetKey> {
    if (!this.keys) await this.refresh();
    else if (kid !== undefined && !this.keys.kids.has(kid)) await this.refresh();
    else if (this.now() - this.keys.fetchedAt > (this.options.maxAgeMs ?? 300_000)) {
      void this.refresh().catch(() => undefined);
    }
    if (!this.keys) throw new KeySetUnavailableError('the issuer key set cannot be fetched');
    return this.keys.set;
  }

  private refresh(): Promise<void> {
    this.fetching ??= this.waitForTurn()
      .then(() => this.fetchKeys())
      .finally(() => {
        this.fetching = undefined;
      });
    return this.fetching;
  }

  private async waitForTurn(): Promise<void> {
    const wait = this.lastAttempt + (this.options.minRefetchMs ?? 1_000) - this.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  private async fetchKeys(): Promise<void> {
    this.lastAttempt = this.now();
    try {
      const response = await (this.options.fetch ?? fetch)(this.options.jwksUri, {
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
      if (!response.ok) throw new Error(`${this.options.jwksUri} answered ${response.status}`);
      const body = (await response.json()) as JSONWebKeySet;
      if (!Array.isArray(body.keys)) throw new Error(`${this.options.jwksUri} holds no keys`);
      this.keys = {
        set: createLocalJWKSet(body),
        kids: new Set(body.keys.map((key) => key.kid).filter((kid) => kid !== undefined)),
        fetchedAt: this.now(),
      };
    } catch (error) {
      if (!this.keys) throw new KeySetUnavailableError(`the issuer key set: ${String(error)}`);
    }
  }
}
