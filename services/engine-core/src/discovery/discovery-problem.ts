import { ProblemException } from '@codex/platform';

export type DiscoveryProblemCode = 'account_not_found' | 'run_not_found' | 'run_in_progress';

function statusOf(code: DiscoveryProblemCode): number {
  switch (code) {
    case 'account_not_found':
    case 'run_not_found':
      return 404;
    case 'run_in_progress':
      return 409;
  }
}

/** What a caller of the discovery API got wrong, as an RFC 9457 problem. */
export class DiscoveryProblem extends ProblemException {
  constructor(code: DiscoveryProblemCode, detail: string) {
    super(statusOf(code), code, detail);
  }
}
