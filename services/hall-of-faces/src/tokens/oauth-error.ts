import { HttpException } from '@nestjs/common';

export type OAuthErrorCode = 'invalid_request' | 'invalid_grant' | 'unsupported_grant_type';

/** An RFC 6749 §5.2 error response. */
export class OAuthError extends HttpException {
  constructor(code: OAuthErrorCode, description: string) {
    super({ error: code, error_description: description }, 400);
  }
}
