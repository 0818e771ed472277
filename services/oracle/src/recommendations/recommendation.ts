/** What the oracle recommends: sizing, stopping, scaling and storage tiering. */
export const RECOMMENDATION_KINDS = [
  'rightsizing',
  'idle',
  'ecs_desired_count',
  'scale_set_capacity',
  'storage_tiering',
] as const;
export type RecommendationKind = (typeof RECOMMENDATION_KINDS)[number];

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const EFFORT_LEVELS = ['low', 'medium', 'high'] as const;
export type EffortLevel = (typeof EFFORT_LEVELS)[number];

/** The catalogue action that carries a recommendation out, as aetherium's pipeline takes it. */
export interface ProposedAction {
  type: string;
  params: Record<string, unknown>;
}

/** One recommendation as a rule finds it, before it is stored. */
export interface FoundRecommendation {
  kind: RecommendationKind;
  resourceUrn: string;
  /** Tells apart two recommendations of one kind on one resource (a bucket's prefixes). */
  subjectKey: string;
  title: string;
  /** Monthly, in `currency`; what the change is expected to save. */
  monthlySaving: number;
  currency: string;
  risk: { level: RiskLevel; reason: string };
  effort: EffortLevel;
  evidence: Record<string, unknown>;
  /** null when no catalogue action does it (it is then advice only, and cannot be applied). */
  action: ProposedAction | null;
}

/** Hours in an average month, as list-price monthly figures count them. */
export const HOURS_PER_MONTH = 730;

export const toCents = (amount: number): number => Math.round(amount * 100) / 100;
