import { formatMoney } from './costs';
import type { Recommendation, RecommendationStatus } from './oracle-views';

/** Largest monthly saving first (per the API's order too); equal savings by title. */
export function bySaving(items: readonly Recommendation[]): Recommendation[] {
  return [...items].sort(
    (a, b) => b.saving.monthly - a.saving.monthly || a.title.localeCompare(b.title),
  );
}

export function savingText(recommendation: Pick<Recommendation, 'saving'>): string {
  return `${formatMoney(recommendation.saving.monthly, recommendation.saving.currency)} a month`;
}

const STATUS_TEXT: Record<RecommendationStatus, string> = {
  open: 'Open',
  applied: 'Draft action made',
  executed: 'Action ran, saving being measured',
  measured: 'Saving measured',
  failed: 'Action failed',
  dismissed: 'Dismissed',
  superseded: 'Superseded',
};

export function statusText(status: RecommendationStatus): string {
  return STATUS_TEXT[status];
}

/** The badge tone of a status (the words carry the meaning, the colour repeats it). */
export function statusTone(
  status: RecommendationStatus,
): 'good' | 'warn' | 'bad' | 'busy' | 'neutral' {
  switch (status) {
    case 'open':
      return 'warn';
    case 'applied':
    case 'executed':
      return 'busy';
    case 'measured':
      return 'good';
    case 'failed':
      return 'bad';
    case 'dismissed':
    case 'superseded':
      return 'neutral';
  }
}

/** Only an open recommendation can be applied; applying again answers the same draft. */
export function canApply(recommendation: Pick<Recommendation, 'status' | 'action'>): boolean {
  return recommendation.status === 'open' && recommendation.action !== null;
}

/** `Saved $41.20 a month (from $3.10 to $1.74 a day, 14 days each side)`; null until measured. */
export function realisedText(recommendation: Pick<Recommendation, 'realised'>): string | null {
  const realised = recommendation.realised;
  if (!realised) return null;
  const money = (amount: number) => formatMoney(amount, realised.currency);
  return (
    `Saved ${money(realised.realisedMonthlySaving)} a month ` +
    `(from ${money(realised.averageDailyBefore)} to ${money(realised.averageDailyAfter)} a day, ` +
    `${realised.daysBefore} days before and ${realised.daysAfter} after)`
  );
}

/** The evidence as label and value, for a definition list; nested values as compact JSON. */
export function evidenceEntries(evidence: Record<string, unknown>): [string, string][] {
  return Object.entries(evidence).map(([key, value]) => [
    key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase(),
    typeof value === 'number'
      ? String(Math.round(value * 100) / 100)
      : typeof value === 'string'
        ? value
        : JSON.stringify(value),
  ]);
}
