import { NETWORK_ERROR_CODES, ProviderError, type ProviderErrorCode } from '../../provider-error';

/** How long to wait after a 429 that named no time. */
export const GRAPH_THROTTLED_RETRY_AFTER_MS = 1_000;

/** Graph's code for a delta token it no longer knows: start a new full round. */
export const GRAPH_SYNC_STATE_NOT_FOUND = 'SyncStateNotFound';

/** Graph's code for an object (user, group, member reference) that does not exist. */
export const GRAPH_RESOURCE_NOT_FOUND = 'Request_ResourceNotFound';

/**
 * What @azure/identity throws when Entra ID refuses the app registration. The graph client
 * keeps only the name (as GraphError `code`) and the message of it.
 */
const AUTHENTICATION_FAILURES = new Set([
  'AuthenticationError',
  'AuthenticationRequiredError',
  'CredentialUnavailableError',
  'AggregateAuthenticationError',
]);

/** A Graph answer: the graph client's GraphError, by shape (no instanceof across copies). */
interface GraphErrorLike extends Error {
  statusCode: number;
  code: string | null;
  headers?: { get(name: string): string | null };
}

interface AuthenticationFailure extends Error {
  errorResponse?: { error?: string; errorDescription?: string };
}

/**
 * Turns whatever a Microsoft Graph call threw into a ProviderError: Graph's GraphError
 * (`statusCode`, `code`, message, Retry-After), @azure/identity's refusal of the credentials
 * (the AADSTS code as providerCode) and transport failures. A ProviderError passes through,
 * also when the graph client wrapped it (GraphClientPool hands one through that way).
 *
 * - 429 → `throttled` with retryAfterMs; 401/403 and refused credentials → `denied`;
 * - 404 (`Request_ResourceNotFound`) → `not_found`;
 * - 400 "… already exist …" (a member added twice, a userPrincipalName taken) and 409/412 →
 *   `conflict`; other 4xx → `invalid`;
 * - 410 `SyncStateNotFound` → `invalid` with providerCode `SyncStateNotFound`: the delta token
 *   is gone and the reader starts a new full round;
 * - 5xx, no answer at all, network errors → `unavailable`.
 */
export function toGraphProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const carried = (error as { providerError?: unknown } | null)?.providerError;
  if (carried instanceof ProviderError) return carried;
  if (isAuthenticationFailure(error)) return fromAuthenticationFailure(error, error.name);
  if (isGraphError(error)) {
    if (error.code && AUTHENTICATION_FAILURES.has(error.code)) {
      return fromAuthenticationFailure(error, error.code);
    }
    if (error.statusCode > 0) return fromGraphAnswer(error);
  }
  const nodeCode = nodeCodeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  // A GraphError without a status had no answer: fetch failed before one came.
  const transport =
    (nodeCode !== undefined && NETWORK_ERROR_CODES.has(nodeCode)) ||
    (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) ||
    isGraphError(error) ||
    (error instanceof TypeError && message === 'fetch failed');
  return new ProviderError(transport ? 'unavailable' : 'invalid', message, {
    provider: 'entra',
    providerCode: nodeCode ?? (error instanceof Error ? error.name : 'Unknown'),
    cause: error,
  });
}

function fromGraphAnswer(error: GraphErrorLike): ProviderError {
  const status = error.statusCode;
  const providerCode = error.code ?? `Http${status}`;
  const code = neutralCode(status, providerCode, error.message);
  const retryAfterMs = code === 'throttled' ? retryAfter(error) : undefined;
  return new ProviderError(code, error.message || `HTTP ${status}`, {
    provider: 'entra',
    providerCode,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    cause: error,
  });
}

function neutralCode(status: number, providerCode: string, message: string): ProviderErrorCode {
  if (status === 429 || providerCode === 'TooManyRequests') return 'throttled';
  if (status === 401 || status === 403) return 'denied';
  if (status === 404) return 'not_found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 400 && /already exists?\b/i.test(message)) return 'conflict';
  if (status >= 500) return 'unavailable';
  return 'invalid';
}

function fromAuthenticationFailure(error: Error, name: string): ProviderError {
  const response = (error as AuthenticationFailure).errorResponse;
  const description = response?.errorDescription ?? error.message;
  const providerCode = /AADSTS\d+/.exec(description)?.[0] ?? response?.error ?? name;
  return new ProviderError('denied', entraSentence(description), {
    provider: 'entra',
    providerCode,
    cause: error,
  });
}

/** Retry-After in seconds or as a date, else the default pause after throttling. */
function retryAfter(error: GraphErrorLike): number {
  const header = error.headers?.get('retry-after');
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const at = Date.parse(header);
    if (Number.isFinite(at)) return Math.max(0, at - Date.now());
  }
  return GRAPH_THROTTLED_RETRY_AFTER_MS;
}

/**
 * Entra ID's description of a refusal, after its AADSTS code (which is the providerCode) and
 * without the trace and correlation ids; else the text's first line.
 */
function entraSentence(text: string): string {
  const refusal = /AADSTS\d+:?\s*(.*?)(?:\s+Trace ID:|\s+- Correlation ID:|$)/s.exec(text)?.[1];
  return refusal?.trim() || (text.split(/\r?\n/)[0] ?? text);
}

function nodeCodeOf(error: unknown): string | undefined {
  const own = (error as { code?: unknown } | null)?.code;
  if (typeof own === 'string' && NETWORK_ERROR_CODES.has(own)) return own;
  // fetch: TypeError('fetch failed') with the socket's error as cause.
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (typeof cause === 'string') return cause;
  return typeof own === 'string' ? own : undefined;
}

function isGraphError(error: unknown): error is GraphErrorLike {
  return (
    error instanceof Error &&
    typeof (error as Partial<GraphErrorLike>).statusCode === 'number' &&
    'code' in error
  );
}

function isAuthenticationFailure(error: unknown): error is AuthenticationFailure {
  return error instanceof Error && AUTHENTICATION_FAILURES.has(error.name);
}

/**
 * Whether an answer (its HTTP status) or a failure (anything toGraphProviderError classifies)
 * says something of the directory's health, after the client's retries: refused credentials or
 * permissions, throttling that outlasted the retries, server errors and network failures. A 400,
 * 404, 409, 410 or 412 is the caller's mistake and does not.
 */
export function countsAgainstEntraAccount(statusOrError: unknown): boolean {
  if (typeof statusOrError === 'number') {
    const status = statusOrError;
    return status === 401 || status === 403 || status === 429 || status >= 500;
  }
  const { code } = toGraphProviderError(statusOrError);
  return code === 'denied' || code === 'throttled' || code === 'unavailable';
}
