/**
 * The Costs page's pure rules: the date range and group-by in the address, the queries they
 * make, money per currency, the daily series stacked per currency for the chart, movers in the
 * order they are shown, budgets' progress and the body of a new cost source. Money comes from
 * the API as decimal strings rounded to the cent (aetherium, ADR 22); it is only formatted and
 * stacked here, never summed across currencies.
 */

export const GROUP_BY_CHOICES = ['service', 'provider', 'account', 'region', 'tag'] as const;
export type GroupByChoice = (typeof GROUP_BY_CHOICES)[number];

export const GROUP_BY_LABELS: Record<GroupByChoice, string> = {
  service: 'Service',
  provider: 'Provider',
  account: 'Account',
  region: 'Region',
  tag: 'Tag',
};

export type CostMetric = 'billed' | 'effective';

export const METRIC_LABELS: Record<CostMetric, string> = {
  billed: 'Billed (invoice)',
  effective: 'Effective (amortised)',
};

/** A day as the API takes it, `YYYY-MM-DD` (UTC). */
export type Day = string;

export interface DayRange {
  /** First day, included. */
  from: Day;
  /** Day after the last, excluded (as the API reads `to`). */
  to: Day;
}

export interface CostFilters extends DayRange {
  groupBy: GroupByChoice;
  /** The tag key when grouping by tag. */
  tagKey: string;
  metric: CostMetric;
}

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export const DEFAULT_RANGE_DAYS = 30;

export function toDay(time: number): Day {
  return new Date(time).toISOString().slice(0, 10);
}

export function isDay(value: string | null | undefined): value is Day {
  return typeof value === 'string' && DAY_PATTERN.test(value) && toDay(dayTime(value)) === value;
}

function dayTime(day: Day): number {
  return Date.parse(`${day}T00:00:00Z`);
}

export function addDays(day: Day, days: number): Day {
  return toDay(dayTime(day) + days * DAY_MS);
}

/** The last `days` full days (UTC): today is excluded, it is not billed yet. */
export function defaultRange(now: Date, days = DEFAULT_RANGE_DAYS): DayRange {
  const to = toDay(now.getTime());
  return { from: addDays(to, -days), to };
}

export function rangeDays({ from, to }: DayRange): number {
  return Math.round((dayTime(to) - dayTime(from)) / DAY_MS);
}

/** The range of equal length that ends where this one starts, for movers. */
export function previousRange(range: DayRange): DayRange {
  return { from: addDays(range.from, -rangeDays(range)), to: range.from };
}

/**
 * The page's choices from the address (`from`, `to` as the last day shown, included, `groupBy`,
 * `tag`, `metric`); anything missing or malformed falls back to the defaults. The address keeps
 * the last day (what a person picks); the API's exclusive `to` is the day after.
 */
export function costFiltersFrom(search: URLSearchParams, now: Date): CostFilters {
  const fallback = defaultRange(now);
  const from = search.get('from');
  const through = search.get('through');
  let range = fallback;
  if (isDay(from) && isDay(through) && from <= through) {
    range = { from, to: addDays(through, 1) };
  }
  const groupBy = search.get('groupBy');
  const metric = search.get('metric');
  return {
    ...range,
    groupBy: GROUP_BY_CHOICES.includes(groupBy as GroupByChoice)
      ? (groupBy as GroupByChoice)
      : 'service',
    tagKey: (search.get('tag') ?? '').trim(),
    metric: metric === 'billed' ? 'billed' : 'effective',
  };
}

/** The last day a range shows (its `to` is excluded). */
export function lastDay(range: DayRange): Day {
  return addDays(range.to, -1);
}

/** The API's `groupBy`: `tag:<key>` for a tag; service while no tag key is given. */
export function groupByParam(filters: Pick<CostFilters, 'groupBy' | 'tagKey'>): string {
  if (filters.groupBy !== 'tag') return filters.groupBy;
  const key = filters.tagKey.trim();
  return key ? `tag:${key}` : 'service';
}

/** The query of `/costs/series` for the page's choices: daily, top groups plus "(other)". */
export function seriesQuery(filters: CostFilters, limit = 8) {
  return {
    from: filters.from,
    to: filters.to,
    groupBy: groupByParam(filters),
    granularity: 'day' as const,
    metric: filters.metric,
    limit,
  };
}

export function totalsQuery(filters: CostFilters) {
  return { from: filters.from, to: filters.to, groupBy: groupByParam(filters) };
}

/** Movers against the previous range of the same length. */
export function moversQuery(filters: CostFilters, limit = 10) {
  const previous = previousRange(filters);
  return {
    from: filters.from,
    to: filters.to,
    previousFrom: previous.from,
    previousTo: previous.to,
    groupBy: groupByParam(filters),
    metric: filters.metric,
    limit,
  };
}

/** The FOCUS 1.2 CSV of the range, as a same-origin link (the session cookie goes with it). */
export function exportHref(range: DayRange): string {
  const query = new URLSearchParams({ from: range.from, to: range.to });
  return `/api/v1/costs/export?${query.toString()}`;
}

/** The address of the page for these choices (only what differs from a default is kept). */
export function costSearch(filters: CostFilters, now: Date): URLSearchParams {
  const search = new URLSearchParams();
  const fallback = defaultRange(now);
  if (filters.from !== fallback.from || filters.to !== fallback.to) {
    search.set('from', filters.from);
    search.set('through', lastDay(filters));
  }
  if (filters.groupBy !== 'service') search.set('groupBy', filters.groupBy);
  if (filters.groupBy === 'tag' && filters.tagKey) search.set('tag', filters.tagKey);
  if (filters.metric !== 'effective') search.set('metric', filters.metric);
  return search;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** An amount in its own currency (`$1,234.50`, `€12.00`); an unknown code is written after it. */
export function formatMoney(amount: string | number, currency: string): string {
  const value = typeof amount === 'number' ? amount : Number(amount);
  if (!Number.isFinite(value)) return `${amount} ${currency}`;
  let format = moneyFormats.get(currency);
  if (!format) {
    try {
      format = new Intl.NumberFormat('en', {
        style: 'currency',
        currency,
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      });
    } catch {
      return `${value.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
    }
    moneyFormats.set(currency, format);
  }
  return format.format(value);
}

/** A signed change (`+$12.00`, `−$3.50`), for movers. */
export function formatChange(amount: string, currency: string): string {
  const value = Number(amount);
  if (!Number.isFinite(value) || value === 0) return formatMoney(0, currency);
  return `${value > 0 ? '+' : '−'}${formatMoney(Math.abs(value), currency)}`;
}

export function formatPercent(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return 'new';
  const rounded = Math.round(value * 10) / 10;
  return `${rounded > 0 ? '+' : rounded < 0 ? '−' : ''}${Math.abs(rounded)}%`;
}

export interface SeriesResponse {
  periods: string[];
  series: { key: string; label: string; currency: string; points: string[] }[];
}

export interface ChartLayer {
  key: string;
  label: string;
  /** The layer's own amount per period. */
  values: number[];
  /** Where the layer's bar ends: the sum of this layer and every layer under it. */
  tops: number[];
  total: number;
}

export interface CurrencyChart {
  currency: string;
  periods: string[];
  /** Bottom first; "(other)" is always the top layer. */
  layers: ChartLayer[];
  /** Each period's total over the layers. */
  totals: number[];
  max: number;
}

const OTHER_KEY = '(other)';

function cents(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * The series stacked for a bar per period, one chart per currency (amounts in different
 * currencies are never added). The biggest layer is at the bottom, "(other)" on top; a missing
 * or malformed point counts as zero. Sums are rounded to the cent to keep float noise out.
 */
export function stackSeries(response: SeriesResponse): CurrencyChart[] {
  const byCurrency = new Map<string, SeriesResponse['series']>();
  for (const series of response.series) {
    const list = byCurrency.get(series.currency) ?? [];
    list.push(series);
    byCurrency.set(series.currency, list);
  }
  const charts: CurrencyChart[] = [];
  for (const [currency, list] of byCurrency) {
    const layers = list
      .map((series) => {
        const values = response.periods.map((_, i) => {
          const value = Number(series.points[i] ?? 0);
          return Number.isFinite(value) ? value : 0;
        });
        return {
          key: series.key,
          label: series.label,
          values,
          total: cents(values.reduce((sum, v) => sum + v, 0)),
        };
      })
      .sort((a, b) => {
        if (a.key === OTHER_KEY) return 1;
        if (b.key === OTHER_KEY) return -1;
        return b.total - a.total || a.label.localeCompare(b.label);
      });
    const running = response.periods.map(() => 0);
    const stacked: ChartLayer[] = layers.map((layer) => {
      const tops = layer.values.map((value, i) => {
        running[i] = cents((running[i] ?? 0) + value);
        return running[i] ?? 0;
      });
      return { ...layer, tops };
    });
    charts.push({
      currency,
      periods: response.periods,
      layers: stacked,
      totals: running,
      max: Math.max(0, ...running),
    });
  }
  return charts.sort((a, b) => b.max - a.max || a.currency.localeCompare(b.currency));
}

/** A short date for an axis tick or a table row: `Nov 3`. */
export function periodLabel(period: string): string {
  const time = Date.parse(period.length === 10 ? `${period}T00:00:00Z` : period);
  if (Number.isNaN(time)) return period;
  return new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    time,
  );
}

/** A sentence for screen readers: what the chart shows and its largest layers. */
export function chartDescription(chart: CurrencyChart, groupLabel: string): string {
  const total = cents(chart.totals.reduce((sum, v) => sum + v, 0));
  const peakIndex = chart.totals.indexOf(chart.max);
  const top = chart.layers
    .filter((layer) => layer.key !== OTHER_KEY)
    .slice(0, 3)
    .map((layer) => `${layer.label} ${formatMoney(layer.total, chart.currency)}`);
  const parts = [
    `Daily cost in ${chart.currency} by ${groupLabel.toLowerCase()}, ${chart.periods.length} days, ${formatMoney(total, chart.currency)} in all`,
  ];
  if (peakIndex >= 0 && chart.max > 0) {
    parts.push(
      `highest on ${periodLabel(chart.periods[peakIndex] ?? '')} at ${formatMoney(chart.max, chart.currency)}`,
    );
  }
  if (top.length > 0) parts.push(`largest: ${top.join(', ')}`);
  return `${parts.join('; ')}.`;
}

/** A fixed, distinguishable palette (Tableau 10); "(other)" is grey. */
export const LAYER_COLOURS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
];
export const OTHER_COLOUR = '#bab0ac';

export function layerColour(layer: Pick<ChartLayer, 'key'>, index: number): string {
  if (layer.key === OTHER_KEY) return OTHER_COLOUR;
  return LAYER_COLOURS[index % LAYER_COLOURS.length] ?? OTHER_COLOUR;
}

export interface Mover {
  key: string;
  label: string;
  currency: string;
  current: string;
  previous: string;
  change: string;
  changePercent: number | null;
}

/** Movers biggest change first, whichever way; ties by label. */
export function sortMovers<M extends Pick<Mover, 'change' | 'label'>>(movers: readonly M[]): M[] {
  return [...movers].sort(
    (a, b) =>
      Math.abs(Number(b.change)) - Math.abs(Number(a.change)) || a.label.localeCompare(b.label),
  );
}

export type MoverDirection = 'up' | 'down' | 'flat';

export function moverDirection(mover: Pick<Mover, 'change'>): MoverDirection {
  const change = Number(mover.change);
  return change > 0 ? 'up' : change < 0 ? 'down' : 'flat';
}

export interface Budget {
  id: string;
  name: string;
  scope: { kind: 'all' | 'account' | 'service' | 'tag'; value: string };
  monthlyAmount: string;
  currency: string;
  metric: CostMetric;
  thresholds: number[];
  month: string;
  spent: string;
  percentUsed: number;
}

export type BudgetTone = 'good' | 'warn' | 'bad';

/** Green below the first threshold, amber past any, red at or past 100 % (or the last). */
export function budgetTone(budget: Pick<Budget, 'percentUsed' | 'thresholds'>): BudgetTone {
  const sorted = [...budget.thresholds].sort((a, b) => a - b);
  const top = Math.min(100, sorted[sorted.length - 1] ?? 100);
  if (budget.percentUsed >= top) return 'bad';
  if (sorted.some((threshold) => budget.percentUsed >= threshold)) return 'warn';
  return 'good';
}

/** The thresholds already crossed this month. */
export function crossedThresholds(budget: Pick<Budget, 'percentUsed' | 'thresholds'>): number[] {
  return [...budget.thresholds]
    .sort((a, b) => a - b)
    .filter((threshold) => budget.percentUsed >= threshold);
}

export function budgetScopeText(scope: Budget['scope']): string {
  if (scope.kind === 'all') return 'All cost';
  const kind = scope.kind === 'tag' ? 'Tag' : scope.kind === 'account' ? 'Account' : 'Service';
  return `${kind} ${scope.value}`;
}

/** `50, 80, 100` → [50, 80, 100]; anything not a percentage between 1 and 1000 is refused. */
export function parseThresholds(text: string): number[] | null {
  const parts = text
    .split(/[\s,]+/)
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length === 0) return null;
  const values = parts.map(Number);
  if (values.some((value) => !Number.isInteger(value) || value < 1 || value > 1000)) return null;
  return [...new Set(values)].sort((a, b) => a - b);
}

/** A budget's monthly amount as the API takes it (a decimal string), or null. */
export function parseAmount(text: string): string | null {
  const trimmed = text.trim().replace(/,/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(trimmed) || Number(trimmed) <= 0) return null;
  return trimmed;
}

export interface RecentCost {
  days: number;
  currency: string;
  billed: string;
  effective: string;
}

/** A resource's recent cost for the inventory: effective, or a dash when none was billed. */
export function recentCostText(
  cost: RecentCost | null | undefined,
  metric: CostMetric = 'effective',
): string {
  if (!cost) return '—';
  return formatMoney(cost[metric], cost.currency);
}

export const SOURCE_KINDS = [
  'aws-data-export',
  'aws-cost-explorer',
  'gcp-billing-export',
  'azure-cost-export',
  'azure-cost-query',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const SOURCE_KIND_LABELS: Record<SourceKind, string> = {
  'aws-data-export': 'AWS Data Exports (CUR 2.0)',
  'aws-cost-explorer': 'AWS Cost Explorer',
  'gcp-billing-export': 'GCP BigQuery billing export',
  'azure-cost-export': 'Azure Cost Management export (FOCUS)',
  'azure-cost-query': 'Azure Cost Management query',
};

export const SOURCE_KIND_PROVIDER: Record<SourceKind, 'aws' | 'gcp' | 'azure'> = {
  'aws-data-export': 'aws',
  'aws-cost-explorer': 'aws',
  'gcp-billing-export': 'gcp',
  'azure-cost-export': 'azure',
  'azure-cost-query': 'azure',
};

export interface SourceField {
  name: string;
  label: string;
  required: boolean;
  placeholder?: string;
}

/** The settings each kind asks for, after aetherium's create-source schema. */
export const SOURCE_FIELDS: Record<SourceKind, SourceField[]> = {
  'aws-data-export': [
    { name: 'bucket', label: 'Bucket', required: true },
    { name: 'prefix', label: 'Prefix', required: false },
    { name: 'exportName', label: 'Export name', required: true },
    { name: 'region', label: 'Bucket region', required: false, placeholder: 'us-east-1' },
  ],
  'aws-cost-explorer': [],
  'gcp-billing-export': [
    { name: 'projectId', label: 'Project', required: false },
    { name: 'datasetId', label: 'Dataset', required: true },
    {
      name: 'tableId',
      label: 'Table',
      required: true,
      placeholder: 'gcp_billing_export_resource_v1_…',
    },
  ],
  'azure-cost-export': [{ name: 'exportName', label: 'Export name', required: false }],
  'azure-cost-query': [],
};

/** The POST body of a new source: the kind's fields, trimmed, empty optional ones left out. */
export function sourceBody(
  kind: SourceKind,
  accountId: string,
  values: Record<string, string>,
): Record<string, string> {
  const body: Record<string, string> = { kind, accountId };
  for (const field of SOURCE_FIELDS[kind]) {
    const value = (values[field.name] ?? '').trim();
    if (value || field.required) body[field.name] = value;
  }
  return body;
}
