import { ProblemException } from '@codex/platform';

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_grant'
  | 'invalid_client'
  | 'unsupported_grant_type'
  | 'too_many_attempts';

/**
 * An RFC 6749 §5.2 error response: 401 for a client that failed to
 * authenticate, 429 for a sign-in refused by the throttle, else 400. A problem
 * document like every other error, that also carries the `error` and
 * `error_description` members OAuth clients read.
 */
export class OAuthError extends ProblemException {
  constructor(
    readonly oauthCode: OAuthErrorCode,
    description: string,
    /** Sent as Retry-After; given for too_many_attempts. */
    readonly retryAfterSeconds?: number,
  ) {
    super(statusOf(oauthCode), oauthCode, description, {
      error: oauthCode,
      error_description: description,
    });
  }
}

/** too_many_attempts is not in RFC 6749; like Auth0's, it comes with 429 and Retry-After. */
function statusOf(code: OAuthErrorCode): number {
  switch (code) {
    case 'invalid_client':
      return 401;
    case 'too_many_attempts':
      return 429;
    case 'invalid_request':
    case 'invalid_grant':
    case 'unsupported_grant_type':
      return 400;
  }
}
