import { HttpException } from '@nestjs/common';

export type OAuthErrorCode =
  'invalid_request' | 'invalid_grant' | 'invalid_client' | 'unsupported_grant_type';

/** An RFC 6749 §5.2 error response: 401 for a client that failed to authenticate, else 400. */
export class OAuthError extends HttpException {
  constructor(code: OAuthErrorCode, description: string) {
    super({ error: code, error_description: description }, code === 'invalid_client' ? 401 : 400);
  }
}
