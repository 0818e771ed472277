/** Codes Codex itself raises; every other code is the one AWS answered with. */
export const CIRCUIT_OPEN = 'CircuitOpen';
export const VERIFICATION_FAILED = 'VerificationFailed';

/** A failed call to a cloud provider, carrying the provider's own error code and message. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';

  constructor(
    readonly code: string,
    message: string,
    /** Whether the same call may succeed later (throttling, outage, open circuit). */
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const THROTTLING_CODES = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'EC2ThrottledException',
  'SlowDown',
]);

/** Node and SDK transport failures: the request may not have reached AWS at all. */
const TRANSPORT_CODES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

interface SdkErrorShape {
  name: string;
  message: string;
  code?: unknown;
  $fault?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/** Turns whatever an SDK call threw into a ProviderError, keeping AWS's code and message. */
export function toProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) {
    return error;
  }
  if (!(error instanceof Error)) {
    return new ProviderError('Unknown', String(error), false, { cause: error });
  }
  const sdkError = error as SdkErrorShape;
  const nodeCode = typeof sdkError.code === 'string' ? sdkError.code : undefined;
  const code = error.name === 'Error' && nodeCode ? nodeCode : error.name;
  const retryable =
    isRetryable(sdkError, code) || (nodeCode !== undefined && TRANSPORT_CODES.has(nodeCode));
  return new ProviderError(code, error.message, retryable, { cause: error });
}

function isRetryable(error: SdkErrorShape, code: string): boolean {
  const status = error.$metadata?.httpStatusCode ?? 0;
  return (
    THROTTLING_CODES.has(code) ||
    TRANSPORT_CODES.has(code) ||
    error.$retryable !== undefined ||
    error.$fault === 'server' ||
    status === 429 ||
    status >= 500
  );
}

/**
 * Errors that say the request named something that does not exist or was malformed:
 * the caller's mistake, not a sign that the account is unhealthy.
 */
export function isCallerMistake(error: unknown): boolean {
  if (!(error instanceof Error)) {
    return false;
  }
  const code = error.name;
  return (
    code.endsWith('.NotFound') ||
    code.endsWith('NotFoundException') ||
    code.endsWith('.Malformed') ||
    code === 'InvalidParameterValue' ||
    code === 'InvalidParameterException' ||
    code === 'ValidationException' ||
    code === 'ValidationError'
  );
}
