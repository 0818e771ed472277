/** Reading loosely typed export cells (Parquet values or CSV text) into what a line needs. */
export type Cell = unknown;

export function text(value: Cell): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return JSON.stringify(value);
}

export function decimal(value: Cell): number | null {
  if (value === null || value === undefined || value === '') return null;
  const parsed = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(parsed) ? parsed : Number.NaN;
}

export function time(value: Cell): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const parsed =
    value instanceof Date
      ? value
      : new Date(typeof value === 'number' ? value : (text(value) ?? ''));
  return Number.isNaN(parsed.getTime()) ? new Date(Number.NaN) : parsed;
}
