/** What went wrong at a provider, in words every capability can act on. */
export const PROVIDER_ERROR_CODES = [
  'throttled',
  'denied',
  'not_found',
  'conflict',
  'unavailable',
  'invalid',
] as const;
export type ProviderErrorCode = (typeof PROVIDER_ERROR_CODES)[number];

export type ProviderName = 'aws' | 'azure' | 'gcp' | 'auth0' | 'entra';

/** How a message names each provider to a person. */
export const PROVIDER_LABELS: Readonly<Record<ProviderName, string>> = {
  aws: 'AWS',
  azure: 'Azure',
  gcp: 'GCP',
  auth0: 'Auth0',
  entra: 'Entra ID',
};

export interface ProviderErrorDetails {
  provider: ProviderName;
  /** The provider's own error code, e.g. `InvalidInstanceID.NotFound` or `AuthorizationFailed`. */
  providerCode: string;
  /** How long the provider asked to wait before trying again (Retry-After and its kin). */
  retryAfterMs?: number;
  cause?: unknown;
}

const RETRYABLE: ReadonlySet<ProviderErrorCode> = new Set(['throttled', 'unavailable']);

/** A failed call to a cloud or identity provider, with the provider's code and message kept. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly provider: ProviderName;
  readonly providerCode: string;
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly code: ProviderErrorCode,
    message: string,
    details: ProviderErrorDetails,
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.provider = details.provider;
    this.providerCode = details.providerCode;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** Whether the same call may succeed later: throttling, an outage, an open circuit. */
  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }
}

/** Node's codes for a connection that failed or timed out: the request may not have reached the provider. */
export const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** providerCode of a change the provider accepted that a second read shows did not take. */
export const VERIFICATION_FAILED = 'VerificationFailed';

/** The provider took a change but the target does not show it: `conflict`, not retried blindly. */
export function verificationFailed(provider: ProviderName, message: string): ProviderError {
  return new ProviderError('conflict', message, { provider, providerCode: VERIFICATION_FAILED });
}
