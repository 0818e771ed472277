import type { Principal } from '@codex/auth';
import type { ActionCatalogue } from '@codex/contracts';
import { withTenant } from '@codex/persistence';
import { ProblemException, ValidationProblem } from '@codex/platform';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { InventoryReader } from '../inventory/inventory-reader';
import type { Action } from './action.entity';
import { ActionDispatch } from './action-dispatch';
import { ActionLedger } from './action-ledger';
import { planAction } from './action-plan';
import { type ActionView, toActionView } from './action-view';
import { ACTIONS_CONFIG, type ActionsConfig, CATALOGUE } from './actions-config';
import { needsApproval } from './approval-policy';

/**
 * A person submits a draft (proposed by a recommendation, an analysis, or a colleague): it is
 * planned again against the target as the inventory knows it now, becomes the submitter's
 * request, and then waits for an approver or goes out like any other. Or they discard it.
 */
@Injectable()
export class SubmitAction {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inventory: InventoryReader,
    private readonly ledger: ActionLedger,
    private readonly dispatch: ActionDispatch,
    @Inject(ACTIONS_CONFIG) private readonly config: ActionsConfig,
    @Inject(CATALOGUE) private readonly catalogue: ActionCatalogue,
  ) {}

  async submit(caller: Principal, id: string): Promise<ActionView> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const action = draftOnly(await this.ledger.lock(caller, id, manager));
      const target = await this.inventory.get(caller, action.targetUrn);
      const planned = planAction(this.catalogue, target, action.type, action.params);
      if ('problems' in planned) throw new ValidationProblem(planned.problems);
      const requiresApproval = needsApproval(
        target,
        planned.definition,
        this.config.approval,
        planned.params,
      );
      const draftedBy = action.requestedBy;
      Object.assign(action, {
        plan: { ...planned.plan },
        requiresApproval,
        status: 'pending_approval',
        requestedBy: caller.subject,
        requestedByPerson: caller.person,
        requestedAt: new Date(),
      });
      await manager.save(action);
      await this.ledger.record(manager, action, 'submitted', caller.subject, {
        draftedBy,
        requiresApproval,
      });
      if (!requiresApproval) await this.dispatch.dispatch(manager, action);
      return toActionView(action);
    });
  }

  async discard(caller: Principal, id: string): Promise<ActionView> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const action = draftOnly(await this.ledger.lock(caller, id, manager));
      action.status = 'rejected';
      action.decidedBy = caller.subject;
      action.decidedAt = new Date();
      await manager.save(action);
      await this.ledger.record(manager, action, 'discarded', caller.subject, {});
      return toActionView(action);
    });
  }
}

function draftOnly(action: Action): Action {
  if (action.status !== 'draft') {
    throw new ProblemException(
      409,
      'not_draft',
      `action ${action.id} is ${action.status}, not a draft`,
    );
  }
  return action;
}
