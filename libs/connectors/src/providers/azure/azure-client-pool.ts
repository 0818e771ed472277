import type { PipelinePolicy, PipelineResponse } from '@azure/core-rest-pipeline';
import {
  ClientCertificateCredential,
  ClientSecretCredential,
  type TokenCredential,
} from '@azure/identity';

import { accessIdentity } from '../../accounts/access-identity';
import { AccountBreakers } from '../../breakers/account-breakers';
import { ClientPool } from '../../pools/client-pool';
import type { AzureAccountAccess } from './azure-access';
import { countsAgainstAzureAccount } from './azure-error-classifier';

/** An error response carried through the breaker as a failure, then handed back to the SDK. */
class FailedResponse extends Error {
  constructor(readonly response: PipelineResponse) {
    super(`HTTP ${response.status}`);
  }
}

export interface AzureClientSettings {
  /** Retries of a throttled or failed request; the SDK waits as Retry-After says. */
  maxRetries: number;
  /** The longest the SDK waits between two tries. */
  maxRetryDelayMs: number;
}

export const DEFAULT_AZURE_CLIENT_SETTINGS: AzureClientSettings = {
  maxRetries: 6,
  maxRetryDelayMs: 60_000,
};

/** The options every Resource Manager client takes: where, and the pipeline's extra policies. */
export interface AzureSdkClientOptions {
  endpoint?: string;
  additionalPolicies: { policy: PipelinePolicy; position: 'perCall' }[];
  retryOptions: { maxRetries: number; maxRetryDelayInMs: number };
}

export type AzureClientFactory<C> = (
  credential: TokenCredential,
  options: AzureSdkClientOptions,
) => C;

/**
 * Resource Manager clients per account and kind, built once and reused, sharing one token
 * credential per service principal (tokens are cached and renewed by @azure/identity). Every
 * call made through them, long-running operation polls included, runs inside the account's
 * circuit breaker, with all of the SDK's retries inside it.
 */
export class AzureClientPool {
  private readonly clients = new ClientPool<{ client: unknown; destroy(): void }>();
  private readonly credentials = new Map<string, TokenCredential>();

  constructor(
    private readonly breakers = new AccountBreakers(),
    private readonly settings: AzureClientSettings = DEFAULT_AZURE_CLIENT_SETTINGS,
  ) {}

  /** E.g. `pool.client('compute', access, (credential, options) => new ComputeManagementClient(credential, access.accountId, options))`. */
  client<C>(kind: string, access: AzureAccountAccess, create: AzureClientFactory<C>): C {
    const entry = this.clients.get(`${kind}|${accessIdentity(access)}`, () => ({
      client: create(this.credential(access), this.optionsFor(access)),
      destroy: () => undefined,
    }));
    return entry.client;
  }

  /** The service principal's token credential; one per principal and endpoint. */
  credential(access: AzureAccountAccess): TokenCredential {
    const key = accessIdentity(access);
    let credential = this.credentials.get(key);
    if (!credential) {
      credential = azureCredential(access);
      this.credentials.set(key, credential);
    }
    return credential;
  }

  destroy(): void {
    this.clients.destroy();
    this.credentials.clear();
  }

  private optionsFor(access: AzureAccountAccess): AzureSdkClientOptions {
    const breaker: PipelinePolicy = {
      name: 'codexAccountBreaker',
      sendRequest: async (request, next) => {
        try {
          return await this.breakers.run(access, async () => {
            const response = await next(request);
            // The pipeline returns error responses; the client throws for them only later.
            if (countsAgainstAzureAccount(response.status)) throw new FailedResponse(response);
            return response;
          });
        } catch (error) {
          if (error instanceof FailedResponse) return error.response;
          throw error;
        }
      },
    };
    return {
      ...(access.endpoint ? { endpoint: access.endpoint } : {}),
      additionalPolicies: [{ policy: breaker, position: 'perCall' }],
      retryOptions: {
        maxRetries: this.settings.maxRetries,
        maxRetryDelayInMs: this.settings.maxRetryDelayMs,
      },
    };
  }
}

/**
 * A token credential for the access's service principal. With an endpoint override the
 * simulator there is also the authority, and instance discovery (a call to
 * login.microsoftonline.com) is skipped.
 */
export function azureCredential(access: AzureAccountAccess): TokenCredential {
  const { credentials } = access;
  const authority = access.endpoint
    ? { authorityHost: access.endpoint, disableInstanceDiscovery: true }
    : {};
  return credentials.kind === 'client-secret'
    ? new ClientSecretCredential(
        credentials.tenantId,
        credentials.clientId,
        credentials.clientSecret,
        authority,
      )
    : new ClientCertificateCredential(
        credentials.tenantId,
        credentials.clientId,
        { certificate: credentials.certificatePem },
        authority,
      );
}
