import { create, type JsonObject } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { ActionRequestedSchema } from '@codex/contracts';
import { Outbox } from '@codex/messaging';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { type Action } from './action.entity';
import { ActionLedger } from './action-ledger';
import { ACTIONS_CONFIG, type ActionsConfig } from './actions-config';

/** Sends an approved action to its executor as `action.requested`, in the ledger's transaction. */
@Injectable()
export class ActionDispatch {
  constructor(
    private readonly outbox: Outbox,
    private readonly ledger: ActionLedger,
    @Inject(ACTIONS_CONFIG) private readonly config: ActionsConfig,
  ) {}

  async dispatch(manager: EntityManager, action: Action): Promise<void> {
    const now = new Date();
    action.status = 'dispatched';
    action.dispatchedAt = now;
    await manager.save(action);
    await this.outbox.add(manager, 'action.requested', [
      {
        payload: create(ActionRequestedSchema, {
          actionId: action.id,
          tenantId: action.tenantId,
          idempotencyKey: action.idempotencyKey,
          targetUrn: action.targetUrn,
          actionType: action.type,
          executor: action.executor,
          params: action.params as JsonObject,
          reason: action.reason,
          requestedBy: action.requestedBy,
          approvedBy: action.decidedBy ?? '',
          requestedAt: timestampFromDate(action.requestedAt),
          expiresAt: timestampFromDate(
            new Date(now.getTime() + this.config.executionWindowSeconds * 1000),
          ),
        }),
        metadata: { key: action.id, tenantId: action.tenantId, subject: action.targetUrn },
      },
    ]);
    await this.ledger.record(manager, action, 'dispatched', 'aetherium');
  }
}
