import { isRestError, type RestError } from '@azure/core-rest-pipeline';

import { NETWORK_ERROR_CODES, ProviderError, type ProviderErrorCode } from '../../provider-error';

/** How long to wait after a 429 that named no time. */
export const AZURE_THROTTLED_RETRY_AFTER_MS = 1_000;

/** Node transport failures: the request may not have reached Azure at all. */
const TRANSPORT_CODES = new Set(['REQUEST_SEND_ERROR', ...NETWORK_ERROR_CODES]);

/**
 * What @azure/identity throws when Entra ID refuses the service principal: AuthenticationError
 * from getToken, AuthenticationRequiredError when a client's token request is refused.
 */
const AUTHENTICATION_FAILURES = new Set([
  'AuthenticationError',
  'AuthenticationRequiredError',
  'CredentialUnavailableError',
  'AggregateAuthenticationError',
]);

interface AuthenticationFailure extends Error {
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
    return new ProviderError('denied', entraSentence(description), {
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
  return error instanceof Error && AUTHENTICATION_FAILURES.has(error.name);
}

/**
 * Entra ID's description of a refusal, after its AADSTS code (which is the providerCode) and
 * without the trace and correlation ids; else the text's first line.
 */
function entraSentence(text: string): string {
  const refusal = /AADSTS\d+:?\s*(.*?)(?:\s+Trace ID:|\s+- Correlation ID:|$)/s.exec(text)?.[1];
  return refusal?.trim() || (text.split(/\r?\n/)[0] ?? text);
}

/**
 * Whether an answer says something of the account's health, after the SDK's retries: refused
 * credentials or permissions, throttling that outlasted the retries, server errors. A 400, 404,
 * 409 or 412 is the caller's mistake (a wrong name, a resource in the wrong state) and does not.
 */
export function countsAgainstAzureAccount(status: number): boolean {
  return status === 401 || status === 403 || status === 429 || status >= 500;
}
