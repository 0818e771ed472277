import { randomUUID } from 'node:crypto';

import type { Principal } from '@codex/auth';
import { NotFoundProblem } from '@codex/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { Action } from './action.entity';
import { ActionEvent } from './action-event.entity';

/** Reads and appends to the action ledger; every transition leaves an audit row. */
@Injectable()
export class ActionLedger {
  constructor(private readonly dataSource: DataSource) {}

  async get(
    caller: Principal,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Action> {
    const action = isUuid(id)
      ? await manager.findOneBy(Action, { id, tenantId: caller.tenantId })
      : null;
    if (!action) throw new NotFoundProblem(`action ${id}`);
    return action;
  }

  /** The action, locked for a state change within the caller's transaction. */
  async lock(caller: Principal, id: string, manager: EntityManager): Promise<Action> {
    const action = isUuid(id)
      ? await manager.findOne(Action, {
          where: { id, tenantId: caller.tenantId },
          lock: { mode: 'pessimistic_write' },
        })
      : null;
    if (!action) throw new NotFoundProblem(`action ${id}`);
    return action;
  }

  list(caller: Principal, status: string | undefined, limit: number): Promise<Action[]> {
    return this.dataSource.manager.find(Action, {
      where: {
        tenantId: caller.tenantId,
        ...(status ? { status: status as Action['status'] } : {}),
      },
      order: { requestedAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }

  async history(caller: Principal, id: string): Promise<ActionEvent[]> {
    await this.get(caller, id);
    return this.dataSource.manager.find(ActionEvent, {
      where: { actionId: id, tenantId: caller.tenantId },
      order: { occurredAt: 'ASC' },
    });
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

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
