import { timestampDate } from '@bufbuild/protobuf/wkt';
import { ActionOutcome } from '@codex/contracts';
import type { DeliveredEvent } from '@codex/messaging';
import { withTenant } from '@codex/persistence';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { Action } from './action.entity';
import { ActionLedger } from './action-ledger';

type Completed = DeliveredEvent<'action.completed'>;

/**
 * Closes ledger entries from the executors' `action.completed` events, each in its own
 * tenant's scope: an event never touches another tenant's action. An action goes from
 * dispatched to its final state once, by its own executor; a late, duplicate or contrary
 * completion, or one from an executor that does not own the action, is kept in its history
 * and counted, but never changes the state.
 */
@Injectable()
export class ActionCompletions {
  constructor(private readonly ledger: ActionLedger) {}

  async apply(events: Completed[], manager: EntityManager): Promise<void> {
    for (const event of events) {
      await withTenant(manager, event.payload.tenantId, (scoped) => this.close(event, scoped));
    }
  }

  private async close({ payload }: Completed, manager: EntityManager): Promise<void> {
    const action = await manager.findOne(Action, {
      where: { id: payload.actionId, tenantId: payload.tenantId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!action) return;
    const reported = { outcome: ActionOutcome[payload.outcome], message: payload.message };
    action.executions += 1;
    const ignored = ignoredBecause(action, payload.executor);
    if (ignored) {
      await manager.save(action);
      await this.ledger.record(manager, action, 'completion_ignored', payload.executor, {
        ...reported,
        status: action.status,
        ignored,
      });
      return;
    }
    const succeeded = payload.outcome === ActionOutcome.SUCCEEDED;
    action.status = succeeded ? 'succeeded' : 'failed';
    action.completedAt = payload.completedAt ? timestampDate(payload.completedAt) : new Date();
    action.outcomeMessage = payload.message;
    action.result = payload.result ?? {};
    await manager.save(action);
    await this.ledger.record(manager, action, action.status, payload.executor, reported);
  }
}

function ignoredBecause(action: Action, executor: string): string | undefined {
  if (action.executor !== executor) return `${executor} does not own this action`;
  if (action.status !== 'dispatched') return `the action was already ${action.status}`;
  return undefined;
}
