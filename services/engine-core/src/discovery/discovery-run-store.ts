import { randomUUID } from 'node:crypto';

import { asSystem, withTenant } from '@codex/persistence';
import { type KeysetCursor, keysetPage, type Page } from '@codex/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { DiscoveryRun, type RunProgress, type RunTrigger } from './discovery-run.entity';

export interface RunRequest {
  tenantId: string;
  accountId: string;
  trigger: RunTrigger;
  requestedBy: string;
}

/** A run this replica claimed: its writes must carry the claim token. */
export interface ClaimedRun {
  id: string;
  tenantId: string;
  accountId: string;
  claimToken: string;
}

export interface RunOutcome {
  deleted: number;
  progress: RunProgress;
}

export interface RunListQuery {
  accountId?: string;
  limit: number;
  cursor?: KeysetCursor;
}

/** An account has a queued or running run already. */
export class RunInProgressError extends Error {
  override readonly name = 'RunInProgressError';
}

/** The tenant has no such connected account (unknown, another tenant's, or disconnected). */
export class AccountNotConnectedError extends Error {
  override readonly name = 'AccountNotConnectedError';
}

/** Another replica took the run over (this one looked dead): stop writing to it. */
export class RunLostError extends Error {
  override readonly name = 'RunLostError';
}

/**
 * discovery_runs: enqueueing, claiming with SKIP LOCKED under a short lease, progress and
 * outcome. A run's own reads and writes are in its tenant's scope; only the scheduler and
 * the claim, which look across tenants, run in the system scope (ADR 12).
 */
@Injectable()
export class DiscoveryRunStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Queues a run of a connected account of the tenant, in one statement, so an account
   * disconnected meanwhile is never queued. Throws AccountNotConnectedError, or
   * RunInProgressError when the account has a queued or running run.
   */
  enqueue(request: RunRequest): Promise<DiscoveryRun> {
    return withTenant(this.dataSource, request.tenantId, async (manager) => {
      const [row] = await manager.query<{ id: string | null }[]>(
        `WITH account AS (
           SELECT account_id FROM connected_accounts
            WHERE tenant_id = $2 AND account_id = $3 AND status = 'connected'
            FOR SHARE),
         inserted AS (
           INSERT INTO discovery_runs (id, tenant_id, account_id, trigger, status, requested_by)
           SELECT $1, $2, account_id, $4, 'queued', $5 FROM account
           ON CONFLICT (account_id) WHERE status IN ('queued', 'running') DO NOTHING
           RETURNING id)
         SELECT (SELECT id FROM inserted) AS id, EXISTS (SELECT 1 FROM account) AS connected`,
        [randomUUID(), request.tenantId, request.accountId, request.trigger, request.requestedBy],
      );
      const result = row as { id: string | null; connected: boolean } | undefined;
      if (!result?.connected) {
        throw new AccountNotConnectedError(`account ${request.accountId} is not connected`);
      }
      if (!result.id) {
        throw new RunInProgressError(
          `account ${request.accountId} has a discovery run in progress`,
        );
      }
      return manager.getRepository(DiscoveryRun).findOneByOrFail({ id: result.id });
    });
  }

  /**
   * A 'schedule' run for every connected account whose latest run started longer ago than
   * the interval. Replicas racing here enqueue one run per account at most.
   */
  enqueueDue(intervalMinutes: number): Promise<number> {
    return asSystem(
      this.dataSource,
      'the scheduler queues runs of every tenant',
      async (manager) => {
        const inserted = await manager.query<{ id: string }[]>(
          `INSERT INTO discovery_runs (id, tenant_id, account_id, trigger, status, requested_by)
         SELECT gen_random_uuid(), a.tenant_id, a.account_id, 'schedule', 'queued', 'scheduler'
           FROM connected_accounts a
          WHERE a.status = 'connected'
            AND NOT EXISTS (
              SELECT 1 FROM discovery_runs r
               WHERE r.account_id = a.account_id
                 AND (r.status IN ('queued', 'running') OR r.created_at > now() - make_interval(mins => $1)))
         ON CONFLICT DO NOTHING
         RETURNING id`,
          [intervalMinutes],
        );
        return inserted.length;
      },
    );
  }

  /**
   * The oldest queued run, or a running one whose replica has not beaten for
   * `staleAfterSeconds` (it died); none when idle.
   */
  claim(staleAfterSeconds: number): Promise<ClaimedRun | undefined> {
    const claimToken = randomUUID();
    return asSystem(
      this.dataSource,
      'a runner claims the next run of any tenant',
      async (manager) => {
        const [rows] = await manager.query<
          [{ id: string; tenant_id: string; account_id: string }[], number]
        >(
          `UPDATE discovery_runs SET
           status = 'running', claim_token = $1, heartbeat_at = now(), started_at = now(),
           discovered_count = 0, deleted_count = 0, metrics_count = 0, progress = '{}'::jsonb
         WHERE id = (
           SELECT id FROM discovery_runs
            WHERE status = 'queued'
               OR (status = 'running' AND heartbeat_at < now() - make_interval(secs => $2))
            ORDER BY created_at
            LIMIT 1
            FOR UPDATE SKIP LOCKED)
         RETURNING id, tenant_id, account_id`,
          [claimToken, staleAfterSeconds],
        );
        const [row] = rows;
        return (
          row && { id: row.id, tenantId: row.tenant_id, accountId: row.account_id, claimToken }
        );
      },
    );
  }

  /**
   * Adds to the run's counts and records its progress; throws RunLostError if the claim is
   * gone. `manager` is the run's transaction, in its tenant's scope.
   */
  async recordProgress(
    manager: EntityManager,
    run: ClaimedRun,
    progress: RunProgress,
    added: { discovered?: number; metrics?: number } = {},
  ): Promise<void> {
    await this.updateClaimed(
      manager,
      run,
      `progress = $3::jsonb, heartbeat_at = now(),
       discovered_count = discovered_count + $4, metrics_count = metrics_count + $5`,
      [JSON.stringify(progress), added.discovered ?? 0, added.metrics ?? 0],
    );
  }

  /** Renews the run's lease; throws RunLostError if another replica took it over. */
  heartbeat(run: ClaimedRun, progress: RunProgress): Promise<void> {
    return withTenant(this.dataSource, run.tenantId, (manager) =>
      this.recordProgress(manager, run, progress),
    );
  }

  async succeed(manager: EntityManager, run: ClaimedRun, outcome: RunOutcome): Promise<void> {
    await this.updateClaimed(
      manager,
      run,
      `status = 'succeeded', progress = $3::jsonb, deleted_count = $4, finished_at = now(), heartbeat_at = now()`,
      [JSON.stringify(outcome.progress), outcome.deleted],
    );
  }

  fail(run: ClaimedRun, code: string, message: string, progress: RunProgress): Promise<void> {
    return withTenant(this.dataSource, run.tenantId, (manager) =>
      this.updateClaimed(
        manager,
        run,
        `status = 'failed', error_code = $3, error_message = $4, progress = $5::jsonb,
         finished_at = now(), heartbeat_at = now()`,
        [code.slice(0, 128), message, JSON.stringify(progress)],
      ),
    );
  }

  /** Gives an interrupted run back to the queue, for this or another replica to start again. */
  release(run: ClaimedRun): Promise<void> {
    return withTenant(this.dataSource, run.tenantId, (manager) =>
      this.updateClaimed(
        manager,
        run,
        `status = 'queued', claim_token = NULL, heartbeat_at = NULL`,
        [],
      ),
    );
  }

  /**
   * Whether the run's account is still connected, as it was when the run started: a
   * disconnected account's credentials must not be used again. Locks the account row
   * against a concurrent disconnection until the caller's transaction ends.
   */
  async accountStillConnected(
    manager: EntityManager,
    run: ClaimedRun,
    connectedSince: string,
  ): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM connected_accounts
        WHERE tenant_id = $1 AND account_id = $2 AND status = 'connected'
          AND changed_at = $3::timestamptz
        FOR SHARE`,
      [run.tenantId, run.accountId, connectedSince],
    );
    return rows.length === 1;
  }

  /**
   * When the account's current connection began (PostgreSQL's exact text), or undefined when
   * it is not connected.
   */
  connectedSince(run: ClaimedRun): Promise<string | undefined> {
    return withTenant(this.dataSource, run.tenantId, async (manager) => {
      const [row] = await manager.query<{ changed_at: string }[]>(
        `SELECT changed_at::text AS changed_at FROM connected_accounts
          WHERE tenant_id = $1 AND account_id = $2 AND status = 'connected'`,
        [run.tenantId, run.accountId],
      );
      return row?.changed_at;
    });
  }

  get(tenantId: string, id: string): Promise<DiscoveryRun> {
    return withTenant(this.dataSource, tenantId, (manager) =>
      manager.getRepository(DiscoveryRun).findOneByOrFail({ tenantId, id }),
    );
  }

  find(tenantId: string, id: string): Promise<DiscoveryRun | null> {
    return withTenant(this.dataSource, tenantId, (manager) =>
      manager.getRepository(DiscoveryRun).findOneBy({ tenantId, id }),
    );
  }

  /** The tenant's runs, newest first, a page at a time. */
  list<Item>(
    tenantId: string,
    query: RunListQuery,
    toItem: (run: DiscoveryRun) => Item,
  ): Promise<Page<Item>> {
    return withTenant(this.dataSource, tenantId, (manager) => {
      const select = manager
        .getRepository(DiscoveryRun)
        .createQueryBuilder('run')
        .where('run.tenant_id = :tenantId', { tenantId });
      if (query.accountId) {
        select.andWhere('run.account_id = :accountId', { accountId: query.accountId });
      }
      return keysetPage(
        select,
        {
          alias: 'run',
          timeColumn: 'created_at',
          idColumn: 'id',
          idProperty: 'id',
          idCast: 'uuid',
          direction: 'DESC',
        },
        query,
        toItem,
      );
    });
  }

  private async updateClaimed(
    manager: EntityManager,
    run: ClaimedRun,
    assignments: string,
    values: unknown[],
  ): Promise<void> {
    const [, affected] = await manager.query<[unknown[], number]>(
      `UPDATE discovery_runs SET ${assignments}
        WHERE id = $1 AND claim_token = $2 AND status = 'running'`,
      [run.id, run.claimToken, ...values],
    );
    if (affected !== 1) {
      throw new RunLostError(`discovery run ${run.id} is no longer claimed by this replica`);
    }
  }
}
