import type { RiskSignal } from './oracle-views';

const KIND_LABELS: Record<string, string> = {
  impossible_travel: 'Impossible travel',
  failure_burst: 'Burst of failed sign-ins',
  password_spray: 'Password spray',
  new_country: 'New country',
  new_device: 'New device',
  dormant_admin_reactivation: 'Dormant admin signed in again',
};

/** A risk kind in words; an unknown one as it came. */
export function riskKindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind.replace(/_/g, ' ');
}

/** 70 and up is high, 40 and up medium: the tone of a risk score's badge. */
export function riskTone(risk: number): 'bad' | 'warn' | 'neutral' {
  return risk >= 70 ? 'bad' : risk >= 40 ? 'warn' : 'neutral';
}

/** The signals of several accounts in one list, newest first, each once. */
export function mergeSignals(lists: readonly (readonly RiskSignal[])[]): RiskSignal[] {
  const byId = new Map<string, RiskSignal>();
  for (const list of lists) for (const signal of list) byId.set(signal.id, signal);
  return [...byId.values()].sort(
    (a, b) => b.occurredAt.localeCompare(a.occurredAt) || a.id.localeCompare(b.id),
  );
}
