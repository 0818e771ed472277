import { NETWORK_ERROR_CODES, ProviderError, type ProviderErrorCode } from '../../provider-error';

/** How long to wait after throttling when AWS names no time: it seldom sends Retry-After. */
export const AWS_THROTTLED_RETRY_AFTER_MS = 1_000;

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

const DENIED_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthFailure',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'OptInRequired',
]);

const CONFLICT_CODES = new Set([
  'IncorrectInstanceState',
  'IncorrectState',
  'ConflictException',
  'ResourceInUseException',
  'ServiceNotActiveException',
  'ConcurrentModification',
]);

/** Node and SDK transport failures: the request may not have reached AWS at all. */
const TRANSPORT_CODES = new Set(['TimeoutError', 'RequestTimeout', ...NETWORK_ERROR_CODES]);

interface SdkErrorShape {
  name: string;
  message: string;
  code?: unknown;
  $fault?: unknown;
  $retryable?: { throttling?: boolean };
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined> };
}

/**
 * Turns whatever an AWS SDK call threw into a ProviderError: the neutral code, AWS's own code
 * as providerCode (the Node code of a transport failure), AWS's message, and a retry hint
 * after throttling. A ProviderError passes through unchanged.
 */
export function toAwsProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (!(error instanceof Error)) {
    return new ProviderError('invalid', String(error), {
      provider: 'aws',
      providerCode: 'Unknown',
      cause: error,
    });
  }
  const sdkError = error as SdkErrorShape;
  const nodeCode = typeof sdkError.code === 'string' ? sdkError.code : undefined;
  const providerCode = error.name === 'Error' && nodeCode ? nodeCode : error.name;
  const code = neutralCode(sdkError, providerCode, nodeCode);
  const retryAfterMs = code === 'throttled' ? retryAfter(sdkError) : undefined;
  return new ProviderError(code, error.message, {
    provider: 'aws',
    providerCode,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    cause: error,
  });
}

function neutralCode(
  error: SdkErrorShape,
  providerCode: string,
  nodeCode: string | undefined,
): ProviderErrorCode {
  const status = error.$metadata?.httpStatusCode ?? 0;
  if (THROTTLING_CODES.has(providerCode) || status === 429 || error.$retryable?.throttling) {
    return 'throttled';
  }
  if (TRANSPORT_CODES.has(providerCode) || (nodeCode && TRANSPORT_CODES.has(nodeCode))) {
    return 'unavailable';
  }
  if (DENIED_CODES.has(providerCode) || status === 401 || status === 403) return 'denied';
  if (isNotFound(providerCode) || status === 404) return 'not_found';
  if (CONFLICT_CODES.has(providerCode) || status === 409) return 'conflict';
  if (error.$retryable !== undefined || error.$fault === 'server' || status >= 500) {
    return 'unavailable';
  }
  return 'invalid';
}

function isNotFound(code: string): boolean {
  return (
    code.endsWith('.NotFound') ||
    code.endsWith('NotFoundException') ||
    code.startsWith('NoSuch') ||
    code === 'NotFound'
  );
}

/** Retry-After in seconds or as a date, else the default pause after throttling. */
function retryAfter(error: SdkErrorShape): number {
  const header = error.$response?.headers?.['retry-after'];
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const at = Date.parse(header);
    if (Number.isFinite(at)) return Math.max(0, at - Date.now());
  }
  return AWS_THROTTLED_RETRY_AFTER_MS;
}

/**
 * Errors that say the request named something that does not exist or was malformed:
 * the caller's mistake, not a sign that the account is unhealthy.
 */
export function isAwsCallerMistake(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
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
