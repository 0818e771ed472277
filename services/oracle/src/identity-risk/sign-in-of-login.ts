import { timestampMs } from '@bufbuild/protobuf/wkt';
import { type LoginObserved, LoginOutcome } from '@codex/contracts';

import type { SignIn } from './detectors/sign-in';

/**
 * Entra codes that interrupt a sign-in to ask for more (a second factor, "stay signed in"):
 * the next attempt usually succeeds, so they are not refusals.
 */
const INTERRUPTS = new Set(['50072', '50074', '50076', '50079', '50125', '50140']);

/** A `login.observed` as the detectors read it. */
export function signInOfLogin(login: LoginObserved): SignIn {
  const failed =
    login.outcome === LoginOutcome.FAILED &&
    !INTERRUPTS.has(login.failureReason.split(':')[0] ?? '');
  return {
    loginId: login.loginId,
    source: sourceOf(login.loginId),
    identityUrn: login.identityUrn,
    succeeded: login.outcome === LoginOutcome.SUCCEEDED,
    failed,
    ip: login.ipAddress,
    country: login.country,
    userAgent: login.userAgent,
    at: login.occurredAt ? Number(timestampMs(login.occurredAt)) : 0,
    privileged: login.privileged,
  };
}

/** `auth0:<tenant>` of the login id `auth0:<tenant>:<log id>`. */
function sourceOf(loginId: string): string {
  const parts = loginId.split(':');
  return parts.length >= 3 ? `${parts[0]}:${parts[1]}` : loginId;
}
