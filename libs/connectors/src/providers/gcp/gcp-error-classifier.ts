import { NETWORK_ERROR_CODES, ProviderError, type ProviderErrorCode } from '../../provider-error';

/** What @google-cloud/storage (gaxios, teeny-request) throws for an error answer. */
interface GoogleApiError extends Error {
  code?: number | string;
  errors?: { reason?: string; message?: string }[];
  response?: { headers?: Record<string, string | string[] | undefined> };
}

/**
 * Turns whatever a Google Cloud SDK call threw into a ProviderError: the neutral code from the
 * HTTP status, Google's reason (`forbidden`, `notFound`, `conditionNotMet`) as providerCode, and
 * Retry-After after throttling. A ProviderError passes through.
 */
export function toGcpProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const failure = (error ?? {}) as GoogleApiError;
  const message = failure.message ?? String(error);
  const status = typeof failure.code === 'number' ? failure.code : undefined;
  if (status === undefined) {
    const transport = typeof failure.code === 'string' && NETWORK_ERROR_CODES.has(failure.code);
    return new ProviderError(transport ? 'unavailable' : 'invalid', message, {
      provider: 'gcp',
      providerCode: typeof failure.code === 'string' ? failure.code : 'Unknown',
      cause: error,
    });
  }
  const reason = failure.errors?.[0]?.reason ?? `Http${status}`;
  const retryAfter = Number(failure.response?.headers?.['retry-after']);
  return new ProviderError(neutralCode(status), message, {
    provider: 'gcp',
    providerCode: reason,
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
    cause: error,
  });
}

function neutralCode(status: number): ProviderErrorCode {
  if (status === 429) return 'throttled';
  if (status === 401 || status === 403) return 'denied';
  if (status === 404) return 'not_found';
  if (status === 409 || status === 412) return 'conflict';
  if (status >= 500) return 'unavailable';
  return 'invalid';
}
