import type { Analysis } from './analysis.entity';
import type { ProposedAction } from './answer/parse-answer';

export interface AnalysisView {
  id: string;
  subject: { kind: string; id: string };
  text: string;
  citations: string[];
  proposedActions: ProposedAction[];
  fallback: boolean;
  reason: string | null;
  model: string | null;
  template: { key: string; version: number };
  usage: { promptTokens: number; completionTokens: number; costUsd: string };
  redactions: Record<string, number>;
  createdAt: string;
}

export function toAnalysisView(analysis: Analysis): AnalysisView {
  return {
    id: analysis.id,
    subject: { kind: analysis.subjectKind, id: analysis.subjectId },
    text: analysis.text,
    citations: analysis.citations,
    proposedActions: analysis.proposedActions,
    fallback: analysis.fallback,
    reason: analysis.fallbackReason,
    model: analysis.model,
    template: { key: analysis.templateKey, version: analysis.templateVersion },
    usage: {
      promptTokens: analysis.promptTokens,
      completionTokens: analysis.completionTokens,
      costUsd: analysis.costUsd,
    },
    redactions: analysis.redactions,
    createdAt: analysis.createdAt.toISOString(),
  };
}
