import type { EntityManager } from 'typeorm';

export const SUBJECT_KINDS = ['insight', 'resource', 'cost_scope'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/** One fact the model may cite, by `id`; `targetUrn` when an action could target it. */
export interface ContextItem {
  id: string;
  text: string;
  targetUrn?: string;
  /** The action types the catalogue has for `targetUrn`, so a proposal can be checked. */
  actionTypes?: string[];
}

/** What an analysis is grounded in: the only data the model sees and may cite. */
export interface AnalysisContext {
  subject: string;
  items: ContextItem[];
}

/**
 * Where the data of one subject kind comes from. A feature with data to explain (anomalies,
 * forecasts, recommendations) implements one and registers it with AnalysisContextSources.
 */
export interface AnalysisContextSource {
  readonly kind: SubjectKind;
  /** Reads in the caller's tenant (`manager` is scoped to it); undefined when there is no such subject. */
  load(manager: EntityManager, tenantId: string, id: string): Promise<AnalysisContext | undefined>;
}
