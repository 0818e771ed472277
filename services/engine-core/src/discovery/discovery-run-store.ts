import { randomUUID } from 'node:crypto';

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

/** An account has a queued or running run already. */
export class RunInProgressError extends Error {
  override readonly name = 'RunInProgressError';
}

/** Another replica took the run over (this one looked dead): stop writing to it. */
export class RunLostError extends Error {
  override readonly name = 'RunLostError';
}

/** discovery_runs: enqueueing, claiming with SKIP LOCKED, progress and outcome. */
@Injectable()
export class DiscoveryRunStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Throws RunInProgressError when the account has a queued or running run. */
  async enqueue(request: RunRequest): Promise<DiscoveryRun> {
    const inserted = await this.dataSource.query<{ id: string }[]>(
      `INSERT INTO discovery_runs (id, tenant_id, account_id, trigger, status, requested_by)
       VALUES ($1, $2, $3, $4, 'queued', $5)
       ON CONFLICT (account_id) WHERE status IN ('queued', 'running') DO NOTHING
       RETURNING id`,
      [randomUUID(), request.tenantId, request.accountId, request.trigger, request.requestedBy],
    );
    const [row] = inserted;
    if (!row) {
      throw new RunInProgressError(`account ${request.accountId} has a discovery run in progress`);
    }
    return this.get(row.id);
  }

  /**
   * A 'schedule' run for every connected account whose latest run started longer ago than
   * the interval. Replicas racing here enqueue one run per account at most.
   */
  async enqueueDue(intervalMinutes: number): Promise<number> {
    const inserted = await this.dataSource.query<{ id: string }[]>(
      `INSERT INTO discovery_runs (id, tenant_id, account_id, trigger, status, requested_by)
       SELECT gen_random_uuid(), a.tenant_id, a.account_id, 'schedule', 'queued', 'scheduler'
         FROM aws_accounts a
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
  }

  /** The oldest queued run, or a running one whose replica stopped beating; none when idle. */
  async claim(staleAfterMinutes: number): Promise<ClaimedRun | undefined> {
    const claimToken = randomUUID();
    const [rows] = await this.dataSource.query<
      [{ id: string; tenant_id: string; account_id: string }[], number]
    >(
      `UPDATE discovery_runs SET
         status = 'running', claim_token = $1, heartbeat_at = now(), started_at = now(),
         discovered_count = 0, deleted_count = 0, metrics_count = 0, progress = '{}'::jsonb
       WHERE id = (
         SELECT id FROM discovery_runs
          WHERE status = 'queued'
             OR (status = 'running' AND heartbeat_at < now() - make_interval(mins => $2))
          ORDER BY created_at
          LIMIT 1
          FOR UPDATE SKIP LOCKED)
       RETURNING id, tenant_id, account_id`,
      [claimToken, staleAfterMinutes],
    );
    const [row] = rows;
    return row && { id: row.id, tenantId: row.tenant_id, accountId: row.account_id, claimToken };
  }

  /** Adds to the run's counts and records its progress; throws RunLostError if the claim is gone. */
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

  async succeed(manager: EntityManager, run: ClaimedRun, outcome: RunOutcome): Promise<void> {
    await this.updateClaimed(
      manager,
      run,
      `status = 'succeeded', progress = $3::jsonb, deleted_count = $4, finished_at = now(), heartbeat_at = now()`,
      [JSON.stringify(outcome.progress), outcome.deleted],
    );
  }

  async fail(run: ClaimedRun, code: string, message: string, progress: RunProgress): Promise<void> {
    await this.updateClaimed(
      this.dataSource.manager,
      run,
      `status = 'failed', error_code = $3, error_message = $4, progress = $5::jsonb,
       finished_at = now(), heartbeat_at = now()`,
      [code.slice(0, 128), message, JSON.stringify(progress)],
    );
  }

  /** Gives an interrupted run back to the queue, for this or another replica to start again. */
  async release(run: ClaimedRun): Promise<void> {
    await this.updateClaimed(
      this.dataSource.manager,
      run,
      `status = 'queued', claim_token = NULL, heartbeat_at = NULL`,
      [],
    );
  }

  async get(id: string): Promise<DiscoveryRun> {
    return this.dataSource.getRepository(DiscoveryRun).findOneByOrFail({ id });
  }

  async find(tenantId: string, id: string): Promise<DiscoveryRun | null> {
    return this.dataSource.getRepository(DiscoveryRun).findOneBy({ tenantId, id });
  }

  async list(tenantId: string, accountId: string | undefined, limit: number) {
    return this.dataSource.getRepository(DiscoveryRun).find({
      where: accountId ? { tenantId, accountId } : { tenantId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
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
