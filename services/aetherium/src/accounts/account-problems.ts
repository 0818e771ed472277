import { ProblemException } from '@codex/platform';

/** What can go wrong with an account, each with one HTTP status. */
export type AccountProblemCode = 'account_verification_failed' | 'account_exists';

function statusOf(code: AccountProblemCode): number {
  switch (code) {
    case 'account_verification_failed':
      return 422;
    case 'account_exists':
      return 409;
  }
}

export class AccountProblem extends ProblemException {
  constructor(code: AccountProblemCode, detail: string, extensions: Record<string, unknown> = {}) {
    super(statusOf(code), code, detail, extensions);
  }
}
