import { DAY, type RiskKind } from './sign-in';

/** What one signal adds to its account's risk when fresh, out of 100. */
export const RISK_WEIGHTS: Record<RiskKind, number> = {
  impossible_travel: 60,
  dormant_admin_reactivation: 50,
  failure_burst: 35,
  new_country: 30,
  new_device: 10,
  // About an address, not one account: the accounts tried carry no risk of their own from it.
  password_spray: 0,
};

/** A signal's weight halves every week. */
export const RISK_HALF_LIFE_MS = 7 * DAY;

/** An account's risk points at an instant; read at another instant with `riskAt`. */
export interface IdentityRisk {
  points: number;
  at: number;
}

/** The risk decayed (or not yet grown) to `at`, as a whole number 0–100. */
export function riskAt(risk: IdentityRisk | undefined, at: number): number {
  if (!risk) return 0;
  const decayed = risk.points * 0.5 ** (Math.max(0, at - risk.at) / RISK_HALF_LIFE_MS);
  return Math.min(100, Math.round(decayed));
}

/** The risk after a signal of `kind` at `at`: what was there, decayed to `at`, plus its weight. */
export function addSignal(
  risk: IdentityRisk | undefined,
  kind: RiskKind,
  at: number,
): IdentityRisk {
  const base = risk ? risk.points * 0.5 ** (Math.max(0, at - risk.at) / RISK_HALF_LIFE_MS) : 0;
  return { points: Math.min(100, base + RISK_WEIGHTS[kind]), at: Math.max(at, risk?.at ?? at) };
}
