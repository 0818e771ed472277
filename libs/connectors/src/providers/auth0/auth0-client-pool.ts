import { ManagementClient } from 'auth0';

import { accessIdentity } from '../../accounts/access-identity';
import { AccountBreakers } from '../../breakers/account-breakers';
import { ClientPool } from '../../pools/client-pool';
import type { Auth0AccountAccess } from './auth0-access';
import { auth0RetryAfterMs, countsAgainstAuth0Account } from './auth0-error-classifier';

/** An error response carried through the breaker as a failure, then handed back to the SDK. */
class FailedResponse extends Error {
  constructor(readonly response: Response) {
    super(`HTTP ${response.status}`);
  }
}

export interface Auth0ClientSettings {
  /** Retries of a throttled (429), timed-out (408) or failed (5xx) request. */
  maxRetries: number;
  /** The longest wait between two tries, whatever x-ratelimit-reset or Retry-After say. */
  maxRetryDelayMs: number;
  /** How long one call may take, its retries and their waits included. */
  timeoutSeconds: number;
}

export const DEFAULT_AUTH0_CLIENT_SETTINGS: Auth0ClientSettings = {
  maxRetries: 5,
  maxRetryDelayMs: 60_000,
  timeoutSeconds: 300,
};

/** The SDK's retryable answers: throttled, timed out, server errors. */
function isRetryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Management API clients, one per Auth0 application and tenant (domain and client id),
 * built once and reused; each keeps and renews its own client-credentials token. Every HTTP
 * request they make — the token request included — runs inside the account's circuit
 * breaker with all of its retries inside it, so a request the client retried and still lost
 * counts once.
 *
 * The 7.x SDK retries outside the `fetch` it is given, where no breaker can reach; so the
 * client is built with `maxRetries: 0` and the pool's fetch retries as the SDK would: 429,
 * 408 and 5xx, after Retry-After, else until `x-ratelimit-reset` (plus up to 20 % jitter),
 * else with exponential backoff.
 */
export class Auth0ClientPool {
  private readonly clients = new ClientPool<{ client: ManagementClient; destroy(): void }>();

  constructor(
    private readonly breakers = new AccountBreakers(),
    private readonly settings: Auth0ClientSettings = DEFAULT_AUTH0_CLIENT_SETTINGS,
    private readonly transport: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  client(access: Auth0AccountAccess): ManagementClient {
    const entry = this.clients.get(accessIdentity(access), () => ({
      client: new ManagementClient({
        domain: auth0Domain(access),
        clientId: access.credentials.clientId,
        clientSecret: access.credentials.clientSecret,
        maxRetries: 0,
        timeoutInSeconds: this.settings.timeoutSeconds,
        fetch: this.guardedFetch(access),
      }),
      destroy: () => undefined,
    }));
    return entry.client;
  }

  destroy(): void {
    this.clients.destroy();
  }

  private guardedFetch(access: Auth0AccountAccess): typeof fetch {
    return async (input, init) => {
      try {
        return await this.breakers.run(access, async () => {
          const response = await this.withRetries(input, init);
          if (countsAgainstAuth0Account(response.status)) throw new FailedResponse(response);
          return response;
        });
      } catch (error) {
        if (error instanceof FailedResponse) return error.response;
        throw error;
      }
    };
  }

  private async withRetries(
    input: Parameters<typeof fetch>[0],
    init: Parameters<typeof fetch>[1],
  ): Promise<Response> {
    for (let retry = 0; ; retry += 1) {
      const response = await this.transport(input, init);
      if (!isRetryable(response.status) || retry >= this.settings.maxRetries) return response;
      await response.body?.cancel().catch(() => undefined);
      await pause(this.retryDelay(response, retry), init?.signal ?? undefined);
    }
  }

  private retryDelay(response: Response, retry: number): number {
    const cap = this.settings.maxRetryDelayMs;
    const header = (name: string) => response.headers.get(name);
    if (response.headers.get('retry-after')) {
      const wait = auth0RetryAfterMs(header);
      if (wait !== undefined && wait > 0) return Math.min(wait, cap);
    }
    const untilReset = auth0RetryAfterMs((name) => (name === 'retry-after' ? null : header(name)));
    if (untilReset !== undefined && untilReset > 0)
      return Math.min(untilReset, cap) * (1 + Math.random() * 0.2);
    return Math.min(1_000 * 2 ** retry, cap) * (1 + (Math.random() - 0.5) * 0.2);
  }
}

/**
 * What the SDK takes as `domain` (it always speaks https): the host of the endpoint override
 * (`https://127.0.0.1:18444` → `127.0.0.1:18444`), else the tenant's domain.
 */
export function auth0Domain(access: Auth0AccountAccess): string {
  if (!access.endpoint) return access.credentials.domain;
  return access.endpoint.includes('://') ? new URL(access.endpoint).host : access.endpoint;
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
