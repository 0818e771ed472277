import { MINUTE, type RiskSignal, type SignIn } from './sign-in';

export const BURST = { failures: 10, withinMs: 10 * MINUTE };

/** The account's latest refused sign-ins, and the end of the burst already reported. */
export interface BurstState {
  recent: { loginId: string; at: number }[];
  reportedUntil: number | null;
}

/**
 * At least ten refused sign-ins of one account within ten minutes; a burst is reported once,
 * and failures within ten minutes of it belong to it.
 */
export function detectFailureBurst(
  state: BurstState | undefined,
  signIn: SignIn,
): { state: BurstState | undefined; signal?: RiskSignal } {
  if (!signIn.failed || !signIn.identityUrn) return { state };
  const current = state ?? { recent: [], reportedUntil: null };
  const recent = [...current.recent, { loginId: signIn.loginId, at: signIn.at }]
    .filter((failure) => signIn.at - failure.at <= BURST.withinMs)
    .slice(-BURST.failures);
  const ongoing =
    current.reportedUntil !== null && signIn.at - current.reportedUntil <= BURST.withinMs;
  if (ongoing) return { state: { recent, reportedUntil: signIn.at } };
  if (recent.length < BURST.failures)
    return { state: { recent, reportedUntil: current.reportedUntil } };
  return {
    state: { recent, reportedUntil: signIn.at },
    signal: {
      kind: 'failure_burst',
      identityUrn: signIn.identityUrn,
      loginIds: recent.map((failure) => failure.loginId),
      at: signIn.at,
      details: { failures: recent.length, minutes: BURST.withinMs / MINUTE, ip: signIn.ip },
    },
  };
}
