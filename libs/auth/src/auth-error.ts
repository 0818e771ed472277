export type AuthErrorCode =
  | 'missing_token'
  | 'malformed_token'
  | 'expired'
  | 'invalid_signature'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'unknown_key'
  | 'missing_tenant'
  | 'no_known_role'
  | 'revoked'
  | 'keys_unavailable';

/**
 * Why a credential was refused; answered with 401 and never with details that
 * help an attacker — except `keys_unavailable`, which is the issuer's fault (503).
 */
export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}
