import { create, type JsonObject } from '@bufbuild/protobuf';
import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import { ActionExecution, type ExecutionStatus } from '@codex/actions';
import { ProviderError } from '@codex/connectors';
import { ActionCompletedSchema, ActionOutcome, type EventOf } from '@codex/contracts';
import { Outbox } from '@codex/messaging';
import { withTenant } from '@codex/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import type { ComputeActionsPort, DiscoveredResource } from '../compute/ports';
import { resourceDiscoveredEvent } from '../discovery/resource-discovered-event';
import { computeActionFor, ownsTarget } from './compute-action-for';
import { ACTION_ACCOUNTS, type ActionAccounts, COMPUTE_ACTIONS } from './ports';

type Requested = EventOf<'action.requested'>;

interface Ending {
  status: Exclude<ExecutionStatus, 'executing'>;
  message: string;
  result: JsonObject;
  /** The target's new state, read when the outcome was verified. */
  observed?: { target: DiscoveredResource; observedAt: Date };
}

const OUTCOMES = {
  succeeded: ActionOutcome.SUCCEEDED,
  failed: ActionOutcome.FAILED,
  rejected: ActionOutcome.REJECTED,
} as const;

/**
 * Executes an approved action against AWS exactly once per idempotency key.
 * The key is claimed in its own committed transaction before AWS is called;
 * a second delivery finds the claim and does nothing, and a delivery that
 * finds a claim still "executing" (the executor died mid-call) reports the
 * action as failed instead of running it again blindly. A verified success publishes the
 * target's new state as `resource.discovered` in the same transaction as `action.completed`,
 * so the inventory shows it without waiting for a discovery run. Every read and write is in
 * the requesting tenant's scope.
 */
@Injectable()
export class ExecuteAction {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(ACTION_ACCOUNTS) private readonly accounts: ActionAccounts,
    @Inject(COMPUTE_ACTIONS) private readonly compute: ComputeActionsPort,
  ) {}

  async handle(request: Requested, manager: EntityManager): Promise<void> {
    if (!ownsTarget(request.targetUrn)) return;
    const claimed = await this.claim(request);
    if (claimed === 'duplicate') return;
    const ending: Ending =
      claimed === 'interrupted'
        ? {
            status: 'failed',
            message:
              'the executor stopped while this action ran; check the target before trying again with a new key',
            result: {},
          }
        : await this.run(request);
    await withTenant(manager, request.tenantId, (scoped) => this.finish(scoped, request, ending));
  }

  private async run(request: Requested): Promise<Ending> {
    if (request.expiresAt && timestampDate(request.expiresAt) < new Date()) {
      return {
        status: 'rejected',
        message: 'the action expired before it could start',
        result: {},
      };
    }
    const translated = computeActionFor(request.targetUrn, request.actionType, request.params);
    if ('refusal' in translated)
      return { status: 'rejected', message: translated.refusal, result: {} };
    const access = await this.accounts.accessFor(request.tenantId, translated.externalAccountId);
    if (!access) {
      return {
        status: 'rejected',
        message: `AWS account ${translated.externalAccountId} is not connected for this tenant`,
        result: {},
      };
    }
    try {
      const outcome = await this.compute.execute(access, translated.action);
      return {
        status: 'succeeded',
        message: `${request.actionType} done and verified`,
        result: { before: { ...outcome.before }, after: { ...outcome.after } },
        observed: { target: outcome.target, observedAt: outcome.observedAt },
      };
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      return {
        status: 'failed',
        message: `${error.code}: ${error.message}`,
        result: { code: error.code },
      };
    }
  }

  private claim(request: Requested): Promise<'claimed' | 'duplicate' | 'interrupted'> {
    return withTenant(this.dataSource, request.tenantId, async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO action_executions (tenant_id, idempotency_key, action_id, status, started_at)
         VALUES ($1, $2, $3, 'executing', now())
         ON CONFLICT ON CONSTRAINT pk_action_executions DO NOTHING
         RETURNING action_id`,
        [request.tenantId, request.idempotencyKey, request.actionId],
      );
      if (inserted.length > 0) return 'claimed';
      const existing = await manager.findOneBy(ActionExecution, {
        tenantId: request.tenantId,
        idempotencyKey: request.idempotencyKey,
      });
      return existing?.status === 'executing' ? 'interrupted' : 'duplicate';
    });
  }

  private async finish(manager: EntityManager, request: Requested, ending: Ending): Promise<void> {
    const completedAt = new Date();
    await manager.query(
      `UPDATE action_executions SET status = $3, completed_at = $4, message = $5, result = $6::jsonb
        WHERE tenant_id = $1 AND idempotency_key = $2`,
      [
        request.tenantId,
        request.idempotencyKey,
        ending.status,
        completedAt,
        ending.message,
        JSON.stringify(ending.result),
      ],
    );
    if (ending.observed) {
      const { target, observedAt } = ending.observed;
      await this.outbox.add(manager, 'resource.discovered', [
        resourceDiscoveredEvent(request.tenantId, target, observedAt),
      ]);
    }
    await this.outbox.add(manager, 'action.completed', [
      {
        payload: create(ActionCompletedSchema, {
          actionId: request.actionId,
          tenantId: request.tenantId,
          idempotencyKey: request.idempotencyKey,
          targetUrn: request.targetUrn,
          actionType: request.actionType,
          outcome: OUTCOMES[ending.status],
          message: ending.message,
          result: ending.result,
          executor: 'engine-core',
          completedAt: timestampFromDate(completedAt),
        }),
        metadata: { key: request.actionId, tenantId: request.tenantId, subject: request.targetUrn },
      },
    ]);
  }
}
