import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import {
  azureCredential,
  type AzureCredentials,
  azureSecretOf,
  toAzureProviderError,
} from '@codex/connectors';

import { redact, VerificationFailure } from './account-verifier';

/** The subscription Resource Manager showed the service principal. */
export interface VerifiedSubscription {
  /** The subscription id, in lower case. */
  externalAccountId: string;
  displayName: string;
}

/**
 * Port: asks Entra ID for a token as the service principal, and Resource Manager for the
 * subscription with it. Throws VerificationFailure.
 */
export abstract class AzureAccountVerifier {
  abstract verify(
    subscriptionId: string,
    credentials: AzureCredentials,
  ): Promise<VerifiedSubscription>;
}

export interface AzureVerificationSettings {
  /** Overrides Resource Manager and the Entra ID authority, e.g. the local Azure sandbox. */
  endpoint: string | undefined;
  /** The whole verification, every call and retry included, gives up after this long. */
  budgetMs: number;
  /** Retries of a throttled or failed Resource Manager request. */
  maxRetries: number;
}

export const DEFAULT_AZURE_VERIFICATION_SETTINGS: Omit<AzureVerificationSettings, 'endpoint'> = {
  budgetMs: 15_000,
  maxRetries: 2,
};

/** The token Resource Manager takes. */
export const ARM_SCOPE = 'https://management.azure.com/.default';

/**
 * Verifies a service principal against one subscription: a token from Entra ID (a wrong
 * secret or certificate fails here, e.g. AADSTS7000215), then GET /subscriptions/{id}
 * (SubscriptionNotFound, AuthorizationFailed), which must answer the subscription Enabled.
 */
export class ArmAccountVerifier extends AzureAccountVerifier {
  constructor(private readonly settings: AzureVerificationSettings) {
    super();
  }

  async verify(
    subscriptionId: string,
    credentials: AzureCredentials,
  ): Promise<VerifiedSubscription> {
    const deadline = AbortSignal.timeout(this.settings.budgetMs);
    const { endpoint } = this.settings;
    const secrets = [azureSecretOf(credentials)];
    const call = <T>(operation: string, send: () => Promise<T>) =>
      withinDeadline(send(), deadline).catch((error: unknown) => {
        throw this.failure(operation, error, deadline, secrets);
      });
    const credential = azureCredential({
      provider: 'azure',
      accountId: subscriptionId,
      regions: [],
      ...(endpoint ? { endpoint } : {}),
      credentials,
    });
    const token = await call('entra:token', () =>
      credential.getToken(ARM_SCOPE, { abortSignal: deadline }),
    );
    if (!token) {
      throw new VerificationFailure('entra:token', 'IncompleteAnswer', 'no token issued');
    }
    const client = new SubscriptionClient(credential, {
      ...(endpoint ? { endpoint } : {}),
      retryOptions: { maxRetries: this.settings.maxRetries },
    });
    const subscription = await call('arm:subscriptions.get', () =>
      client.subscriptions.get(subscriptionId, { abortSignal: deadline }),
    );
    if (subscription.state !== 'Enabled') {
      throw new VerificationFailure(
        'arm:subscriptions.get',
        'SubscriptionNotEnabled',
        `The subscription '${subscriptionId}' is ${subscription.state ?? 'in no state'}, not Enabled.`,
      );
    }
    return {
      externalAccountId: (subscription.subscriptionId ?? subscriptionId).toLowerCase(),
      displayName: subscription.displayName ?? '',
    };
  }

  private failure(
    operation: string,
    error: unknown,
    deadline: AbortSignal,
    secrets: string[],
  ): VerificationFailure {
    if (error instanceof VerificationFailure) return error;
    if (deadline.aborted) {
      return new VerificationFailure(
        operation,
        'TimeoutError',
        `Azure did not answer within ${this.settings.budgetMs} ms`,
      );
    }
    const failure = toAzureProviderError(error);
    return new VerificationFailure(
      operation,
      failure.providerCode,
      redact(failure.message, secrets),
    );
  }
}

/**
 * The call's outcome, or the deadline's abort reason once it passes: MSAL does not always
 * stop waiting when the signal aborts (a peer that never completes the TLS handshake).
 */
function withinDeadline<T>(call: Promise<T>, deadline: AbortSignal): Promise<T> {
  if (deadline.aborted) return Promise.reject(deadline.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(deadline.reason as Error);
    deadline.addEventListener('abort', abort, { once: true });
    call.then(resolve, reject).finally(() => deadline.removeEventListener('abort', abort));
  });
}
