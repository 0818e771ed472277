export type AccountUnavailableReason = 'unknown' | 'disconnected' | 'credentials_unreadable';

/** The account cannot be used: unknown, disconnected, or its credentials do not open. */
export class AccountUnavailableError extends Error {
  override readonly name = 'AccountUnavailableError';

  constructor(
    readonly reason: AccountUnavailableReason,
    message: string,
  ) {
    super(message);
  }
}
