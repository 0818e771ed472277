import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { AuthenticationError, AuthenticationRequiredError } from '@azure/identity';

import { ProviderError } from '../../provider-error';
import {
  AZURE_THROTTLED_RETRY_AFTER_MS,
  countsAgainstAzureAccount,
  toAzureProviderError,
} from './azure-error-classifier';

/** A RestError as the SDK throws it for a Resource Manager error response. */
function armError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
) {
  const request = createPipelineRequest({ url: 'https://management.azure.com/subscriptions/x' });
  const error = new RestError(`${code}: the SDK's own text`, {
    code,
    statusCode: status,
    request,
    response: { request, status, headers: createHttpHeaders(headers) },
  });
  error.details = { error: { code, message } };
  return error;
}

describe('classifying Azure SDK errors', () => {
  it.each([
    [429, 'TooManyRequests', 'throttled'],
    [401, 'InvalidAuthenticationToken', 'denied'],
    [403, 'AuthorizationFailed', 'denied'],
    [404, 'ResourceNotFound', 'not_found'],
    [404, 'SubscriptionNotFound', 'not_found'],
    [409, 'OperationNotAllowed', 'conflict'],
    [400, 'InvalidParameter', 'invalid'],
    [500, 'InternalServerError', 'unavailable'],
    [503, 'ServiceUnavailable', 'unavailable'],
  ])("HTTP %i %s is %s, with Azure's code and message", (status, code, neutral) => {
    const error = toAzureProviderError(armError(status, code, `Azure says ${code}`));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      code: neutral,
      provider: 'azure',
      providerCode: code,
      message: `Azure says ${code}`,
    });
  });

  it('keeps Retry-After of a 429, in seconds or as a date, else waits a second', () => {
    expect(
      toAzureProviderError(armError(429, 'TooManyRequests', 'slow', { 'retry-after': '7' }))
        .retryAfterMs,
    ).toBe(7_000);
    const at = new Date(Date.now() + 30_000).toUTCString();
    const dated = toAzureProviderError(
      armError(429, 'TooManyRequests', 'slow', { 'retry-after': at }),
    );
    expect(dated.retryAfterMs).toBeGreaterThan(25_000);
    expect(toAzureProviderError(armError(429, 'TooManyRequests', 'slow')).retryAfterMs).toBe(
      AZURE_THROTTLED_RETRY_AFTER_MS,
    );
  });

  it("names Entra ID's refusal of the service principal denied, by its AADSTS code", () => {
    const error = toAzureProviderError(
      new AuthenticationError(401, {
        error: 'invalid_client',
        error_description:
          'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.\r\nTrace ID: 1',
      }),
    );
    expect(error).toMatchObject({ code: 'denied', providerCode: 'AADSTS7000215' });
    expect(error.message).toMatch(/^Invalid client secret provided/);
    expect(error.message).not.toContain('Trace ID');
  });

  it('names a request that never reached Azure unavailable', () => {
    const unreachable = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
    });
    expect(toAzureProviderError(unreachable)).toMatchObject({
      code: 'unavailable',
      providerCode: 'ECONNREFUSED',
    });
    const unsent = new RestError('socket hang up', { code: RestError.REQUEST_SEND_ERROR });
    expect(toAzureProviderError(unsent)).toMatchObject({ code: 'unavailable', retryable: true });
  });

  it('passes a ProviderError through unchanged', () => {
    const original = new ProviderError('conflict', 'no', { provider: 'azure', providerCode: 'X' });
    expect(toAzureProviderError(original)).toBe(original);
  });

  it("counts refusals, throttling and outages against the account, never the caller's mistakes", () => {
    expect([401, 403, 429, 500, 503].map(countsAgainstAzureAccount)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect([200, 202, 400, 404, 409, 412].map(countsAgainstAzureAccount)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('reads the AADSTS code of a token request Entra ID refused inside a client call', () => {
    const error = toAzureProviderError(
      new AuthenticationRequiredError({
        scopes: ['https://management.azure.com/.default'],
        message:
          'ClientSecretCredential authentication failed. AADSTS7000215: Invalid client secret provided. Ensure the secret is the value.\nTrace ID: 2',
      }),
    );
    expect(error).toMatchObject({ code: 'denied', providerCode: 'AADSTS7000215' });
    expect(error.message).toBe('Invalid client secret provided. Ensure the secret is the value.');
  });

  it("keeps Entra's description whole but leaves out its trace and correlation ids", () => {
    const error = new AuthenticationRequiredError({
      scopes: ['https://management.azure.com/.default'],
      message:
        "invalid_client: Error(s): 7000215 - Timestamp: 2026-11-30T10:38:23.340Z - Description: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '0a1b2c3d'. Trace ID: 3b2d8a2e Correlation ID: ff9b47c3 Timestamp: 2026-11-30T10:38:23.340Z - Correlation ID: b82dd5df - Trace ID: c0fcb51e",
    });
    expect(toAzureProviderError(error).message).toBe(
      "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '0a1b2c3d'.",
    );
  });
});
