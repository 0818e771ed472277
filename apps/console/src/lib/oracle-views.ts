/**
 * The oracle's and the insights' responses as the console reads them, written after the
 * services' zod schemas (oracle: anomaly.schemas.ts, forecast.schemas.ts, recommendation-view.ts,
 * identity-risk.schemas.ts, analysis-view.ts; aetherium: insight.schemas.ts). The snapshot in
 * src/api/openapi.json may predate some routes; pages/oracle/oracle-api.ts types the one client
 * with these shapes.
 */
export interface RootCause {
  dimension: string;
  value: string;
  share: number;
}

export interface Anomaly {
  id: string;
  source: 'cost' | 'metric';
  seriesKey: string;
  subjectUrn: string;
  direction: 'increase' | 'decrease';
  startedAt: string;
  endedAt: string;
  score: number;
  actual: number;
  expected: number;
  impact: number | null;
  currency: string | null;
  details: Record<string, unknown>;
  detectedAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const SENSITIVITIES = ['low', 'medium', 'high'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

export interface AnomalySettings {
  sensitivity: Sensitivity;
  minDailyImpact: number;
}

export type ForecastScopeKind = 'all' | 'account' | 'service';

export interface ForecastPoint {
  date: string;
  mean: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

export interface Forecast {
  kind: ForecastScopeKind;
  value: string | null;
  metric: 'billed' | 'effective';
  currency: string;
  lastActualDay: string;
  generatedAt: string;
  month: { month: string; monthToDate: number; projected: number; lo80: number; hi80: number };
  actual: { date: string; cost: number }[];
  points: ForecastPoint[];
}

export const RECOMMENDATION_STATUSES = [
  'open',
  'applied',
  'executed',
  'measured',
  'failed',
  'dismissed',
  'superseded',
] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

export interface MeasuredSaving {
  realisedMonthlySaving: number;
  averageDailyBefore: number;
  averageDailyAfter: number;
  daysBefore: number;
  daysAfter: number;
  currency: string;
  measuredAt: string;
}

export interface Recommendation {
  id: string;
  kind: string;
  resourceUrn: string;
  status: RecommendationStatus;
  title: string;
  saving: { monthly: number; currency: string };
  risk: { level: 'low' | 'medium' | 'high'; reason: string };
  effort: 'low' | 'medium' | 'high';
  evidence: Record<string, unknown>;
  action: Record<string, unknown> | null;
  draftActionId: string | null;
  appliedBy: string | null;
  appliedAt: string | null;
  executedAt: string | null;
  realised: MeasuredSaving | null;
  createdAt: string;
  updatedAt: string;
}

export interface IdentityRisk {
  identityUrn: string;
  risk: number;
  signals: number;
  kinds: string[];
  lastSignalAt: string;
}

export interface IdentityRiskList extends Page<IdentityRisk> {
  asOf: string;
}

export interface RiskSignal {
  id: string;
  kind: string;
  identityUrn: string;
  subjectUrn: string;
  loginIds: string[];
  occurredAt: string;
  details: Record<string, unknown>;
  risk: number | null;
  detectedAt: string;
}

export const INSIGHT_KINDS = ['forecast', 'anomaly', 'recommendation', 'analysis'] as const;
export type InsightKind = (typeof INSIGHT_KINDS)[number];

export interface Insight {
  id: string;
  kind: InsightKind;
  severity: 'info' | 'low' | 'medium' | 'high' | 'critical';
  subjectUrn: string;
  type: string;
  title: string;
  summary: string;
  details: Record<string, unknown>;
  producedBy: string;
  generatedAt: string;
  validUntil: string | null;
  status: 'open' | 'superseded' | 'dismissed' | 'resolved';
  statusReason: string | null;
  statusChangedBy: string | null;
  statusChangedAt: string | null;
  supersededBy: string | null;
  receivedAt: string;
}

export type AnalysisSubjectKind = 'insight' | 'resource' | 'cost_scope';

export interface AnalysisSubject {
  kind: AnalysisSubjectKind;
  id: string;
}

export interface Analysis {
  id: string;
  subject: AnalysisSubject;
  text: string;
  citations: string[];
  fallback: boolean;
  reason: string | null;
  model: string | null;
}
