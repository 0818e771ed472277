import { NETWORK_ERROR_CODES, ProviderError, type ProviderErrorCode } from '../../provider-error';

/** How long to wait after a 429 that named no time. */
export const AUTH0_THROTTLED_RETRY_AFTER_MS = 1_000;

/** What the auth0 SDK's errors carry (7.x `ManagementError` and its kin; 4.x `ManagementApiError`). */
interface Auth0ErrorShape {
  statusCode?: unknown;
  errorCode?: unknown;
  error?: unknown;
  body?: unknown;
  headers?: unknown;
  rawResponse?: { headers?: unknown } | undefined;
  response?: { status?: unknown; headers?: unknown } | undefined;
  message?: unknown;
  cause?: unknown;
  code?: unknown;
  name?: unknown;
}

/** The body of an Auth0 error: Management API `{statusCode, error, message, errorCode}`, OAuth `{error, error_description}`. */
interface Auth0ErrorBody {
  statusCode?: unknown;
  error?: unknown;
  message?: unknown;
  errorCode?: unknown;
  error_description?: unknown;
}

/**
 * Turns whatever an auth0 SDK call threw into a ProviderError: the neutral code, Auth0's own
 * code as providerCode (`inexistent_user`, `too_many_requests`, the token endpoint's
 * `access_denied`; the Node code of a transport failure), Auth0's message, and the wait
 * after throttling (Retry-After, else `x-ratelimit-reset`). A ProviderError passes through,
 * also one the SDK wrapped (an open circuit refusing a request inside the client).
 */
export function toAuth0ProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const carried = causes(error).find((cause) => cause instanceof ProviderError);
  if (carried) return carried;
  const shape = (error ?? {}) as Auth0ErrorShape;
  const status = statusOf(shape);
  if (status !== undefined) return fromStatus(error, shape, status);
  const transport = transportCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (transport) {
    return new ProviderError('unavailable', firstLine(message), {
      provider: 'auth0',
      providerCode: transport,
      cause: error,
    });
  }
  return new ProviderError('invalid', firstLine(message), {
    provider: 'auth0',
    providerCode: typeof shape.code === 'string' ? shape.code : 'Unknown',
    cause: error,
  });
}

/**
 * Whether a failure (an HTTP status, an SDK error or a ProviderError) says something of the
 * account's health: refused credentials or permissions (401, 403), throttling that outlasted
 * the retries (429), server errors and network failures. A 400, 404 or 409 is the caller's
 * mistake (a wrong id, an e-mail already taken) and does not.
 */
export function countsAgainstAuth0Account(error: unknown): boolean {
  if (typeof error === 'number') return countingStatus(error);
  const classified = toAuth0ProviderError(error);
  return (
    classified.code === 'denied' ||
    classified.code === 'throttled' ||
    classified.code === 'unavailable'
  );
}

function countingStatus(status: number): boolean {
  return status === 401 || status === 403 || status === 429 || status >= 500;
}

function fromStatus(error: unknown, shape: Auth0ErrorShape, status: number): ProviderError {
  const body = bodyOf(shape);
  const code = neutralCode(status);
  const providerCode = providerCodeOf(shape, body, status);
  const retryAfterMs = code === 'throttled' ? retryAfter(headersOf(shape)) : undefined;
  return new ProviderError(code, messageOf(error, shape, body, status), {
    provider: 'auth0',
    providerCode,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    cause: error,
  });
}

function neutralCode(status: number): ProviderErrorCode {
  if (status === 429) return 'throttled';
  if (status === 401 || status === 403) return 'denied';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status >= 500 || status === 408) return 'unavailable';
  return 'invalid';
}

function statusOf(shape: Auth0ErrorShape): number | undefined {
  if (typeof shape.statusCode === 'number') return shape.statusCode;
  if (typeof shape.response?.status === 'number') return shape.response.status;
  return undefined;
}

function bodyOf(shape: Auth0ErrorShape): Auth0ErrorBody {
  const body = shape.body;
  if (body && typeof body === 'object') return body;
  if (typeof body === 'string') {
    try {
      const parsed: unknown = JSON.parse(body);
      if (parsed && typeof parsed === 'object') return parsed;
    } catch {
      // Not JSON: a proxy's page or plain text.
    }
    return { message: body };
  }
  // 4.x ManagementApiError carries the fields on the error itself.
  return { error: shape.error, errorCode: shape.errorCode, message: shape.message };
}

/** Auth0's `errorCode`, else an OAuth error code (`access_denied`), else the HTTP status. */
function providerCodeOf(shape: Auth0ErrorShape, body: Auth0ErrorBody, status: number): string {
  if (typeof body.errorCode === 'string' && body.errorCode) return body.errorCode;
  if (typeof shape.errorCode === 'string' && shape.errorCode) return shape.errorCode;
  if (typeof body.error === 'string' && /^[a-z][a-z0-9_]*$/.test(body.error)) return body.error;
  return `Http${status}`;
}

/** Auth0's own words: the Management API's `message`, the token endpoint's `error_description`. */
function messageOf(
  error: unknown,
  shape: Auth0ErrorShape,
  body: Auth0ErrorBody,
  status: number,
): string {
  if (typeof body.message === 'string' && body.message) return firstLine(body.message);
  if (typeof body.error_description === 'string' && body.error_description)
    return body.error_description;
  if (typeof body.error === 'string' && body.error) return body.error;
  const own =
    error instanceof Error ? error.message : typeof shape.message === 'string' ? shape.message : '';
  return firstLine(own) || `Auth0 answered HTTP ${status}`;
}

function headersOf(shape: Auth0ErrorShape): (name: string) => string | null {
  const source = shape.rawResponse?.headers ?? shape.response?.headers ?? shape.headers;
  if (source && typeof (source as Headers).get === 'function') {
    const headers = source as Headers;
    return (name) => headers.get(name);
  }
  if (source && typeof source === 'object') {
    const record = Object.fromEntries(
      Object.entries(source as Record<string, unknown>).map(([key, value]) => [
        key.toLowerCase(),
        value,
      ]),
    );
    return (name) => {
      const value = record[name.toLowerCase()];
      return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
    };
  }
  return () => null;
}

/** Retry-After (seconds or a date), else x-ratelimit-reset (epoch seconds), else a second. */
export function auth0RetryAfterMs(
  header: (name: string) => string | null,
  now: number = Date.now(),
): number | undefined {
  const retryAfterHeader = header('retry-after');
  if (retryAfterHeader) {
    const seconds = Number(retryAfterHeader);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const at = Date.parse(retryAfterHeader);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  const reset = Number(header('x-ratelimit-reset') ?? NaN);
  if (Number.isFinite(reset) && reset > 0) return Math.max(0, Math.ceil(reset * 1000 - now));
  return undefined;
}

function retryAfter(header: (name: string) => string | null): number {
  return auth0RetryAfterMs(header) ?? AUTH0_THROTTLED_RETRY_AFTER_MS;
}

/** The Node or undici code of a request that failed in transport, searched along the causes. */
function transportCode(error: unknown): string | undefined {
  for (const cause of causes(error)) {
    const { code, name } = cause as Auth0ErrorShape;
    if (typeof code === 'string' && (NETWORK_ERROR_CODES.has(code) || code.startsWith('UND_ERR')))
      return code;
    if (name === 'AbortError' || name === 'TimeoutError' || name === 'ManagementTimeoutError')
      return 'Timeout';
  }
  // The SDK reports a fetch that threw (no status) as a ManagementError with the cause.
  const first = error as Auth0ErrorShape | null;
  if (first && first.name === 'ManagementError' && first.cause !== undefined) return 'FetchFailed';
  return undefined;
}

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current = error;
  while (current && typeof current === 'object' && chain.length < 6 && !chain.includes(current)) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

function firstLine(text: string): string {
  return (text.split(/\r?\n/)[0] ?? text).trim();
}
