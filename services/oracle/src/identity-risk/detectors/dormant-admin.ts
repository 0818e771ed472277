import { DAY, type RiskSignal, type SignIn } from './sign-in';

export const DORMANT = { quietMs: 25 * DAY };

/** The account's last successful sign-in. */
export interface DormantState {
  lastSuccessAt: number;
}

/**
 * A privileged account with no successful sign-in for at least 25 days signs in successfully.
 * Without a success on record, the quiet time counts from `observedSince`, when the oracle
 * began seeing this directory's sign-ins (the providers keep no older log).
 */
export function detectDormantAdmin(
  state: DormantState | undefined,
  signIn: SignIn,
  observedSince: number,
): { state: DormantState | undefined; signal?: RiskSignal } {
  if (!signIn.succeeded) return { state };
  const next = { lastSuccessAt: Math.max(signIn.at, state?.lastSuccessAt ?? -Infinity) };
  const previous = state?.lastSuccessAt ?? observedSince;
  if (!signIn.privileged || signIn.at - previous < DORMANT.quietMs) return { state: next };
  return {
    state: next,
    signal: {
      kind: 'dormant_admin_reactivation',
      identityUrn: signIn.identityUrn,
      loginIds: [signIn.loginId],
      at: signIn.at,
      details: {
        from: new Date(previous).toISOString(),
        quietDays: Math.floor((signIn.at - previous) / DAY),
        previousSignInKnown: state !== undefined,
        ip: signIn.ip,
      },
    },
  };
}
