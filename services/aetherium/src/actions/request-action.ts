import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';

import type { Principal } from '@codex/auth';
import type { ActionCatalogue } from '@codex/contracts';
import { withTenant } from '@codex/persistence';
import { ProblemException, ValidationProblem } from '@codex/platform';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { InventoryReader } from '../inventory/inventory-reader';
import { Action } from './action.entity';
import { ActionDispatch } from './action-dispatch';
import { ActionLedger } from './action-ledger';
import { type ActionPlan, planAction } from './action-plan';
import { type ActionView, toActionView } from './action-view';
import { ACTIONS_CONFIG, type ActionsConfig, CATALOGUE } from './actions-config';
import type { ActionRequest } from './api/action.schemas';
import { needsApproval } from './approval-policy';

export interface DryRunResult {
  dryRun: true;
  plan: ActionPlan;
  requiresApproval: boolean;
}

export type RequestResult = { created: boolean; action: ActionView } | DryRunResult;

/**
 * Checks an action against the target as the inventory knows it, then either
 * answers the plan (dry run, nothing recorded) or records it in the ledger:
 * a draft waits for someone to submit it, production targets wait for an
 * approver, others go out at once. The same idempotency key returns the action
 * already recorded.
 */
@Injectable()
export class RequestAction {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inventory: InventoryReader,
    private readonly ledger: ActionLedger,
    private readonly dispatch: ActionDispatch,
    @Inject(ACTIONS_CONFIG) private readonly config: ActionsConfig,
    @Inject(CATALOGUE) private readonly catalogue: ActionCatalogue,
  ) {}

  async request(
    caller: Principal,
    request: ActionRequest,
    idempotencyKey: string | undefined,
  ): Promise<RequestResult> {
    const target = await this.inventory.get(caller, request.targetUrn);
    const planned = planAction(this.catalogue, target, request.type, request.params);
    if ('problems' in planned) throw new ValidationProblem(planned.problems);
    const requiresApproval = needsApproval(
      target,
      planned.definition,
      this.config.approval,
      planned.params,
    );
    if (request.dryRun) return { dryRun: true, plan: planned.plan, requiresApproval };
    if (!idempotencyKey) {
      throw new ValidationProblem([
        { field: 'header.idempotency-key', message: 'is required unless dryRun is true' },
      ]);
    }
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const existing = await manager.findOneBy(Action, {
        tenantId: caller.tenantId,
        idempotencyKey,
      });
      if (existing) return { created: false, action: toActionView(sameRequest(existing, request)) };
      const action = manager.create(Action, {
        id: randomUUID(),
        tenantId: caller.tenantId,
        idempotencyKey,
        targetUrn: target.urn,
        type: request.type,
        executor: planned.definition.executor,
        params: planned.params,
        reason: request.reason,
        plan: { ...planned.plan },
        status: request.draft ? 'draft' : 'pending_approval',
        requiresApproval,
        requestedBy: caller.subject,
        requestedByPerson: caller.person,
        requestedAt: new Date(),
        decidedBy: null,
        decidedAt: null,
        dispatchedAt: null,
        completedAt: null,
        executions: 0,
        outcomeMessage: null,
        result: null,
      });
      await manager.save(action);
      await this.ledger.record(
        manager,
        action,
        request.draft ? 'drafted' : 'requested',
        caller.subject,
        {
          reason: request.reason,
          requiresApproval,
        },
      );
      if (!requiresApproval && !request.draft) await this.dispatch.dispatch(manager, action);
      return { created: true, action: toActionView(action) };
    });
  }
}

function sameRequest(existing: Action, request: ActionRequest): Action {
  const same =
    existing.targetUrn === request.targetUrn &&
    existing.type === request.type &&
    isDeepStrictEqual(existing.params, request.params);
  if (!same) {
    throw new ProblemException(
      409,
      'idempotency_key_reused',
      'this Idempotency-Key was already used for a different action',
    );
  }
  return existing;
}
