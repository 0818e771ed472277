import { timestampDate } from '@bufbuild/protobuf/wkt';
import { ActionOutcome as Outcome } from '@codex/contracts';
import type { DeliveredEvent } from '@codex/messaging';
import { asSystem } from '@codex/persistence';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { ActionOutcome } from './action-outcome.entity';

type Completed = DeliveredEvent<'action.completed'>;

const OUTCOMES: Record<number, ActionOutcome['outcome']> = {
  [Outcome.SUCCEEDED]: 'succeeded',
  [Outcome.FAILED]: 'failed',
  [Outcome.REJECTED]: 'rejected',
};

/** Records every finished action: cost anomalies cite the actions around them, savings start from them. */
@Injectable()
export class ActionOutcomes {
  async apply(events: Completed[], manager: EntityManager): Promise<void> {
    const rows = events.map(({ payload }) => ({
      action_id: payload.actionId,
      tenant_id: payload.tenantId,
      target_urn: payload.targetUrn,
      action_type: payload.actionType,
      outcome: OUTCOMES[payload.outcome] ?? 'unknown',
      result: payload.result ?? {},
      completed_at: (payload.completedAt
        ? timestampDate(payload.completedAt)
        : new Date()
      ).toISOString(),
    }));
    if (rows.length === 0) return;
    await asSystem(manager, 'records action outcomes of many tenants', (system) =>
      system.query(
        `INSERT INTO action_outcomes (action_id, tenant_id, target_urn, action_type, outcome, result, completed_at)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(action_id uuid, tenant_id varchar,
                target_urn varchar, action_type varchar, outcome varchar, result jsonb, completed_at timestamptz)
         ON CONFLICT ON CONSTRAINT pk_action_outcomes DO NOTHING`,
        [JSON.stringify(rows)],
      ),
    );
  }
}
