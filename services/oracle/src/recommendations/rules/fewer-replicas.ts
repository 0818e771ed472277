import type { FoundRecommendation, RecommendationKind } from '../recommendation';
import { toCents } from '../recommendation';
import { evidenceOf, type Utilisation } from '../utilisation';
import { isProduction, type RuleSettings, type RuleTarget, thinEvidence } from './rule-settings';

export interface FewerReplicasInput {
  kind: Extract<RecommendationKind, 'ecs_desired_count' | 'scale_set_capacity'>;
  target: RuleTarget;
  /** The ECS service's desired count or the scale set's capacity. */
  count: number;
  /** What one replica costs a month, and where that figure comes from. */
  monthlyPerReplica: number;
  savingBasis: string;
  currency: string;
  use: Utilisation;
}

const PARAM = { ecs_desired_count: 'desiredCount', scale_set_capacity: 'capacity' } as const;
const NOUN = { ecs_desired_count: 'tasks', scale_set_capacity: 'instances' } as const;

/**
 * A service (or scale set) whose replicas share the load: `count × p95` of work fits on
 * `ceil(count × p95 / target)` replicas at the target p95. Never fewer than one, and a
 * replicated production service keeps two.
 */
export function fewerReplicas(
  input: FewerReplicasInput,
  settings: RuleSettings,
): FoundRecommendation | undefined {
  const { use, target, count } = input;
  if (count < 2 || use.samples < settings.minSamples) return undefined;
  const production = isProduction(target.tags);
  const floor = production ? 2 : 1;
  const needed = Math.max(floor, Math.ceil((count * use.p95) / settings.targetP95Percent));
  if (needed >= count) return undefined;
  const projected = Math.round(((count * use.p95) / needed) * 10) / 10;
  const thin = thinEvidence(use.spanHours, settings.windowDays);
  return {
    kind: input.kind,
    resourceUrn: target.urn,
    subjectKey: input.kind,
    title: `Run ${needed} ${NOUN[input.kind]} instead of ${count}`,
    monthlySaving: toCents((count - needed) * input.monthlyPerReplica),
    currency: input.currency,
    risk:
      needed === 1
        ? { level: 'medium', reason: 'one replica left: no redundancy while it restarts' }
        : thin
          ? { level: 'medium', reason: thin }
          : { level: 'low', reason: `CPU p95 per replica would be ${projected} %` },
    effort: 'low',
    evidence: {
      ...evidenceOf(use, settings.windowDays),
      currentCount: count,
      targetCount: needed,
      projectedP95Percent: projected,
      targetP95Percent: settings.targetP95Percent,
      monthlyPerReplica: toCents(input.monthlyPerReplica),
      savingBasis: input.savingBasis,
    },
    action: { type: 'scale', params: { [PARAM[input.kind]]: needed } },
  };
}
