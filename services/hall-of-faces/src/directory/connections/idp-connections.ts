import type { Principal } from '@codex/auth';
import { ConnectedAccountRecord } from '@codex/connectors';
import { withTenant } from '@codex/persistence';
import { ProblemException } from '@codex/platform';
import type { DataSource, EntityManager } from 'typeorm';

import type { DirectoryPublisher } from '../directory-publisher';
import type { DirectoryStore } from '../directory-store';
import type { SyncRunStore } from '../sync/sync-run-store';
import { SyncRun } from '../sync-run.entity';
import type { ConnectionView, SyncRunView } from './connection.schemas';

const IDP_PROVIDERS = ['auth0', 'entra'] as const;

/** Reading, syncing and disconnecting the tenant's identity provider connections. */
export class IdpConnections {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runs: SyncRunStore,
    private readonly store: DirectoryStore,
    private readonly publisher: DirectoryPublisher,
  ) {}

  list(caller: Principal): Promise<ConnectionView[]> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const records = await manager
        .getRepository(ConnectedAccountRecord)
        .createQueryBuilder('c')
        .where('c.tenant_id = :tenant AND c.provider IN (:...providers)', {
          tenant: caller.tenantId,
          providers: IDP_PROVIDERS,
        })
        .orderBy('c.changed_at', 'ASC')
        .getMany();
      return Promise.all(records.map((record) => this.view(manager, record)));
    });
  }

  get(caller: Principal, id: string): Promise<ConnectionView> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) =>
      this.view(manager, await this.record(manager, caller.tenantId, id)),
    );
  }

  async requestSync(
    caller: Principal,
    id: string,
    full: boolean,
  ): Promise<{ run: SyncRunView; created: boolean }> {
    const record = await withTenant(this.dataSource, caller.tenantId, (manager) =>
      this.record(manager, caller.tenantId, id),
    );
    if (record.status !== 'connected') {
      throw new ProblemException(
        409,
        'connection_disconnected',
        `connection ${id} is disconnected`,
      );
    }
    const { run, created } = await this.runs.request(
      caller.tenantId,
      id,
      'manual',
      caller.subject,
      full,
    );
    return { run: toSyncRunView(run), created };
  }

  run(caller: Principal, id: string, runId: string): Promise<SyncRunView> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const run = await manager.getRepository(SyncRun).findOneBy({ id: runId, connectionId: id });
      if (!run) throw new ProblemException(404, 'not_found', `sync run ${runId} does not exist`);
      return toSyncRunView(run);
    });
  }

  /**
   * Forgets the credentials and everything synced from the connection, and publishes each of
   * its identities, roles and groups (and people left with no account) as deleted.
   */
  async disconnect(caller: Principal, id: string): Promise<void> {
    await withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const record = await this.record(manager, caller.tenantId, id);
      const accounts: { external_id: string }[] = await manager.query(
        `SELECT external_id FROM directory_accounts WHERE connection_id = $1`,
        [id],
      );
      const containers: { kind: 'role' | 'group'; external_id: string }[] = await manager.query(
        `SELECT kind, external_id FROM directory_containers WHERE connection_id = $1`,
        [id],
      );
      await manager.query(
        `UPDATE connected_accounts SET status = 'disconnected', sealed_secret = NULL, changed_at = now()
          WHERE account_id = $1`,
        [id],
      );
      for (const table of [
        'directory_memberships',
        'directory_containers',
        'directory_accounts',
        'directory_sync_state',
      ]) {
        await manager.query(`DELETE FROM ${table} WHERE connection_id = $1`, [id]);
      }
      await manager.query(
        `UPDATE directory_sync_runs SET status = 'failed', error_code = 'disconnected',
                error_message = 'the connection was disconnected', finished_at = now(), claim_token = NULL
          WHERE connection_id = $1 AND status IN ('queued', 'running')`,
        [id],
      );
      const removedPersonIds = await this.store.forgetPeopleWithoutAccounts(
        manager,
        caller.tenantId,
      );
      await this.publisher.publish(
        manager,
        {
          tenantId: caller.tenantId,
          connectionId: id,
          provider: record.provider as 'auth0' | 'entra',
          externalAccountId: record.externalAccountId,
          name: record.name,
        },
        {
          accountIds: [],
          removedAccountIds: accounts.map((row) => row.external_id),
          containersChanged: false,
          removedContainers: containers.map((row) => ({
            kind: row.kind,
            externalId: row.external_id,
          })),
          memberships: 0,
          signIns: 0,
          personIds: [],
          removedPersonIds,
        },
        [],
        new Date(),
        '',
      );
    });
  }

  private async record(
    manager: EntityManager,
    tenantId: string,
    id: string,
  ): Promise<ConnectedAccountRecord> {
    const record = await manager
      .getRepository(ConnectedAccountRecord)
      .findOneBy({ tenantId, accountId: id });
    if (!record || !(IDP_PROVIDERS as readonly string[]).includes(record.provider)) {
      throw new ProblemException(404, 'not_found', `connection ${id} does not exist`);
    }
    return record;
  }

  private async view(
    manager: EntityManager,
    record: ConnectedAccountRecord,
  ): Promise<ConnectionView> {
    const last = await manager.getRepository(SyncRun).findOne({
      where: { connectionId: record.accountId },
      order: { createdAt: 'DESC' },
    });
    return {
      id: record.accountId,
      provider: record.provider as 'auth0' | 'entra',
      name: record.name,
      externalId: record.externalAccountId,
      clientId: typeof record.settings['clientId'] === 'string' ? record.settings['clientId'] : '',
      status: record.status,
      connectedAt: record.changedAt.toISOString(),
      lastSync: last ? toSyncRunView(last) : null,
    };
  }
}

export function toSyncRunView(run: SyncRun): SyncRunView {
  return {
    id: run.id,
    connectionId: run.connectionId,
    trigger: run.trigger,
    full: run.full,
    status: run.status,
    progress: run.progress,
    counts: run.counts,
    error: run.errorCode ? { code: run.errorCode, message: run.errorMessage ?? '' } : null,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}
