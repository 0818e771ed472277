import { ProblemException } from '@codex/platform';

export type OAuthErrorCode =
  'invalid_request' | 'invalid_grant' | 'invalid_client' | 'unsupported_grant_type';

/**
 * An RFC 6749 §5.2 error response: 401 for a client that failed to
 * authenticate, else 400. A problem document like every other error, that also
 * carries the `error` and `error_description` members OAuth clients read.
 */
export class OAuthError extends ProblemException {
  constructor(
    readonly oauthCode: OAuthErrorCode,
    description: string,
  ) {
    super(oauthCode === 'invalid_client' ? 401 : 400, oauthCode, description, {
      error: oauthCode,
      error_description: description,
    });
  }
}
