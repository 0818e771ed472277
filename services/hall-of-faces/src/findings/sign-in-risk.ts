import type { DirectorySnapshot, SnapshotIdp } from './directory-snapshot';
import type { Finding, FindingSeverity } from './finding-rules';

export const SIGN_IN_RISK = 'sign_in_risk';

/** An account's sign-in risk as the oracle last reported it (ADR 24). */
export interface SignInRisk {
  idp: SnapshotIdp;
  accountId: string;
  /** Risk points (0–100) at `at`; they halve every week after it. */
  points: number;
  at: Date;
  /** The kinds of signal behind it, e.g. impossible_travel. */
  kinds: string[];
}

/** A finding about an account's sign-ins rather than its configuration. */
export interface SignInRiskFinding extends Omit<Finding, 'kind'> {
  kind: typeof SIGN_IN_RISK;
  /** 0–100 at `asOf`. */
  risk: number;
}

const HALF_LIFE_MS = 7 * 86_400_000;

/** The risk decayed to `asOf` (the oracle's half-life), 0–100. */
export function signInRiskAt(risk: SignInRisk, asOf: Date): number {
  const age = Math.max(0, asOf.getTime() - risk.at.getTime());
  return Math.min(100, Math.round(risk.points * 0.5 ** (age / HALF_LIFE_MS)));
}

/** Severity from the risk now; undefined once it has faded below 5. */
export function signInRiskSeverity(risk: number): FindingSeverity | undefined {
  if (risk >= 70) return 'critical';
  if (risk >= 40) return 'high';
  if (risk >= 20) return 'medium';
  if (risk >= 5) return 'low';
  return undefined;
}

/** One `sign_in_risk` finding per account of the snapshot whose sign-in risk has not faded. */
export function signInRiskFindings(
  snapshot: DirectorySnapshot,
  risks: readonly SignInRisk[],
  asOf: Date,
): SignInRiskFinding[] {
  const people = new Map(snapshot.accounts.map((a) => [`${a.idp}/${a.externalId}`, a.personId]));
  return risks.flatMap((r) => {
    const personId = people.get(`${r.idp}/${r.accountId}`);
    const risk = signInRiskAt(r, asOf);
    const severity = signInRiskSeverity(risk);
    if (personId === undefined || !severity) return [];
    return [
      {
        kind: SIGN_IN_RISK,
        idp: r.idp,
        accountId: r.accountId,
        personId,
        severity,
        risk,
        summary: `Sign-in risk ${risk} from ${r.kinds.map((k) => k.replaceAll('_', ' ')).join(', ')}, last on ${r.at.toISOString().slice(0, 10)}.`,
      },
    ];
  });
}
