import type { ComputeSize } from '../compute-sizes';
import {
  type FoundRecommendation,
  HOURS_PER_MONTH,
  type RiskLevel,
  toCents,
} from '../recommendation';
import { evidenceOf, type Utilisation } from '../utilisation';
import { isProduction, type RuleSettings, type RuleTarget, thinEvidence } from './rule-settings';

export interface RightsizingInput {
  target: RuleTarget;
  /** `instanceType` for EC2, `vmSize` for Azure: the parameter the resize action takes. */
  sizeParam: 'instanceType' | 'vmSize';
  currentSize: string;
  sizes: readonly ComputeSize[];
  use: Utilisation;
  currency: string;
}

/**
 * The cheapest smaller size of the same family on which the CPU p95 seen, scaled by the vCPU
 * ratio, stays at or under the target p95, and whose memory shrinks no faster than its vCPUs
 * (memory is not measured, so it is kept in proportion). The saving is the list-price
 * difference over a 730-hour month. Nothing when the size is unpriced or nothing smaller fits.
 */
export function rightsizing(
  input: RightsizingInput,
  settings: RuleSettings,
): FoundRecommendation | undefined {
  const { use, target } = input;
  if (use.samples < settings.minSamples) return undefined;
  const current = input.sizes.find((size) => size.name === input.currentSize);
  if (!current) return undefined;
  const projectedP95 = (size: ComputeSize) => (use.p95 * current.vcpus) / size.vcpus;
  const fits = (size: ComputeSize) =>
    size.family === current.family &&
    size.hourly < current.hourly &&
    projectedP95(size) <= settings.targetP95Percent &&
    size.memoryGib >= (current.memoryGib * size.vcpus) / current.vcpus;
  const best = input.sizes
    .filter(fits)
    .sort((a, b) => a.hourly - b.hourly || b.memoryGib - a.memoryGib)[0];
  if (!best) return undefined;
  const projected = Math.round(projectedP95(best) * 10) / 10;
  const risk = riskOf(projected, use, target, settings);
  return {
    kind: 'rightsizing',
    resourceUrn: target.urn,
    subjectKey: 'rightsizing',
    title: `Resize ${current.name} to ${best.name}`,
    monthlySaving: toCents((current.hourly - best.hourly) * HOURS_PER_MONTH),
    currency: input.currency,
    risk,
    effort: target.state === 'running' ? 'medium' : 'low',
    evidence: {
      ...evidenceOf(use, settings.windowDays),
      currentSize: current.name,
      targetSize: best.name,
      currentHourlyPrice: current.hourly,
      targetHourlyPrice: best.hourly,
      projectedP95Percent: projected,
      targetP95Percent: settings.targetP95Percent,
      hoursPerMonth: HOURS_PER_MONTH,
    },
    action: { type: 'resize', params: { [input.sizeParam]: best.name } },
  };
}

function riskOf(
  projectedP95: number,
  use: Utilisation,
  target: RuleTarget,
  settings: RuleSettings,
): { level: RiskLevel; reason: string } {
  const thin = thinEvidence(use.spanHours, settings.windowDays);
  if (projectedP95 > settings.targetP95Percent * 0.75)
    return { level: 'medium', reason: `CPU p95 would reach ${projectedP95} %, near the target` };
  if (thin) return { level: 'medium', reason: thin };
  if (isProduction(target.tags))
    return { level: 'medium', reason: 'a production resource restarts onto the new size' };
  return { level: 'low', reason: `CPU p95 would be ${projectedP95} %, well under the target` };
}
