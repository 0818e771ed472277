import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  type InsightGenerated,
  InsightGeneratedSchema,
  InsightKind,
  InsightSeverity,
} from '@codex/contracts';

import type { RiskKind } from './detectors/sign-in';
import type { IdentityRiskSignal } from './identity-risk-signal.entity';

const SEVERITY: Record<RiskKind, InsightSeverity> = {
  impossible_travel: InsightSeverity.HIGH,
  dormant_admin_reactivation: InsightSeverity.HIGH,
  password_spray: InsightSeverity.HIGH,
  failure_burst: InsightSeverity.MEDIUM,
  new_country: InsightSeverity.MEDIUM,
  new_device: InsightSeverity.LOW,
};

const TITLE: Record<RiskKind, string> = {
  impossible_travel: 'Impossible travel',
  dormant_admin_reactivation: 'Dormant admin signed in again',
  password_spray: 'Password spray',
  failure_burst: 'Burst of failed sign-ins',
  new_country: 'Sign-in from a new country',
  new_device: 'Sign-in from a new device',
};

/** A signal as the `insight.generated` announcing it (details.type `identity_risk`). */
export function identityRiskInsight(signal: IdentityRiskSignal): InsightGenerated {
  return create(InsightGeneratedSchema, {
    insightId: signal.id,
    tenantId: signal.tenantId,
    kind: InsightKind.ANOMALY,
    severity: SEVERITY[signal.kind],
    subjectUrn: signal.subjectUrn,
    title: TITLE[signal.kind],
    summary: summaryOf(signal),
    details: {
      type: 'identity_risk',
      kind: signal.kind,
      dedupeKey: signal.kind,
      identityUrn: signal.identityUrn,
      loginIds: signal.loginIds,
      occurredAt: signal.occurredAt.toISOString(),
      risk: signal.risk,
      ...(signal.details as Record<string, string | number | boolean | string[] | null>),
    },
    producedBy: 'oracle',
    generatedAt: timestampFromDate(signal.detectedAt),
  });
}

function summaryOf(signal: IdentityRiskSignal): string {
  const d = signal.details;
  switch (signal.kind) {
    case 'impossible_travel':
      return `Signed in from ${String(d.fromCountry)} then ${String(d.toCountry)} (${String(d.distanceKm)} km) ${String(d.minutes)} minutes apart`;
    case 'failure_burst':
      return `${String(d.failures)} failed sign-ins within ${String(d.minutes)} minutes`;
    case 'password_spray':
      return `${String(d.ip)} failed sign-ins against ${String(d.accounts)} accounts within an hour`;
    case 'dormant_admin_reactivation':
      return `A privileged account signed in after ${String(d.quietDays)} quiet days`;
    case 'new_country':
      return `Signed in from ${String(d.country)}, a country it never signed in from`;
    case 'new_device':
      return `Signed in with ${String(d.family)}, never seen for this account`;
  }
}
