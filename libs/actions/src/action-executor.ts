import { create, type JsonObject } from '@bufbuild/protobuf';
import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import { ProviderError } from '@codex/connectors';
import { ActionCompletedSchema, ActionOutcome } from '@codex/contracts';
import type { Outbox } from '@codex/messaging';
import { withTenant } from '@codex/persistence';
import type { DataSource, EntityManager } from 'typeorm';

import { ActionExecution, type ExecutionStatus } from './action-execution.entity';
import type { ActionHandler, ActionRequest, ObservedResource } from './action-handler';
import type { Disposition, ExecutorMetrics } from './executor-metrics';
import { resourceDiscoveredEvent } from './resource-discovered-event';

interface Ending {
  status: Exclude<ExecutionStatus, 'executing'>;
  message: string;
  result: JsonObject;
  observed?: ObservedResource;
}

const OUTCOMES = {
  succeeded: ActionOutcome.SUCCEEDED,
  failed: ActionOutcome.FAILED,
  rejected: ActionOutcome.REJECTED,
} as const;

export interface ActionExecutorOptions {
  /** The executor's name in the action catalogue. */
  name: string;
  dataSource: DataSource;
  outbox: Outbox;
  handler: ActionHandler;
  metrics: ExecutorMetrics;
  /** Whether an action.requested that names no executor (sent before it did) is this one's. */
  ownsUnnamed?: (request: ActionRequest) => boolean;
}

/**
 * Runs the actions one executor owns exactly once per idempotency key. The key is claimed
 * in its own committed transaction before the provider is called; a second delivery finds
 * the claim and does nothing, and one that finds a claim still "executing" (the executor
 * died mid-call) reports the action failed instead of running it again blindly. An expired
 * action is rejected unstarted. The completion, and on success the target's verified new
 * state as `resource.discovered`, are written in one transaction, in the tenant's scope.
 */
export class ActionExecutor {
  constructor(private readonly options: ActionExecutorOptions) {}

  owns(request: ActionRequest): boolean {
    if (request.executor) return request.executor === this.options.name;
    return this.options.ownsUnnamed?.(request) ?? false;
  }

  async handle(request: ActionRequest, manager: EntityManager): Promise<void> {
    if (!this.owns(request)) return this.count('not_owned');
    const claimed = await this.claim(request);
    if (claimed === 'duplicate') return this.count('duplicate');
    this.count(claimed === 'claimed' ? 'executed' : 'interrupted');
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

  private async run(request: ActionRequest): Promise<Ending> {
    if (request.expiresAt && timestampDate(request.expiresAt) < new Date()) {
      return {
        status: 'rejected',
        message: 'the action expired before it could start',
        result: {},
      };
    }
    try {
      const outcome = await this.options.handler.execute(request);
      return outcome.status === 'rejected'
        ? { status: 'rejected', message: outcome.message, result: {} }
        : outcome;
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      return {
        status: 'failed',
        message: `${error.providerCode}: ${error.message}`,
        result: { code: error.code, providerCode: error.providerCode },
      };
    }
  }

  private claim(request: ActionRequest): Promise<'claimed' | 'duplicate' | 'interrupted'> {
    return withTenant(this.options.dataSource, request.tenantId, async (manager) => {
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

  private async finish(
    manager: EntityManager,
    request: ActionRequest,
    ending: Ending,
  ): Promise<void> {
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
      await this.options.outbox.add(manager, 'resource.discovered', [
        resourceDiscoveredEvent(request.tenantId, ending.observed),
      ]);
    }
    await this.options.outbox.add(manager, 'action.completed', [
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
          executor: this.options.name,
          completedAt: timestampFromDate(completedAt),
        }),
        metadata: { key: request.actionId, tenantId: request.tenantId, subject: request.targetUrn },
      },
    ]);
  }

  private count(disposition: Disposition): void {
    this.options.metrics.deliveries.inc({ executor: this.options.name, disposition });
  }
}
