import { GraphError } from '@microsoft/microsoft-graph-client';

import { ProviderError } from '../../provider-error';
import {
  countsAgainstEntraAccount,
  GRAPH_THROTTLED_RETRY_AFTER_MS,
  toGraphProviderError,
} from './graph-error-classifier';

function graphError(
  status: number,
  code: string | null,
  message: string,
  headers?: Record<string, string>,
): GraphError {
  const error = new GraphError(status, message);
  error.code = code;
  if (headers) error.headers = new Headers(headers);
  return error;
}

describe('toGraphProviderError', () => {
  it('names throttling with the Retry-After, in seconds or as a date, else a default', () => {
    expect(
      toGraphProviderError(graphError(429, 'TooManyRequests', 'Slow down', { 'Retry-After': '7' })),
    ).toMatchObject({ code: 'throttled', providerCode: 'TooManyRequests', retryAfterMs: 7_000 });
    const at = new Date(Date.now() + 60_000).toUTCString();
    const dated = toGraphProviderError(
      graphError(429, 'TooManyRequests', 'Slow down', { 'Retry-After': at }),
    );
    expect(dated.retryAfterMs).toBeGreaterThan(50_000);
    expect(toGraphProviderError(graphError(429, null, 'Slow down'))).toMatchObject({
      code: 'throttled',
      providerCode: 'Http429',
      retryAfterMs: GRAPH_THROTTLED_RETRY_AFTER_MS,
    });
  });

  it.each([
    [401, 'InvalidAuthenticationToken', 'Access token is empty.', 'denied'],
    [403, 'Authorization_RequestDenied', 'Insufficient privileges.', 'denied'],
    [404, 'Request_ResourceNotFound', "Resource 'x' does not exist.", 'not_found'],
    [
      400,
      'Request_BadRequest',
      "One or more added object references already exist for the following modified properties: 'members'.",
      'conflict',
    ],
    [
      400,
      'Request_BadRequest',
      'Another object with the same value for property userPrincipalName already exists.',
      'conflict',
    ],
    [400, 'Request_BadRequest', "Invalid filter clause: 'x'.", 'invalid'],
    [409, 'Conflict', 'Conflict.', 'conflict'],
    [410, 'SyncStateNotFound', 'The delta token is gone.', 'invalid'],
    [500, 'InternalServerError', 'Oops.', 'unavailable'],
    [503, 'ServiceUnavailable', 'Later.', 'unavailable'],
  ])('HTTP %i %s → %s', (status, providerCode, message, code) => {
    const error = toGraphProviderError(graphError(status, providerCode, message));
    expect(error).toMatchObject({ code, providerCode, message, provider: 'entra' });
    expect(error.retryAfterMs).toBeUndefined();
  });

  it('keeps the AADSTS code of a refused credential, as the graph client wraps it', () => {
    const text =
      'ClientSecretCredential authentication failed: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value. Trace ID: 1 Correlation ID: 2';
    const raw = Object.assign(new Error(text), { name: 'AuthenticationError' });
    expect(toGraphProviderError(raw)).toMatchObject({
      code: 'denied',
      providerCode: 'AADSTS7000215',
      message:
        'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.',
    });
    // GraphErrorHandler.constructError: statusCode -1, code = the error's name, its message.
    const wrapped = graphError(-1, 'AuthenticationError', text);
    expect(toGraphProviderError(wrapped)).toMatchObject({
      code: 'denied',
      providerCode: 'AADSTS7000215',
    });
  });

  it('names network failures unavailable with the socket code', () => {
    const fetchFailed = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    expect(toGraphProviderError(fetchFailed)).toMatchObject({
      code: 'unavailable',
      providerCode: 'ECONNREFUSED',
    });
    expect(toGraphProviderError(graphError(-1, 'TypeError', 'fetch failed'))).toMatchObject({
      code: 'unavailable',
    });
  });

  it('passes a ProviderError through, also one the pool handed through the client', () => {
    const own = new ProviderError('unavailable', 'open', {
      provider: 'entra',
      providerCode: 'CircuitOpen',
      retryAfterMs: 30_000,
    });
    expect(toGraphProviderError(own)).toBe(own);
    expect(toGraphProviderError(Object.assign(new Error('x'), { providerError: own }))).toBe(own);
  });

  it('names anything else invalid', () => {
    expect(toGraphProviderError(new Error('odd'))).toMatchObject({
      code: 'invalid',
      providerCode: 'Error',
    });
  });
});

describe('countsAgainstEntraAccount', () => {
  it.each([
    [401, true],
    [403, true],
    [429, true],
    [500, true],
    [503, true],
    [400, false],
    [404, false],
    [409, false],
    [410, false],
    [412, false],
  ])('HTTP %i → %s', (status, counts) => {
    expect(countsAgainstEntraAccount(status)).toBe(counts);
  });

  it('classifies failures', () => {
    expect(countsAgainstEntraAccount(graphError(404, 'Request_ResourceNotFound', 'x'))).toBe(false);
    expect(countsAgainstEntraAccount(graphError(401, 'InvalidAuthenticationToken', 'x'))).toBe(
      true,
    );
  });
});
