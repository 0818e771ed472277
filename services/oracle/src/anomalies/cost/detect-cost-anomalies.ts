import type { AnomalyDirection } from '../anomaly.entity';
import type { DailyCost, ServiceCost } from './daily-cost-series';
import { expectation, median } from './robust-baseline';

export interface CostDetectionSettings {
  /** Robust z-score at or above which a day is anomalous. */
  z: number;
  /** Smallest change per day worth reporting, in the billing currency. */
  minDailyImpact: number;
}

/** A change smaller than this share of the expected cost is never anomalous, however steady the series. */
const MIN_RELATIVE_CHANGE = 0.1;

export type RootCauseDimension = 'resource' | 'tag' | 'service';

export interface RootCause {
  dimension: RootCauseDimension;
  value: string;
  /** The resource's inventory URN, when the cause is a resource the inventory knows. */
  urn?: string;
  /** Cost over expectation this cause accounts for across the episode. */
  impact: number;
  /** Its share of the service's change across the episode. */
  share: number;
}

export interface CostAnomalyEpisode {
  service: ServiceCost;
  direction: AnomalyDirection;
  startDay: string;
  endDay: string;
  /** On the episode's strongest day, the service's actual and expected cost. */
  actual: number;
  expected: number;
  score: number;
  /** Cost over expectation across the episode (negative for a drop), for the cause's series. */
  impact: number;
  rootCause: RootCause;
  /** Every series that was anomalous, for the record. */
  flagged: { series: string; days: number }[];
}

interface Flag {
  day: number;
  direction: AnomalyDirection;
  z: number;
  delta: number;
}

/**
 * Finds each service's anomalous days, scoring every day only against the days before it,
 * in the service's total and in each of its resources and tags (a small team's doubling is
 * invisible in a large service), joins consecutive days into episodes, and names the root
 * cause: the resource or tag whose change explains the episode.
 */
export function detectCostAnomalies(
  cost: DailyCost,
  settings: CostDetectionSettings,
): CostAnomalyEpisode[] {
  return cost.services.flatMap((service) => serviceEpisodes(cost.days, service, settings));
}

function serviceEpisodes(
  days: string[],
  service: ServiceCost,
  settings: CostDetectionSettings,
): CostAnomalyEpisode[] {
  const totalFlags = flagsOf(service.total, settings, days).filter(
    (flag) => !isMonthlyCharge(service.unallocated, days, flag),
  );
  const resourceFlags = new Map(
    [...service.resources].map(([id, r]) => [id, flagsOf(r.values, settings, days)]),
  );
  const tagFlags = new Map(
    [...service.tags]
      .filter(([, tag]) => tag.resources.size >= 2)
      .map(([tag, series]) => [tag, flagsOf(series.values, settings, days)]),
  );
  const anomalousDays = new Set<number>();
  for (const flags of [totalFlags, ...resourceFlags.values(), ...tagFlags.values()]) {
    for (const flag of flags) anomalousDays.add(flag.day);
  }
  const episodes: CostAnomalyEpisode[] = [];
  for (const [start, end] of runs([...anomalousDays].sort((a, b) => a - b))) {
    const within = (flags: Flag[]) => flags.filter((flag) => flag.day >= start && flag.day <= end);
    const cause = rootCause(
      service,
      start,
      end,
      within(totalFlags),
      resourceFlags,
      tagFlags,
      within,
    );
    if (!cause) continue;
    const strongest = strongestDay(service.total, start, end);
    episodes.push({
      service,
      direction: cause.impact >= 0 ? 'increase' : 'decrease',
      startDay: days[start]!,
      endDay: days[end]!,
      actual: strongest.actual,
      expected: strongest.expected,
      score: strongest.z,
      impact: cause.impact,
      rootCause: cause,
      flagged: [
        ...(within(totalFlags).length
          ? [{ series: 'service', days: within(totalFlags).length }]
          : []),
        ...[...resourceFlags].flatMap(([id, flags]) =>
          within(flags).length ? [{ series: `resource:${id}`, days: within(flags).length }] : [],
        ),
        ...[...tagFlags].flatMap(([tag, flags]) =>
          within(flags).length ? [{ series: `tag:${tag}`, days: within(flags).length }] : [],
        ),
      ],
    });
  }
  return episodes;
}

/** The anomalous days of one series; a drop on the newest day waits for the next (the day may be incomplete). */
function flagsOf(
  values: readonly number[],
  settings: CostDetectionSettings,
  days: readonly string[],
): Flag[] {
  const flags: Flag[] = [];
  const last = days.length - 1;
  for (let day = 0; day <= last; day += 1) {
    const baseline = expectation(values, day);
    if (!baseline) continue;
    const delta = values[day]! - baseline.expected;
    const z = delta / baseline.scale;
    if (Math.abs(z) < settings.z) continue;
    if (Math.abs(delta) < settings.minDailyImpact) continue;
    if (Math.abs(delta) < MIN_RELATIVE_CHANGE * Math.max(baseline.expected, values[day]!)) continue;
    if (delta < 0 && day === last) continue;
    if (recursMonthly(values, day - monthBefore(days[day]!), baseline.expected, day, delta))
      continue;
    flags.push({ day, direction: delta > 0 ? 'increase' : 'decrease', z, delta });
  }
  return flags;
}

/**
 * A monthly charge (a fee or tax on the 1st, a credit) is no surprise: the same day of the
 * previous month held about the same amount, just as far from the usual.
 */
function recursMonthly(
  values: readonly number[],
  sameDayLastMonth: number,
  expected: number,
  day: number,
  delta: number,
): boolean {
  const previous = values[sameDayLastMonth];
  if (previous === undefined) return false;
  const current = values[day]!;
  const similar =
    Math.abs(current - previous) <= 0.25 * Math.max(Math.abs(current), Math.abs(previous));
  return (
    similar &&
    Math.sign(previous - expected) === Math.sign(delta) &&
    Math.abs(previous - expected) >= 0.5 * Math.abs(delta)
  );
}

/**
 * A change on a month's first day that the service's unallocated lines make (the month's tax,
 * credits, fees, billed on its first day) is the bill's rhythm, not a surprise: the previous
 * month's charge can differ (a refund, a month of other usage) or lie before the window.
 */
function isMonthlyCharge(
  unallocated: readonly number[],
  days: readonly string[],
  flag: Flag,
): boolean {
  if (!days[flag.day]!.endsWith('-01')) return false;
  const usual = median(unallocated.slice(Math.max(0, flag.day - 14), flag.day));
  const change = unallocated[flag.day]! - usual;
  return (
    Math.sign(change) === Math.sign(flag.delta) && Math.abs(change) >= 0.5 * Math.abs(flag.delta)
  );
}

/** How many days back the same day of the previous month is. */
function monthBefore(day: string): number {
  const date = new Date(`${day}T00:00:00Z`);
  const previous = new Date(date);
  previous.setUTCMonth(date.getUTCMonth() - 1);
  return Math.round((date.getTime() - previous.getTime()) / 86_400_000);
}

/** Consecutive day indexes as [first, last] pairs. */
function runs(days: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const day of days) {
    const open = out.at(-1);
    if (open && day === open[1] + 1) open[1] = day;
    else out.push([day, day]);
  }
  return out;
}

function deltaOver(values: readonly number[], start: number, end: number): number {
  let sum = 0;
  for (let day = start; day <= end; day += 1) {
    const baseline = expectation(values, day);
    sum += values[day]! - (baseline?.expected ?? values[day]!);
  }
  return sum;
}

/**
 * The cause among the anomalous series: the resource that changed most, unless a tag's
 * resources changed together by clearly more than any one of them (then the most specific
 * such tag). Without an anomalous resource or tag, the service itself.
 */
function rootCause(
  service: ServiceCost,
  start: number,
  end: number,
  totalFlags: Flag[],
  resourceFlags: Map<string, Flag[]>,
  tagFlags: Map<string, Flag[]>,
  within: (flags: Flag[]) => Flag[],
): RootCause | undefined {
  const serviceDelta = deltaOver(service.total, start, end);
  const resources = [...resourceFlags]
    .filter(([, flags]) => within(flags).length > 0)
    .map(([id]) => ({ id, delta: deltaOver(service.resources.get(id)!.values, start, end) }));
  const tags = [...tagFlags]
    .filter(([, flags]) => within(flags).length > 0)
    .map(([tag]) => ({
      tag,
      delta: deltaOver(service.tags.get(tag)!.values, start, end),
      size: service.tags.get(tag)!.resources.size,
    }));
  const share = (delta: number) =>
    serviceDelta === 0 ? 1 : Math.min(1, Math.abs(delta / serviceDelta));
  const bestResource = maxBy(resources, (r) => Math.abs(r.delta));
  const bestTagDelta = Math.max(0, ...tags.map((t) => Math.abs(t.delta)));
  const tag = maxBy(
    tags.filter((t) => Math.abs(t.delta) >= 0.8 * bestTagDelta),
    (t) => -t.size,
  );
  if (tag && (!bestResource || Math.abs(tag.delta) >= 1.5 * Math.abs(bestResource.delta))) {
    return { dimension: 'tag', value: tag.tag, impact: tag.delta, share: share(tag.delta) };
  }
  if (bestResource) {
    const urn = service.resources.get(bestResource.id)!.urn;
    return {
      dimension: 'resource',
      value: bestResource.id,
      ...(urn ? { urn } : {}),
      impact: bestResource.delta,
      share: share(bestResource.delta),
    };
  }
  if (totalFlags.length === 0) return undefined;
  return { dimension: 'service', value: service.service, impact: serviceDelta, share: 1 };
}

function strongestDay(values: readonly number[], start: number, end: number) {
  let best = { actual: values[start]!, expected: values[start]!, z: 0 };
  for (let day = start; day <= end; day += 1) {
    const baseline = expectation(values, day);
    if (!baseline) continue;
    const z = (values[day]! - baseline.expected) / baseline.scale;
    if (Math.abs(z) >= Math.abs(best.z))
      best = { actual: values[day]!, expected: baseline.expected, z };
  }
  return best;
}

function maxBy<T>(items: readonly T[], key: (item: T) => number): T | undefined {
  let best: T | undefined;
  for (const item of items) if (best === undefined || key(item) > key(best)) best = item;
  return best;
}
