import { Management, ManagementError, ManagementTimeoutError } from 'auth0';

import { ProviderError } from '../../provider-error';
import {
  AUTH0_THROTTLED_RETRY_AFTER_MS,
  countsAgainstAuth0Account,
  toAuth0ProviderError,
} from './auth0-error-classifier';

/** The raw response the SDK keeps on its errors: status and headers. */
function rawResponse(status: number, headers: Record<string, string> = {}) {
  return {
    headers: new Headers(headers),
    redirected: false,
    status,
    statusText: '',
    type: 'basic' as const,
    url: 'https://acme.eu.auth0.com/api/v2/users',
  };
}

/** A Management API error as the 7.x SDK throws it for an error answer. */
function apiError(
  status: number,
  errorCode: string | undefined,
  message: string,
  headers: Record<string, string> = {},
) {
  return new ManagementError({
    statusCode: status,
    body: {
      statusCode: status,
      error: 'Some Phrase',
      message,
      ...(errorCode ? { errorCode } : {}),
    },
    rawResponse: rawResponse(status, headers),
  });
}

describe('classifying auth0 SDK errors', () => {
  it.each([
    [429, 'too_many_requests', 'throttled'],
    [401, 'invalid_token', 'denied'],
    [403, 'insufficient_scope', 'denied'],
    [404, 'inexistent_user', 'not_found'],
    [409, 'auth0_idp_error', 'conflict'],
    [400, 'invalid_query_string', 'invalid'],
    [422, 'invalid_body', 'invalid'],
    [500, 'internal_error', 'unavailable'],
    [503, 'temporarily_unavailable', 'unavailable'],
  ])("HTTP %i %s is %s, with Auth0's code and message", (status, code, neutral) => {
    const error = toAuth0ProviderError(apiError(status, code, `Auth0 says ${code}`));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      code: neutral,
      provider: 'auth0',
      providerCode: code,
      message: `Auth0 says ${code}`,
    });
  });

  it("reads the SDK's typed errors alike", () => {
    const notFound = new Management.NotFoundError(
      {
        statusCode: 404,
        error: 'Not Found',
        message: 'The user does not exist.',
        errorCode: 'inexistent_user',
      },
      rawResponse(404),
    );
    expect(toAuth0ProviderError(notFound)).toMatchObject({
      code: 'not_found',
      providerCode: 'inexistent_user',
      message: 'The user does not exist.',
    });
    const conflict = new Management.ConflictError(
      {
        statusCode: 409,
        error: 'Conflict',
        message: 'The user already exists.',
        errorCode: 'auth0_idp_error',
      },
      rawResponse(409),
    );
    expect(toAuth0ProviderError(conflict)).toMatchObject({
      code: 'conflict',
      providerCode: 'auth0_idp_error',
    });
  });

  it('names an answer without errorCode by its status', () => {
    const error = new ManagementError({
      statusCode: 401,
      body: { statusCode: 401, error: 'Unauthorized', message: 'Invalid token' },
      rawResponse: rawResponse(401),
    });
    expect(toAuth0ProviderError(error)).toMatchObject({
      code: 'denied',
      providerCode: 'Http401',
      message: 'Invalid token',
    });
  });

  it("names the token endpoint's refusal of the client denied, by its OAuth code", () => {
    const error = new ManagementError({
      message: 'ManagementClient: token request failed',
      statusCode: 401,
      body: { error: 'access_denied', error_description: 'Unauthorized' },
    });
    expect(toAuth0ProviderError(error)).toMatchObject({
      code: 'denied',
      providerCode: 'access_denied',
      message: 'Unauthorized',
      retryable: false,
    });
  });

  it('waits as Retry-After says, else until x-ratelimit-reset, else a second', () => {
    const reset = Math.ceil(Date.now() / 1000) + 5;
    const untilReset = toAuth0ProviderError(
      apiError(429, 'too_many_requests', 'Global limit has been reached', {
        'x-ratelimit-reset': String(reset),
        'x-ratelimit-remaining': '0',
      }),
    );
    expect(untilReset.code).toBe('throttled');
    expect(untilReset.retryAfterMs).toBeGreaterThan(3_900);
    expect(untilReset.retryAfterMs).toBeLessThanOrEqual(6_000);
    const retryAfter = toAuth0ProviderError(
      apiError(429, 'too_many_requests', 'slow', {
        'retry-after': '7',
        'x-ratelimit-reset': String(reset),
      }),
    );
    expect(retryAfter.retryAfterMs).toBe(7_000);
    expect(toAuth0ProviderError(apiError(429, 'too_many_requests', 'slow')).retryAfterMs).toBe(
      AUTH0_THROTTLED_RETRY_AFTER_MS,
    );
    expect(toAuth0ProviderError(apiError(404, 'inexistent_user', 'no')).retryAfterMs).toBe(
      undefined,
    );
  });

  it('reads 4.x-style errors: statusCode, errorCode and headers on the error', () => {
    const legacy = Object.assign(new Error('Global limit has been reached'), {
      name: 'ManagementApiError',
      statusCode: 429,
      errorCode: 'too_many_requests',
      error: 'Too Many Requests',
      headers: { 'Retry-After': '3' },
    });
    expect(toAuth0ProviderError(legacy)).toMatchObject({
      code: 'throttled',
      providerCode: 'too_many_requests',
      message: 'Global limit has been reached',
      retryAfterMs: 3_000,
    });
  });

  it('names a request that never reached Auth0 unavailable', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
    });
    const fetchFailed = new ManagementError({
      message: 'fetch failed',
      cause: new TypeError('fetch failed', { cause: refused }),
    });
    expect(toAuth0ProviderError(fetchFailed)).toMatchObject({
      code: 'unavailable',
      providerCode: 'ECONNREFUSED',
      retryable: true,
    });
    expect(toAuth0ProviderError(refused)).toMatchObject({
      code: 'unavailable',
      providerCode: 'ECONNREFUSED',
    });
    expect(
      toAuth0ProviderError(new ManagementTimeoutError('Timeout exceeded when calling GET /users.')),
    ).toMatchObject({ code: 'unavailable', providerCode: 'Timeout' });
  });

  it('passes a ProviderError through unchanged, also one the SDK wrapped', () => {
    const original = new ProviderError('unavailable', 'open', {
      provider: 'auth0',
      providerCode: 'CircuitOpen',
    });
    expect(toAuth0ProviderError(original)).toBe(original);
    const wrapped = new ManagementError({ message: original.message, cause: original });
    expect(toAuth0ProviderError(wrapped)).toBe(original);
  });

  it('names anything else invalid', () => {
    expect(toAuth0ProviderError(new Error('bad'))).toMatchObject({
      code: 'invalid',
      providerCode: 'Unknown',
    });
  });

  it("counts refusals, throttling, outages and network failures against the account, never the caller's mistakes", () => {
    expect([401, 403, 429, 500, 503].map(countsAgainstAuth0Account)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect([200, 204, 400, 404, 409].map(countsAgainstAuth0Account)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(countsAgainstAuth0Account(apiError(403, 'insufficient_scope', 'no'))).toBe(true);
    expect(countsAgainstAuth0Account(apiError(404, 'inexistent_user', 'no'))).toBe(false);
    expect(countsAgainstAuth0Account(apiError(409, 'auth0_idp_error', 'no'))).toBe(false);
    expect(
      countsAgainstAuth0Account(Object.assign(new Error('reset'), { code: 'ECONNRESET' })),
    ).toBe(true);
  });
});
