import type { Principal } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { ProblemException } from '@codex/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { ActionDispatch } from './action-dispatch';
import { ActionLedger } from './action-ledger';
import { type ActionView, toActionView } from './action-view';

/**
 * An approver approves or rejects an action that waits; nobody decides their
 * own, whichever credential either used (their token, or an API key or machine
 * client they created).
 */
@Injectable()
export class DecideAction {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: ActionLedger,
    private readonly dispatch: ActionDispatch,
  ) {}

  approve(approver: Principal, id: string, comment?: string): Promise<ActionView> {
    return this.decide(approver, id, 'approved', comment);
  }

  reject(approver: Principal, id: string, comment?: string): Promise<ActionView> {
    return this.decide(approver, id, 'rejected', comment);
  }

  private decide(
    approver: Principal,
    id: string,
    decision: 'approved' | 'rejected',
    comment: string | undefined,
  ): Promise<ActionView> {
    return withTenant(this.dataSource, approver.tenantId, async (manager) => {
      const action = await this.ledger.lock(approver, id, manager);
      if (action.status !== 'pending_approval') {
        throw new ProblemException(
          409,
          'not_pending',
          `action ${id} is ${action.status}, not pending approval`,
        );
      }
      if (action.requestedByPerson === approver.person) {
        throw new ProblemException(
          403,
          'own_action',
          'an action cannot be approved or rejected by the person who requested it, through any credential',
        );
      }
      action.decidedBy = approver.subject;
      action.decidedAt = new Date();
      await this.ledger.record(
        manager,
        action,
        decision,
        approver.subject,
        comment ? { comment } : {},
      );
      if (decision === 'approved') {
        await this.dispatch.dispatch(manager, action);
      } else {
        action.status = 'rejected';
        await manager.save(action);
      }
      return toActionView(action);
    });
  }
}
