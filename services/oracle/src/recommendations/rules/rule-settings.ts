/** The thresholds every compute rule reads; defaults in {@link DEFAULT_RULE_SETTINGS}. */
export interface RuleSettings {
  /** Days of CPU samples a rule looks at. */
  windowDays: number;
  /** The CPU p95 a resized or scaled resource may reach, in percent: the headroom kept. */
  targetP95Percent: number;
  /** Below this p95 and {@link idleMaxPercent} a resource counts as idle. */
  idleP95Percent: number;
  idleMaxPercent: number;
  /** Fewer samples than this and no compute rule speaks. */
  minSamples: number;
}

export const DEFAULT_RULE_SETTINGS: RuleSettings = {
  windowDays: 14,
  targetP95Percent: 60,
  idleP95Percent: 5,
  idleMaxPercent: 20,
  minSamples: 12,
};

/** A resource as the compute rules see it. */
export interface RuleTarget {
  urn: string;
  region: string;
  state: string;
  tags: Record<string, string>;
}

export function isProduction(tags: Record<string, string>): boolean {
  return Object.entries(tags).some(
    ([key, value]) => /^(env|environment|stage)$/i.test(key) && /^prod(uction)?$/i.test(value),
  );
}

/** Too little evidence for the window asked: a reason to call the risk medium, or undefined. */
export function thinEvidence(spanHours: number, windowDays: number): string | undefined {
  return spanHours < windowDays * 24 * 0.5
    ? `CPU seen over ${Math.round(spanHours * 10) / 10} h only, not the ${windowDays}-day window`
    : undefined;
}
