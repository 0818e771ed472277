import { formatMoney } from './costs';
import type { Anomaly, RootCause } from './oracle-views';

/** The day (UTC, `YYYY-MM-DD`) of an instant from the API. */
export function dayOf(instant: string): string {
  return instant.slice(0, 10);
}

function isRootCause(value: unknown): value is RootCause {
  if (value === null || typeof value !== 'object') return false;
  const cause = value as Record<string, unknown>;
  return (
    typeof cause.dimension === 'string' &&
    typeof cause.value === 'string' &&
    typeof cause.share === 'number'
  );
}

/** What explains a cost anomaly, as the oracle found it; undefined for a metric anomaly. */
export function rootCauseOf(anomaly: Pick<Anomaly, 'details'>): RootCause | undefined {
  const cause = anomaly.details.rootCause;
  return isRootCause(cause) ? cause : undefined;
}

/** `resources tagged team=web, 80 % of the change`; a metric anomaly names its series. */
export function rootCauseText(anomaly: Pick<Anomaly, 'details' | 'seriesKey'>): string {
  const cause = rootCauseOf(anomaly);
  if (!cause) return anomaly.seriesKey;
  const what =
    cause.dimension === 'tag'
      ? `resources tagged ${cause.value}`
      : cause.dimension === 'service'
        ? `${cause.value} as a whole`
        : cause.value;
  return `${what}, ${Math.round(cause.share * 100)} % of the change`;
}

/** The cost over (or under) expectation across the episode: `+$120.00` or `−$40.50`. */
export function impactText(anomaly: Pick<Anomaly, 'impact' | 'currency'>): string {
  if (anomaly.impact === null || !anomaly.currency) return 'no cost impact';
  const money = formatMoney(Math.abs(anomaly.impact), anomaly.currency);
  return anomaly.impact < 0 ? `−${money}` : `+${money}`;
}

/** `12 Nov` or `12 Nov to 14 Nov`. */
export function episodeText(anomaly: Pick<Anomaly, 'startedAt' | 'endedAt'>): string {
  const start = dayOf(anomaly.startedAt);
  const end = dayOf(anomaly.endedAt);
  return start === end ? start : `${start} to ${end}`;
}

/** One sentence for a marker's label and the list: direction, service, cause and impact. */
export function anomalySentence(anomaly: Anomaly): string {
  const service = typeof anomaly.details.service === 'string' ? anomaly.details.service : '';
  const verb = anomaly.direction === 'increase' ? 'Cost rose' : 'Cost fell';
  const subject = service ? `${verb} in ${service}` : verb;
  return `${subject} ${episodeText(anomaly)}: ${rootCauseText(anomaly)}, ${impactText(anomaly)}`;
}

/** A marker on a chart: the index of the day it sits on and the anomalies that start there. */
export interface DayMarker {
  index: number;
  day: string;
  anomalies: Anomaly[];
}

/**
 * The anomalies that start on one of the chart's days, grouped per day (one marker a day),
 * in the chart's order; those outside the shown days are left out.
 */
export function markersOnDays(anomalies: readonly Anomaly[], days: readonly string[]): DayMarker[] {
  const indexOf = new Map(days.map((day, index) => [day, index]));
  const byDay = new Map<number, Anomaly[]>();
  for (const anomaly of anomalies) {
    const index = indexOf.get(dayOf(anomaly.startedAt));
    if (index === undefined) continue;
    byDay.set(index, [...(byDay.get(index) ?? []), anomaly]);
  }
  return [...byDay]
    .sort(([a], [b]) => a - b)
    .map(([index, list]) => ({
      index,
      day: days[index] ?? '',
      anomalies: list.sort((a, b) => Math.abs(b.impact ?? 0) - Math.abs(a.impact ?? 0)),
    }));
}

/** A CPU anomaly as a time span on the CPU series (epoch milliseconds). */
export interface Span {
  from: number;
  to: number;
  anomaly: Anomaly;
}

/**
 * The metric anomalies that overlap the series' time range, as spans; an anomaly of one
 * sample (startedAt = endedAt) is widened to half the gap between samples on either side.
 */
export function spansOnSeries(anomalies: readonly Anomaly[], times: readonly number[]): Span[] {
  const first = times[0];
  const last = times[times.length - 1];
  if (first === undefined || last === undefined) return [];
  const step = times.length > 1 ? (last - first) / (times.length - 1) : 60_000;
  return anomalies.flatMap((anomaly) => {
    const from = Date.parse(anomaly.startedAt) - step / 2;
    const to = Date.parse(anomaly.endedAt) + step / 2;
    if (!Number.isFinite(from) || !Number.isFinite(to) || to < first || from > last) return [];
    return [{ from: Math.max(from, first), to: Math.min(to, last), anomaly }];
  });
}

/** A marker's place over a chart: its centre's x and its bottom's y, in pixels. */
export interface MarkerPlace {
  left: number;
  top: number;
}

/**
 * Lifts markers that would cover one another (close days of similar cost): each, left to
 * right, goes up by a marker's height until it clears every one placed before it.
 */
export function liftOverlapping<T extends MarkerPlace>(places: readonly T[], size: number): T[] {
  const settled: T[] = [];
  for (const place of [...places].sort((a, b) => a.left - b.left)) {
    let top = place.top;
    const covers = (other: T) =>
      Math.abs(other.left - place.left) < size && Math.abs(other.top - top) < size;
    while (settled.some(covers)) top -= size;
    settled.push({ ...place, top });
  }
  return settled;
}
