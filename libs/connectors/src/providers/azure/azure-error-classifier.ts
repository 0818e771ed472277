import { isRestError, type RestError } from '@azure/core-rest-pipeline';

import { ProviderError, type ProviderErrorCode } from '../../provider-error';

/** How long to wait after a 429 that named no time. */
export const AZURE_THROTTLED_RETRY_AFTER_MS = 1_000;

/** Node transport failures: the request may not have reached Azure at all. */
const TRANSPORT_CODES = new Set([
  'REQUEST_SEND_ERROR',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** What @azure/identity throws when Entra ID refuses the service principal. */
interface AuthenticationFailure {
  name: 'AuthenticationError' | 'CredentialUnavailableError' | 'AggregateAuthenticationError';
  message: string;
  statusCode?: number;
  errorResponse?: { error?: string; errorDescription?: string };
}

/**
 * Turns whatever an Azure SDK call threw into a ProviderError: the neutral code, Azure's own
 * code as providerCode (`AuthorizationFailed`, `AADSTS7000215`; the Node code of a transport
 * failure), Azure's message, and Retry-After after throttling. A ProviderError passes through.
 */
export function toAzureProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (isRestError(error)) return fromRestError(error);
  if (isAuthenticationFailure(error)) {
    const description = error.errorResponse?.errorDescription ?? error.message;
    const providerCode =
      /AADSTS\d+/.exec(description)?.[0] ?? error.errorResponse?.error ?? error.name;
    return new ProviderError('denied', firstLine(description), {
      provider: 'azure',
      providerCode,
      cause: error,
    });
  }
  const nodeCode = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const transport =
    (typeof nodeCode === 'string' && TRANSPORT_CODES.has(nodeCode)) ||
    (error instanceof Error && error.name === 'AbortError');
  return new ProviderError(transport ? 'unavailable' : 'invalid', message, {
    provider: 'azure',
    providerCode: typeof nodeCode === 'string' ? nodeCode : 'Unknown',
    cause: error,
  });
}

function fromRestError(error: RestError): ProviderError {
  const status = error.statusCode;
  const providerCode = error.code ?? (status ? `Http${status}` : 'Unknown');
  const code = neutralCode(status, providerCode);
  const retryAfterMs = code === 'throttled' ? retryAfter(error) : undefined;
  return new ProviderError(code, azureMessageOf(error), {
    provider: 'azure',
    providerCode,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    cause: error,
  });
}

function neutralCode(status: number | undefined, providerCode: string): ProviderErrorCode {
  if (status === 429 || providerCode === 'TooManyRequests') return 'throttled';
  if (status === undefined || TRANSPORT_CODES.has(providerCode)) return 'unavailable';
  if (status === 401 || status === 403) return 'denied';
  if (status === 404) return 'not_found';
  if (status === 409 || status === 412) return 'conflict';
  if (status >= 500) return 'unavailable';
  return 'invalid';
}

/** Azure's own message from the `{error: {code, message}}` body, else the SDK's. */
function azureMessageOf(error: RestError): string {
  const details = error.details as { error?: { message?: unknown } } | undefined;
  const message = details?.error?.message;
  return typeof message === 'string' ? message : error.message;
}

/** Retry-After in seconds or as a date, else the default pause after throttling. */
function retryAfter(error: RestError): number {
  const header = error.response?.headers.get('retry-after');
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const at = Date.parse(header);
    if (Number.isFinite(at)) return Math.max(0, at - Date.now());
  }
  return AZURE_THROTTLED_RETRY_AFTER_MS;
}

function isAuthenticationFailure(error: unknown): error is AuthenticationFailure {
  const name = (error as { name?: unknown } | null)?.name;
  return (
    error instanceof Error &&
    (name === 'AuthenticationError' ||
      name === 'CredentialUnavailableError' ||
      name === 'AggregateAuthenticationError')
  );
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0] ?? text;
}

/**
 * Errors that say the request named something that does not exist, was malformed or met the
 * resource in a state that refuses it: the caller's mistake, not a sign of an unhealthy account.
 */
export function isAzureCallerMistake(error: unknown): boolean {
  if (!isRestError(error)) return false;
  const status = error.statusCode ?? 0;
  return status === 400 || status === 404 || status === 409 || status === 412;
}
