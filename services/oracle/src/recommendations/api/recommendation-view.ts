import type { Recommendation } from '../recommendation.entity';

export interface RecommendationView {
  id: string;
  kind: Recommendation['kind'];
  resourceUrn: string;
  status: Recommendation['status'];
  title: string;
  saving: { monthly: number; currency: string };
  risk: { level: Recommendation['riskLevel']; reason: string };
  effort: Recommendation['effort'];
  evidence: Record<string, unknown>;
  action: Recommendation['action'];
  draftActionId: string | null;
  appliedBy: string | null;
  appliedAt: string | null;
  executedAt: string | null;
  /** What the bills show it saved, once the action ran and days after it are billed. */
  realised:
    (NonNullable<Recommendation['realised']> & { currency: string; measuredAt: string }) | null;
  createdAt: string;
  updatedAt: string;
}

const iso = (at: Date | null) => (at === null ? null : at.toISOString());

export function toRecommendationView(row: Recommendation): RecommendationView {
  return {
    id: row.id,
    kind: row.kind,
    resourceUrn: row.resourceUrn,
    status: row.status,
    title: row.title,
    saving: { monthly: Number(row.monthlySaving), currency: row.currency.trim() },
    risk: { level: row.riskLevel, reason: row.riskReason },
    effort: row.effort,
    evidence: row.evidence,
    action: row.action,
    draftActionId: row.draftActionId,
    appliedBy: row.appliedBy,
    appliedAt: iso(row.appliedAt),
    executedAt: iso(row.executedAt),
    realised:
      row.realised && row.measuredAt
        ? {
            ...row.realised,
            currency: row.currency.trim(),
            measuredAt: row.measuredAt.toISOString(),
          }
        : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
