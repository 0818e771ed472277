import { randomUUID } from 'node:crypto';

import type { Principal } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { keysetPage, NotFoundProblem, type Page } from '@codex/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { Action } from './action.entity';
import { ActionEvent } from './action-event.entity';
import { type ActionView, toActionView } from './action-view';
import type { ActionHistoryQuery, ActionListQuery } from './api/action.schemas';

/**
 * Reads and appends to the action ledger; every transition leaves an audit row. Reads run in
 * the caller's tenant scope; writes take the use case's manager, already in that scope.
 */
@Injectable()
export class ActionLedger {
  constructor(private readonly dataSource: DataSource) {}

  get(caller: Principal, id: string): Promise<Action> {
    return withTenant(this.dataSource, caller.tenantId, (manager) =>
      this.find(manager, caller, id),
    );
  }

  /** The action, locked for a state change within the caller's transaction. */
  async lock(caller: Principal, id: string, manager: EntityManager): Promise<Action> {
    const action = await manager.findOne(Action, {
      where: { id, tenantId: caller.tenantId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!action) throw new NotFoundProblem(`action ${id}`);
    return action;
  }

  /** The tenant's actions, newest first, a page at a time. */
  list(caller: Principal, query: ActionListQuery): Promise<Page<ActionView>> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const select = manager
        .getRepository(Action)
        .createQueryBuilder('action')
        .where('action.tenant_id = :tenantId', { tenantId: caller.tenantId });
      if (query.status) select.andWhere('action.status = :status', { status: query.status });
      return keysetPage(
        select,
        {
          alias: 'action',
          timeColumn: 'requested_at',
          idColumn: 'id',
          idProperty: 'id',
          idCast: 'uuid',
          direction: 'DESC',
        },
        query,
        toActionView,
      );
    });
  }

  /** An action's audit trail, oldest first, a page at a time. */
  history(
    caller: Principal,
    id: string,
    query: ActionHistoryQuery,
  ): Promise<Page<ActionEventView>> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      await this.find(manager, caller, id);
      const select = manager
        .getRepository(ActionEvent)
        .createQueryBuilder('event')
        .where('event.tenant_id = :tenantId AND event.action_id = :id', {
          tenantId: caller.tenantId,
          id,
        });
      return keysetPage(
        select,
        {
          alias: 'event',
          timeColumn: 'occurred_at',
          idColumn: 'id',
          idProperty: 'id',
          idCast: 'uuid',
          direction: 'ASC',
        },
        query,
        toActionEventView,
      );
    });
  }

  private async find(manager: EntityManager, caller: Principal, id: string): Promise<Action> {
    const action = await manager.findOneBy(Action, { id, tenantId: caller.tenantId });
    if (!action) throw new NotFoundProblem(`action ${id}`);
    return action;
  }

  async record(
    manager: EntityManager,
    action: Pick<Action, 'id' | 'tenantId'>,
    event: string,
    actor: string,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await manager.save(
      manager.create(ActionEvent, {
        id: randomUUID(),
        actionId: action.id,
        tenantId: action.tenantId,
        event,
        actor,
        details,
        occurredAt: new Date(),
      }),
    );
  }
}

export type ActionEventView = Omit<ActionEvent, 'tenantId'>;

function toActionEventView(event: ActionEvent): ActionEventView {
  const { tenantId: _tenant, ...view } = event;
  return view;
}
