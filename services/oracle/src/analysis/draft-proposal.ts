import type { Principal } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { ProblemException } from '@codex/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { ActionDrafts, type DraftedAction } from '../actions/action-drafts';
import { Analysis } from './analysis.entity';

/**
 * Turns an action an analysis proposed into a DRAFT in aetherium's pipeline, as the caller.
 * Never more than a draft: someone reviews and submits it there. Asking twice answers the same draft.
 */
@Injectable()
export class DraftProposal {
  constructor(
    private readonly dataSource: DataSource,
    private readonly drafts: ActionDrafts,
  ) {}

  async draft(
    caller: Principal,
    authorization: string,
    analysisId: string,
    index: number,
  ): Promise<DraftedAction> {
    const analysis = await withTenant(this.dataSource, caller.tenantId, (manager) =>
      manager.findOneBy(Analysis, { id: analysisId, tenantId: caller.tenantId }),
    );
    if (!analysis)
      throw new ProblemException(404, 'analysis_not_found', `no analysis ${analysisId}`);
    const proposal = analysis.proposedActions[index];
    if (!proposal) {
      throw new ProblemException(
        404,
        'proposal_not_found',
        `analysis ${analysisId} has ${analysis.proposedActions.length} proposals; there is no proposal ${index}`,
      );
    }
    return this.drafts.create(authorization, {
      targetUrn: proposal.targetUrn,
      type: proposal.type,
      params: proposal.params,
      reason: `${proposal.reason} (proposed by LLM analysis ${analysisId})`,
      idempotencyKey: `analysis-${analysisId}-${index}`,
    });
  }
}
