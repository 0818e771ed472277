// `timestamp,value` CSV in (ISO 8601 or NAB's `YYYY-MM-DD HH:MM:SS`, read as UTC) and the
// forecast CSV out.
import type { ForecastPoint, SeriesPoint } from '../model';

/** Epoch ms of an ISO or `YYYY-MM-DD HH:MM:SS` timestamp without zone (UTC). */
export function parseTimestamp(text: string): number {
  const trimmed = text.trim().replace(/^"|"$/g, '');
  const isoLike = trimmed.includes('T') ? trimmed : trimmed.replace(' ', 'T');
  const zoned =
    /(Z|[+-]\d\d:?\d\d)$/.test(isoLike) || !isoLike.includes('T') ? isoLike : `${isoLike}Z`;
  const t = Date.parse(zoned);
  if (Number.isNaN(t)) throw new Error(`'${text}' is not a timestamp`);
  return t;
}

export function parseSeriesCsv(text: string): SeriesPoint[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim());
  const [header, ...rows] = lines;
  const columns = (header ?? '')
    .split(',')
    .map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
  const time = columns.indexOf('timestamp');
  const value = columns.indexOf('value');
  if (time < 0 || value < 0) throw new Error('the CSV needs a header with timestamp and value');
  return rows.map((row, i) => {
    const cells = row.split(',');
    const v = Number(cells[value]);
    if (!Number.isFinite(v)) throw new Error(`line ${i + 2}: '${cells[value]}' is not a number`);
    return { t: parseTimestamp(cells[time] ?? ''), v };
  });
}

const number = (v: number) => String(Math.round(v * 1e6) / 1e6);

export function formatForecastCsv(points: readonly ForecastPoint[]): string {
  const rows = points.map((p) =>
    [new Date(p.t).toISOString(), p.mean, p.lo80, p.hi80, p.lo95, p.hi95]
      .map((v) => (typeof v === 'number' ? number(v) : v))
      .join(','),
  );
  return ['timestamp,forecast,lo80,hi80,lo95,hi95', ...rows].join('\n') + '\n';
}
