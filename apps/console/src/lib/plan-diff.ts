/** One change an action will make, as the API's dry run plans it. */
export interface PlannedChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface ActionPlan {
  changes: PlannedChange[];
  steps: string[];
}

export type DiffKind = 'changed' | 'added' | 'removed' | 'unchanged';

export interface DiffRow {
  field: string;
  from: string;
  to: string;
  kind: DiffKind;
}

const ABSENT = '—';

/** A list price as a plan gives it (e.g. an Azure VM size's hourly price): `usd` null when unknown. */
interface Price {
  usd: number | null;
  per: string;
}

function isPrice(value: unknown): value is Price {
  if (value === null || typeof value !== 'object') return false;
  const { usd, per } = value as Record<string, unknown>;
  return (usd === null || typeof usd === 'number') && typeof per === 'string';
}

/**
 * A value as one short line: strings bare, nothing as a dash, a price as `$0.192 per hour`,
 * the rest as stable JSON.
 */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return ABSENT;
  if (isPrice(value))
    return value.usd === null ? 'unknown price' : `$${value.usd} per ${value.per}`;
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return stableJson(value);
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : inner,
  );
}

function kindOf(from: unknown, to: unknown): DiffKind {
  const before = from === undefined || from === null;
  const after = to === undefined || to === null;
  if (before && !after) return 'added';
  if (!before && after) return 'removed';
  return formatValue(from) === formatValue(to) ? 'unchanged' : 'changed';
}

/** The plan's changes as diff rows, in the plan's order. */
export function planDiff(plan: ActionPlan): DiffRow[] {
  return plan.changes.map(({ field, from, to }) => ({
    field,
    from: formatValue(from),
    to: formatValue(to),
    kind: kindOf(from, to),
  }));
}

/** Whatever the API sent as a plan, read defensively (a stored plan is free-form JSON). */
export function readPlan(value: unknown): ActionPlan {
  const record =
    value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const changes = Array.isArray(record.changes)
    ? record.changes.flatMap((change: unknown): PlannedChange[] => {
        if (change === null || typeof change !== 'object') return [];
        const { field, from, to } = change as Record<string, unknown>;
        return typeof field === 'string' ? [{ field, from, to }] : [];
      })
    : [];
  const steps = Array.isArray(record.steps)
    ? record.steps.filter((step): step is string => typeof step === 'string')
    : [];
  return { changes, steps };
}

/** A one-line summary for screen readers and the diff's caption. */
export function diffSummary(rows: readonly DiffRow[]): string {
  const changing = rows.filter((row) => row.kind !== 'unchanged').length;
  if (rows.length === 0) return 'This action changes no recorded field.';
  return changing === 1 ? '1 field changes.' : `${changing} fields change.`;
}
