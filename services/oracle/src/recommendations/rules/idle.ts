import { type FoundRecommendation, HOURS_PER_MONTH, toCents } from '../recommendation';
import { evidenceOf, type Utilisation } from '../utilisation';
import { isProduction, type RuleSettings, type RuleTarget, thinEvidence } from './rule-settings';

/** Nights (12 h on weekdays) and weekends (48 h): the hours a stop schedule stops. */
export const STOP_SCHEDULE_HOURS_PER_WEEK = 5 * 12 + 48;

export interface IdleInput {
  target: RuleTarget;
  hourlyPrice: number;
  currency: string;
  use: Utilisation;
}

/**
 * A running resource whose CPU p95 and max both stayed low did nothing worth paying for:
 * stopping it saves its whole compute price. The evidence also prices the gentler choice, a
 * stop schedule for nights and weekends, which no catalogue action runs yet.
 */
export function idle(input: IdleInput, settings: RuleSettings): FoundRecommendation | undefined {
  const { use, target } = input;
  if (target.state !== 'running' || use.samples < settings.minSamples) return undefined;
  if (use.p95 >= settings.idleP95Percent || use.max >= settings.idleMaxPercent) return undefined;
  const monthly = input.hourlyPrice * HOURS_PER_MONTH;
  const thin = thinEvidence(use.spanHours, settings.windowDays);
  const production = isProduction(target.tags);
  return {
    kind: 'idle',
    resourceUrn: target.urn,
    subjectKey: 'idle',
    title: 'Stop an idle instance',
    monthlySaving: toCents(monthly),
    currency: input.currency,
    risk: production
      ? { level: 'high', reason: 'a production resource: whatever uses it now stops answering' }
      : thin
        ? { level: 'medium', reason: thin }
        : { level: 'medium', reason: 'stopping it ends whatever it still serves; disks are kept' },
    effort: 'low',
    evidence: {
      ...evidenceOf(use, settings.windowDays),
      hourlyPrice: input.hourlyPrice,
      stopSchedule: {
        offHoursPerWeek: STOP_SCHEDULE_HOURS_PER_WEEK,
        monthlySaving: toCents((monthly * STOP_SCHEDULE_HOURS_PER_WEEK) / (7 * 24)),
      },
    },
    action: { type: 'stop', params: {} },
  };
}
