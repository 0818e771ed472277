import { randomUUID } from 'node:crypto';

import { asSystem, withTenant } from '@codex/persistence';
import type { DataSource } from 'typeorm';

import { SyncRun, type SyncTrigger } from '../sync-run.entity';

/** A run this replica holds: only the holder of the latest claim may write its outcome. */
export interface ClaimedSyncRun {
  id: string;
  tenantId: string;
  connectionId: string;
  full: boolean;
  claimToken: string;
}

/** The sync runs table: requests, claims (SKIP LOCKED, shared by replicas), heartbeats, outcomes. */
export class SyncRunStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Queues a run, or answers the connection's run already queued or running. */
  async request(
    tenantId: string,
    connectionId: string,
    trigger: SyncTrigger,
    requestedBy: string,
    full: boolean,
  ): Promise<{ run: SyncRun; created: boolean }> {
    return withTenant(this.dataSource, tenantId, async (manager) => {
      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO directory_sync_runs (id, tenant_id, connection_id, trigger, "full", status, requested_by)
         VALUES ($1, $2, $3, $4, $5, 'queued', $6)
         ON CONFLICT (connection_id) WHERE status IN ('queued', 'running') DO NOTHING
         RETURNING id`,
        [randomUUID(), tenantId, connectionId, trigger, full, requestedBy],
      );
      const run = await manager.getRepository(SyncRun).findOneOrFail({
        where: inserted[0]
          ? { id: inserted[0].id }
          : [
              { connectionId, status: 'queued' },
              { connectionId, status: 'running' },
            ],
      });
      return { run, created: inserted.length > 0 };
    });
  }

  /** Queues an incremental run for every connection whose last run is older than the interval. */
  async enqueueDue(intervalMs: number): Promise<number> {
    return asSystem(
      this.dataSource,
      'scheduling identity syncs of every tenant',
      async (manager) => {
        const rows: unknown[] = await manager.query(
          `INSERT INTO directory_sync_runs (id, tenant_id, connection_id, trigger, "full", status, requested_by)
         SELECT gen_random_uuid(), c.tenant_id, c.account_id, 'schedule', false, 'queued', 'scheduler'
           FROM connected_accounts c
          WHERE c.provider IN ('auth0', 'entra') AND c.status = 'connected'
            AND NOT EXISTS (SELECT 1 FROM directory_sync_runs r
                             WHERE r.connection_id = c.account_id
                               AND (r.status IN ('queued', 'running')
                                    OR r.created_at > now() - make_interval(secs => $1)))
         ON CONFLICT (connection_id) WHERE status IN ('queued', 'running') DO NOTHING
         RETURNING id`,
          [intervalMs / 1000],
        );
        return rows.length;
      },
    );
  }

  /** Claims the oldest queued run, or a running one whose replica stopped beating. */
  async claim(staleAfterMs: number): Promise<ClaimedSyncRun | undefined> {
    return asSystem(this.dataSource, 'claiming queued identity syncs', async (manager) => {
      const rows: { id: string; tenant_id: string; connection_id: string; full: boolean }[] =
        await manager.query(
          `SELECT id, tenant_id, connection_id, "full" FROM directory_sync_runs
            WHERE status = 'queued'
               OR (status = 'running' AND heartbeat_at < now() - make_interval(secs => $1))
            ORDER BY created_at
            LIMIT 1
            FOR UPDATE SKIP LOCKED`,
          [staleAfterMs / 1000],
        );
      const row = rows[0];
      if (!row) return undefined;
      const claimToken = randomUUID();
      await manager.query(
        `UPDATE directory_sync_runs
            SET status = 'running', claim_token = $2, heartbeat_at = now(),
                started_at = COALESCE(started_at, now())
          WHERE id = $1`,
        [row.id, claimToken],
      );
      return {
        id: row.id,
        tenantId: row.tenant_id,
        connectionId: row.connection_id,
        full: row.full,
        claimToken,
      };
    });
  }

  async heartbeat(run: ClaimedSyncRun, progress: Record<string, number>): Promise<void> {
    await withTenant(this.dataSource, run.tenantId, (manager) =>
      manager.query(
        `UPDATE directory_sync_runs SET heartbeat_at = now(), progress = $3
          WHERE id = $1 AND claim_token = $2 AND status = 'running'`,
        [run.id, run.claimToken, JSON.stringify(progress)],
      ),
    );
  }

  async fail(run: ClaimedSyncRun, code: string, message: string): Promise<void> {
    await withTenant(this.dataSource, run.tenantId, (manager) =>
      manager.query(
        `UPDATE directory_sync_runs
            SET status = 'failed', error_code = $3, error_message = $4, finished_at = now()
          WHERE id = $1 AND claim_token = $2 AND status = 'running'`,
        [run.id, run.claimToken, code.slice(0, 128), message],
      ),
    );
  }

  /** Puts a run this replica is giving up (shutdown) back in the queue. */
  async release(run: ClaimedSyncRun): Promise<void> {
    await withTenant(this.dataSource, run.tenantId, (manager) =>
      manager.query(
        `UPDATE directory_sync_runs SET status = 'queued', claim_token = NULL
          WHERE id = $1 AND claim_token = $2 AND status = 'running'`,
        [run.id, run.claimToken],
      ),
    );
  }
}
