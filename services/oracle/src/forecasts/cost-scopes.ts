import type { SeriesPoint } from './model/forecast-types';

export type CostScopeKind = 'all' | 'account' | 'service';
export type CostMetric = 'billed' | 'effective';

export interface ScopedLine {
  day: string;
  accountId: string;
  service: string;
  currency: string;
  cost: number;
  billed: number;
}

export interface CostScopeSeries {
  kind: CostScopeKind;
  value: string;
  currency: string;
  metric: CostMetric;
  /** One point per day from the first to the last day of the tenant's cost, 0 where none. */
  points: SeriesPoint[];
}

const DAY_MS = 86_400_000;

/** The daily series the oracle forecasts: the whole tenant, each account, each service; billed and effective. */
export function costScopes(lines: readonly ScopedLine[]): CostScopeSeries[] {
  if (lines.length === 0) return [];
  const first = Math.min(...lines.map((line) => Date.parse(`${line.day}T00:00:00Z`)));
  const last = Math.max(...lines.map((line) => Date.parse(`${line.day}T00:00:00Z`)));
  const length = Math.round((last - first) / DAY_MS) + 1;
  const series = new Map<string, CostScopeSeries>();
  const add = (kind: CostScopeKind, value: string, line: ScopedLine, metric: CostMetric) => {
    const key = `${kind}\u0000${value}\u0000${line.currency}\u0000${metric}`;
    let scope = series.get(key);
    if (!scope) {
      scope = {
        kind,
        value,
        currency: line.currency,
        metric,
        points: Array.from({ length }, (_, day) => ({ t: first + day * DAY_MS, v: 0 })),
      };
      series.set(key, scope);
    }
    const at = Math.round((Date.parse(`${line.day}T00:00:00Z`) - first) / DAY_MS);
    scope.points[at]!.v += metric === 'billed' ? line.billed : line.cost;
  };
  for (const line of lines) {
    for (const metric of ['billed', 'effective'] as const) {
      add('all', '', line, metric);
      add('account', line.accountId, line, metric);
      add('service', line.service, line, metric);
    }
  }
  return [...series.values()];
}
