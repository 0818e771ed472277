import type { Finding, FindingKind, FindingSeverity } from './finding-rules';
import type { SIGN_IN_RISK, SignInRiskFinding } from './sign-in-risk';

/**
 * Points a finding adds to its person's risk score: the severity's points times the
 * kind's weight, rounded. A person's score is the sum over their findings, capped at 100.
 *
 * | severity | points |   | kind                     | weight |
 * | -------- | ------ | - | ------------------------ | ------ |
 * | low      | 5      |   | leaver_drift             | 1.5    |
 * | medium   | 15     |   | admin_without_mfa        | 1.25   |
 * | high     | 30     |   | dormant_privileged       | 1      |
 * | critical | 50     |   | sign_in_risk             | 1      |
 * |          |        |   | stale_account            | 0.75   |
 * |          |        |   | unlinked_account         | 0.5    |
 * |          |        |   | unused_privileged_role   | 0      |
 *
 * So one critical leaver drift (75) plus one critical admin without MFA (63) is 100, and
 * a lone low stale account is 4. Findings without a person (unlinked accounts, roles) do
 * not count; `unused_privileged_role` is about a role, not its holders, so weighs nothing.
 * `sign_in_risk` is the oracle's risk from the account's sign-ins, its severity from that risk.
 */
export const SEVERITY_POINTS: Readonly<Record<FindingSeverity, number>> = Object.freeze({
  low: 5,
  medium: 15,
  high: 30,
  critical: 50,
});

export const KIND_WEIGHT: Readonly<Record<FindingKind | typeof SIGN_IN_RISK, number>> =
  Object.freeze({
    leaver_drift: 1.5,
    admin_without_mfa: 1.25,
    dormant_privileged: 1,
    sign_in_risk: 1,
    stale_account: 0.75,
    unlinked_account: 0.5,
    unused_privileged_role: 0,
  });

export const MAX_RISK_SCORE = 100;

export interface PersonRisk {
  /** 0–100. */
  score: number;
  /** How many of the person's findings counted (every finding naming the person). */
  findings: number;
}

/** The points one finding adds to its person's score. */
export function findingPoints(
  finding: Pick<Finding | SignInRiskFinding, 'kind' | 'severity'>,
): number {
  return Math.round(SEVERITY_POINTS[finding.severity] * KIND_WEIGHT[finding.kind]);
}

/** Risk per person id, for every person named by at least one finding. */
export function riskScores(
  findings: readonly (Finding | SignInRiskFinding)[],
): Map<string, PersonRisk> {
  const scores = new Map<string, PersonRisk>();
  for (const f of findings) {
    if (f.personId === null) continue;
    const r = scores.get(f.personId) ?? { score: 0, findings: 0 };
    r.score = Math.min(MAX_RISK_SCORE, r.score + findingPoints(f));
    r.findings += 1;
    scores.set(f.personId, r);
  }
  return scores;
}
