import {
  ClientCertificateCredential,
  ClientSecretCredential,
  type TokenCredential,
} from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  type Context,
  GraphClientError,
  HTTPMessageHandler,
  type Middleware,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';

import { accessIdentity } from '../../accounts/access-identity';
import { AccountBreakers } from '../../breakers/account-breakers';
import { ClientPool } from '../../pools/client-pool';
import { type ProviderError } from '../../provider-error';
import type { EntraAccountAccess } from './entra-access';
import { countsAgainstEntraAccount, toGraphProviderError } from './graph-error-classifier';

/** The scope of an app-only Microsoft Graph token. */
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export interface GraphClientSettings {
  /**
   * Retries of a throttled (429) or unavailable (503, 504) request by the graph client's
   * RetryHandler, which waits as Retry-After says (at most 10).
   */
  maxRetries: number;
  /** Seconds between tries when the answer names no Retry-After (grows exponentially). */
  retryDelaySeconds: number;
}

export const DEFAULT_GRAPH_CLIENT_SETTINGS: GraphClientSettings = {
  maxRetries: 5,
  retryDelaySeconds: 3,
};

/** An error answer carried through the breaker as a failure, then handed back to the client. */
class FailedResponse extends Error {
  constructor() {
    super('failed answer');
  }
}

/**
 * A failure Codex classified before the graph client saw it (an open circuit, refused
 * credentials, a network error). The client passes a GraphClientError through unwrapped; its
 * own wrapping (GraphError) would drop the providerCode and retryAfterMs.
 */
class ClassifiedFailure extends GraphClientError {
  constructor(readonly providerError: ProviderError) {
    super(providerError.message);
    // GraphClientError resets the prototype; keep the field whatever the prototype.
    this.providerError = providerError;
    this.name = 'ProviderError';
  }
}

/**
 * Microsoft Graph clients, one per directory and app registration (and endpoint), built once and
 * reused, with one token credential per app registration (tokens cached and renewed by
 * @azure/identity). Every request made through a client runs inside the directory's circuit
 * breaker, once, with the token request and all of the RetryHandler's Retry-After-honouring
 * retries of 429 and 503 inside it. Errors thrown by the client go through toGraphProviderError.
 */
export class GraphClientPool {
  private readonly clients = new ClientPool<{ client: Client; destroy(): void }>();
  private readonly credentials = new Map<string, TokenCredential>();

  constructor(
    private readonly breakers = new AccountBreakers(),
    private readonly settings: GraphClientSettings = DEFAULT_GRAPH_CLIENT_SETTINGS,
  ) {}

  /** The Graph client of the access: `pool.client(access).api('users').get()`. */
  client(access: EntraAccountAccess): Client {
    return this.clients.get(keyOf(access), () => ({
      client: this.build(access),
      destroy: () => undefined,
    })).client;
  }

  /** The app registration's token credential; one per principal, secret and authority. */
  credential(access: EntraAccountAccess): TokenCredential {
    const key = keyOf(access);
    let credential = this.credentials.get(key);
    if (!credential) {
      credential = entraCredential(access);
      this.credentials.set(key, credential);
    }
    return credential;
  }

  destroy(): void {
    this.clients.destroy();
    this.credentials.clear();
  }

  private build(access: EntraAccountAccess): Client {
    const authProvider = new TokenCredentialAuthenticationProvider(this.credential(access), {
      scopes: [GRAPH_SCOPE],
    });
    const middleware: Middleware[] = [
      this.breakerMiddleware(access),
      new AuthenticationHandler(authProvider),
      new RetryHandler(
        new RetryHandlerOptions(this.settings.retryDelaySeconds, this.settings.maxRetries),
      ),
      new RedirectHandler(new RedirectHandlerOptions()),
      new TelemetryHandler(),
      new HTTPMessageHandler(),
    ];
    const endpoint = access.endpoint?.replace(/\/+$/, '');
    return Client.initWithMiddleware({
      middleware,
      ...(endpoint
        ? {
            baseUrl: endpoint,
            // Else the AuthenticationHandler sends no token to a host that is not Graph's.
            customHosts: new Set([new URL(endpoint).hostname]),
          }
        : {}),
    });
  }

  /**
   * First in the chain: the whole request, token and retries included, is one call of the
   * directory's breaker; 401, 403, 429 (after the retries) and 5xx answers and failures to
   * get a token or an answer count against the directory, other answers do not.
   */
  private breakerMiddleware(access: EntraAccountAccess): Middleware {
    const breakers = this.breakers;
    let next: Middleware | undefined;
    return {
      setNext: (middleware: Middleware) => {
        next = middleware;
      },
      execute: async (context: Context) => {
        if (!next) throw new Error('the breaker middleware needs a next middleware');
        const downstream = next;
        try {
          await breakers.run(access, async () => {
            await downstream.execute(context);
            const status = context.response?.status;
            if (status !== undefined && countsAgainstEntraAccount(status)) {
              throw new FailedResponse();
            }
          });
        } catch (error) {
          // The answer goes back to the client, which turns it into a GraphError.
          if (error instanceof FailedResponse) return;
          throw new ClassifiedFailure(toGraphProviderError(error));
        }
      },
    };
  }
}

/**
 * A token credential for the access's app registration in its directory. With an authority
 * override, instance discovery (a call to login.microsoftonline.com) is skipped.
 */
export function entraCredential(access: EntraAccountAccess): TokenCredential {
  const { credentials } = access;
  const authority = access.authorityHost
    ? { authorityHost: access.authorityHost, disableInstanceDiscovery: true }
    : {};
  return credentials.kind === 'client-secret'
    ? new ClientSecretCredential(
        access.accountId,
        credentials.clientId,
        credentials.clientSecret,
        authority,
      )
    : new ClientCertificateCredential(
        access.accountId,
        credentials.clientId,
        { certificate: credentials.certificatePem },
        authority,
      );
}

/**
 * accessIdentity plus what it leaves out for Entra ID: the authority, the credential kind and a
 * digest of the secret, so a rotated secret gets a new client and credential.
 */
function keyOf(access: EntraAccountAccess): string {
  return [accessIdentity(access), access.authorityHost ?? ''].join('|');
}
