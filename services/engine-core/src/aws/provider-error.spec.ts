import { isCallerMistake, ProviderError, toProviderError } from './provider-error';

function awsError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, ...extra });
}

describe('toProviderError', () => {
  it("keeps AWS's error code and message", () => {
    const error = toProviderError(
      awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', {
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
      }),
    );

    expect(error).toBeInstanceOf(ProviderError);
    expect(error.code).toBe('UnauthorizedOperation');
    expect(error.message).toBe('You are not authorized to perform this operation.');
    expect(error.retryable).toBe(false);
  });

  it.each([
    ['RequestLimitExceeded', { $metadata: { httpStatusCode: 503 } }],
    ['ThrottlingException', { $metadata: { httpStatusCode: 400 } }],
    ['InternalError', { $fault: 'server' }],
    ['TimeoutError', {}],
  ])('calls %s retryable', (name, extra) => {
    expect(toProviderError(awsError(name, 'try later', extra)).retryable).toBe(true);
  });

  it('uses the Node error code of a transport failure', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

    expect(toProviderError(refused)).toMatchObject({ code: 'ECONNREFUSED', retryable: true });
  });

  it('names a timed-out request TimeoutError', () => {
    const timeout = awsError('TimeoutError', 'Request timed out', { code: 'ETIMEDOUT' });

    expect(toProviderError(timeout)).toMatchObject({ code: 'TimeoutError', retryable: true });
  });

  it('passes a ProviderError through unchanged', () => {
    const original = new ProviderError('CircuitOpen', 'open', true);

    expect(toProviderError(original)).toBe(original);
  });
});

describe('isCallerMistake', () => {
  it.each(['InvalidInstanceID.NotFound', 'ServiceNotFoundException', 'InvalidParameterValue'])(
    'treats %s as a mistake in the request',
    (name) => {
      expect(isCallerMistake(awsError(name, 'no such thing'))).toBe(true);
    },
  );

  it.each(['UnauthorizedOperation', 'RequestLimitExceeded', 'InternalError'])(
    'treats %s as trouble with the account or the provider',
    (name) => {
      expect(isCallerMistake(awsError(name, 'failed'))).toBe(false);
    },
  );
});
