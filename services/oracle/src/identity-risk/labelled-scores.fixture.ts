import type { RiskSignal } from './detectors/sign-in';
import { accountUrn, type LabelledAnomaly, loginIdOf } from './identity-estate.fixture';

/** The kinds the estate labels, and so the ones precision and recall are measured for. */
export const LABELLED_KINDS = [
  'impossible_travel',
  'failure_burst',
  'password_spray',
  'dormant_admin_reactivation',
  'new_country',
] as const;

export interface Score {
  labelled: number;
  found: number;
  matched: number;
  precision: number;
  recall: number;
}

type Signal = Pick<RiskSignal, 'kind' | 'identityUrn' | 'loginIds' | 'details'>;

/**
 * Precision and recall per kind, matching what identifies each case: an account and the far
 * sign-in (travel), the sign-in (new country, reactivation), the account (burst), the
 * directory and address (spray).
 */
export function scoreAgainstLabels(
  signals: readonly Signal[],
  anomalies: readonly LabelledAnomaly[],
  directories: { auth0: string; entra: string },
): Record<(typeof LABELLED_KINDS)[number], Score> {
  const labelKey = (a: LabelledAnomaly): string => {
    const directory = directories[a.idp];
    const account = accountUrn(a.idp, directory, a.userIds[0] ?? '');
    switch (a.kind) {
      case 'impossible_travel':
        return `${account} ${loginIdOf(a.idp, directory, a.eventIds[1] ?? '')}`;
      case 'password_spray':
        return `${a.idp}:${directory}|${a.ip}`;
      case 'failure_burst':
        return account;
      default:
        return `${account} ${loginIdOf(a.idp, directory, a.eventIds[0] ?? '')}`;
    }
  };
  const signalKey = (s: Signal): string => {
    switch (s.kind) {
      case 'password_spray':
        return `${String(s.details.source)}|${String(s.details.ip)}`;
      case 'failure_burst':
        return s.identityUrn;
      default:
        return `${s.identityUrn} ${s.loginIds[s.loginIds.length - 1] ?? ''}`;
    }
  };
  const scores = {} as Record<(typeof LABELLED_KINDS)[number], Score>;
  for (const kind of LABELLED_KINDS) {
    const labelled = new Set(anomalies.filter((a) => a.kind === kind).map(labelKey));
    const found = new Set(signals.filter((s) => s.kind === kind).map(signalKey));
    const matched = [...found].filter((key) => labelled.has(key)).length;
    scores[kind] = {
      labelled: labelled.size,
      found: found.size,
      matched,
      precision: found.size === 0 ? 0 : matched / found.size,
      recall: labelled.size === 0 ? 0 : matched / labelled.size,
    };
  }
  return scores;
}
