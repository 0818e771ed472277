import { ProviderError } from '../../provider-error';
import {
  AWS_THROTTLED_RETRY_AFTER_MS,
  isAwsCallerMistake,
  toAwsProviderError,
} from './aws-error-classifier';

function awsError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, ...extra });
}

describe('classifying AWS SDK errors', () => {
  it("names a refusal denied and keeps AWS's code and message", () => {
    const error = toAwsProviderError(
      awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', {
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
      }),
    );

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      code: 'denied',
      provider: 'aws',
      providerCode: 'UnauthorizedOperation',
      message: 'You are not authorized to perform this operation.',
      retryable: false,
    });
  });

  it.each([
    ['RequestLimitExceeded', { $metadata: { httpStatusCode: 503 } }, 'throttled'],
    ['ThrottlingException', { $metadata: { httpStatusCode: 400 } }, 'throttled'],
    ['SomethingNew', { $metadata: { httpStatusCode: 429 } }, 'throttled'],
    ['InternalError', { $fault: 'server' }, 'unavailable'],
    ['ServiceUnavailable', { $metadata: { httpStatusCode: 503 } }, 'unavailable'],
    ['TimeoutError', {}, 'unavailable'],
    ['AccessDenied', { $metadata: { httpStatusCode: 403 } }, 'denied'],
    ['InvalidInstanceID.NotFound', { $metadata: { httpStatusCode: 400 } }, 'not_found'],
    ['ServiceNotFoundException', {}, 'not_found'],
    ['NoSuchBucket', {}, 'not_found'],
    ['IncorrectInstanceState', { $metadata: { httpStatusCode: 400 } }, 'conflict'],
    ['InvalidParameterValue', { $metadata: { httpStatusCode: 400 } }, 'invalid'],
  ])('names %s %j %s', (name, extra, code) => {
    expect(toAwsProviderError(awsError(name, 'failed', extra))).toMatchObject({
      code,
      providerCode: name,
    });
  });

  it('calls throttling and outages retryable, and nothing else', () => {
    const retryable = (name: string, extra: Record<string, unknown> = {}) =>
      toAwsProviderError(awsError(name, 'failed', extra)).retryable;

    expect(retryable('RequestLimitExceeded')).toBe(true);
    expect(retryable('InternalError', { $fault: 'server' })).toBe(true);
    expect(retryable('UnauthorizedOperation')).toBe(false);
    expect(retryable('IncorrectInstanceState')).toBe(false);
  });

  it('hints how long to wait after throttling: Retry-After when AWS sends it, else a default', () => {
    const told = awsError('SlowDown', 'slow down', {
      $metadata: { httpStatusCode: 503 },
      $response: { headers: { 'retry-after': '7' } },
    });

    expect(toAwsProviderError(told).retryAfterMs).toBe(7_000);
    expect(toAwsProviderError(awsError('Throttling', 'rate exceeded')).retryAfterMs).toBe(
      AWS_THROTTLED_RETRY_AFTER_MS,
    );
    expect(toAwsProviderError(awsError('InternalError', 'oops')).retryAfterMs).toBeUndefined();
  });

  it('uses the Node error code of a transport failure', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

    expect(toAwsProviderError(refused)).toMatchObject({
      code: 'unavailable',
      providerCode: 'ECONNREFUSED',
      retryable: true,
    });
  });

  it('names a timed-out request TimeoutError', () => {
    const timeout = awsError('TimeoutError', 'Request timed out', { code: 'ETIMEDOUT' });

    expect(toAwsProviderError(timeout)).toMatchObject({
      code: 'unavailable',
      providerCode: 'TimeoutError',
    });
  });

  it('passes a ProviderError through unchanged', () => {
    const original = new ProviderError('unavailable', 'open', {
      provider: 'aws',
      providerCode: 'CircuitOpen',
    });

    expect(toAwsProviderError(original)).toBe(original);
  });

  it('names a thrown non-error invalid, keeping its text', () => {
    expect(toAwsProviderError('boom')).toMatchObject({ code: 'invalid', message: 'boom' });
  });
});

describe('AWS errors that are the caller’s mistake', () => {
  it.each(['InvalidInstanceID.NotFound', 'ServiceNotFoundException', 'InvalidParameterValue'])(
    'treats %s as a mistake in the request',
    (name) => {
      expect(isAwsCallerMistake(awsError(name, 'no such thing'))).toBe(true);
    },
  );

  it.each(['UnauthorizedOperation', 'RequestLimitExceeded', 'InternalError'])(
    'treats %s as trouble with the account or the provider',
    (name) => {
      expect(isAwsCallerMistake(awsError(name, 'failed'))).toBe(false);
    },
  );
});
