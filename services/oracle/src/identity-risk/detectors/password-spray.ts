import { HOUR, type RiskSignal, type SignIn } from './sign-in';

export const SPRAY = { accounts: 20, withinMs: HOUR, maxKept: 1000 };

interface Failure {
  loginId: string;
  at: number;
  /** Empty for an unknown user name: it counts in the evidence, not as an account. */
  identityUrn: string;
}

/** One address's refused sign-ins of the last two hours, and the end of the spray reported. */
export interface SprayState {
  failures: Failure[];
  reportedUntil: number | null;
}

/**
 * One IP address failing sign-ins against at least 20 different accounts within one hour.
 * Partitions deliver different accounts' sign-ins in any order, so the address keeps its
 * failures sorted by time and looks at every hour-long window around the new one. A spray is
 * reported once; failures within an hour of it belong to it.
 */
export function detectPasswordSpray(
  state: SprayState | undefined,
  signIn: SignIn,
): { state: SprayState | undefined; signal?: RiskSignal } {
  if (!signIn.failed || !signIn.ip) return { state };
  const current = state ?? { failures: [], reportedUntil: null };
  if (current.failures.some((failure) => failure.loginId === signIn.loginId)) return { state };
  const newest = Math.max(signIn.at, ...current.failures.map((failure) => failure.at));
  const failures = [
    ...current.failures,
    { loginId: signIn.loginId, at: signIn.at, identityUrn: signIn.identityUrn },
  ]
    .filter((failure) => newest - failure.at <= 2 * SPRAY.withinMs)
    .sort((a, b) => a.at - b.at)
    .slice(-SPRAY.maxKept);
  if (
    current.reportedUntil !== null &&
    Math.abs(signIn.at - current.reportedUntil) <= SPRAY.withinMs
  ) {
    return { state: { failures, reportedUntil: Math.max(current.reportedUntil, signIn.at) } };
  }
  const window = sprayWindowAround(failures, signIn.at);
  if (!window) return { state: { failures, reportedUntil: current.reportedUntil } };
  const reportedUntil = window[window.length - 1]?.at ?? signIn.at;
  const accounts = [...new Set(window.map((f) => f.identityUrn).filter(Boolean))];
  return {
    state: { failures, reportedUntil },
    signal: {
      kind: 'password_spray',
      identityUrn: '',
      loginIds: window.map((failure) => failure.loginId),
      at: reportedUntil,
      details: {
        ip: signIn.ip,
        source: signIn.source,
        accounts: accounts.length,
        identityUrns: accounts,
        unknownUserNames: window.filter((failure) => !failure.identityUrn).length,
        from: new Date(window[0]?.at ?? signIn.at).toISOString(),
      },
    },
  };
}

/** The first hour-long window holding `at` with failures against enough accounts, if any. */
function sprayWindowAround(failures: Failure[], at: number): Failure[] | undefined {
  for (const start of failures) {
    if (start.at > at) break;
    if (at - start.at > SPRAY.withinMs) continue;
    const window = failures.filter((f) => f.at >= start.at && f.at - start.at <= SPRAY.withinMs);
    if (new Set(window.map((f) => f.identityUrn).filter(Boolean)).size >= SPRAY.accounts)
      return window;
  }
  return undefined;
}
