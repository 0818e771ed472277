import {
  type AccountAccessSource,
  AccountUnavailableError,
  ProviderError,
} from '@codex/connectors';
import { withTenant } from '@codex/persistence';
import type { DataSource, EntityManager } from 'typeorm';

import type { DirectoryPublisher, PublishedConnection } from '../directory-publisher';
import type { DirectoryStore } from '../directory-store';
import type { DirectoryChanges, DirectoryReader, IdpAccess, IdpSignIn, SyncCursor } from '../ports';
import { SyncState } from '../sync-state.entity';
import type { ClaimedSyncRun, SyncRunStore } from './sync-run-store';

const HEARTBEAT_MS = 2_000;

/** The readers by provider. */
export type DirectoryReaders = {
  [P in IdpAccess['provider']]: DirectoryReader<Extract<IdpAccess, { provider: P }>>;
};

/**
 * Executes one claimed sync: reads the provider (everything, or what changed after the stored
 * cursor), then in one transaction writes the directory, publishes what changed and moves the
 * cursor on, so a sync that fails half-way leaves the directory and the cursor as they were.
 */
export class RunSync {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runs: SyncRunStore,
    private readonly accounts: AccountAccessSource,
    private readonly readers: DirectoryReaders,
    private readonly store: DirectoryStore,
    private readonly publisher: DirectoryPublisher,
  ) {}

  async execute(run: ClaimedSyncRun): Promise<void> {
    try {
      const connection = await this.accounts.accessFor(run.tenantId, run.connectionId);
      const access = connection.access as IdpAccess;
      const stored = await this.stateOf(run);
      const changes = await this.read(run, access, run.full ? null : (stored?.cursor ?? null));
      // An incremental read answers only sign-ins after its cursor, late arrivals included; a
      // full re-read answers the whole log again, of which only the unpublished part goes out.
      const newSignIns = changes.full
        ? signInsAfter(changes.signIns, stored?.signInsUntil ?? null)
        : changes.signIns;
      const observedAt = new Date();
      await withTenant(this.dataSource, run.tenantId, async (manager) => {
        const name = await this.nameOf(manager, run.connectionId);
        const published: PublishedConnection = {
          tenantId: run.tenantId,
          connectionId: run.connectionId,
          provider: access.provider,
          externalAccountId: access.accountId,
          name,
        };
        const applied = await this.store.apply(manager, published, changes, observedAt);
        const resources = await this.publisher.publish(
          manager,
          published,
          applied,
          newSignIns,
          observedAt,
          run.id,
        );
        await manager.getRepository(SyncState).upsert(
          {
            connectionId: run.connectionId,
            tenantId: run.tenantId,
            cursor: changes.cursor,
            syncedAt: observedAt,
            signInsUntil: laterOf(latestOf(newSignIns), stored?.signInsUntil ?? null),
          },
          ['connectionId'],
        );
        // A DELETE/UPDATE answers [rows, affected count]. No row: another replica took the run
        // over (stale heartbeat); throwing rolls this one's directory, outbox and cursor back.
        const [, held] = await manager.query<[unknown[], number]>(
          `UPDATE directory_sync_runs
              SET status = 'succeeded', "full" = $3, counts = $4, finished_at = now()
            WHERE id = $1 AND claim_token = $2 AND status = 'running'`,
          [
            run.id,
            run.claimToken,
            changes.full,
            JSON.stringify({
              accounts: changes.accounts.length,
              changedAccounts: applied.accountIds.length,
              removedAccounts: applied.removedAccountIds.length,
              membershipsRead: changes.memberships.length,
              membershipsChanged: applied.memberships,
              signIns: applied.signIns,
              signInsPublished: newSignIns.length,
              resources,
            }),
          ],
        );
        if (held === 0) throw new Error(`sync run ${run.id} is no longer held by this claim`);
      });
    } catch (error) {
      await this.runs.fail(run, failureCode(error), (error as Error).message ?? String(error));
    }
  }

  private async read(
    run: ClaimedSyncRun,
    access: IdpAccess,
    cursor: SyncCursor | null,
  ): Promise<DirectoryChanges> {
    const progress: Record<string, number> = {};
    let lastBeat = Date.now();
    const reader = this.readers[access.provider] as DirectoryReader<IdpAccess>;
    return reader.read(access, cursor, (stream, items) => {
      progress[stream] = items;
      if (Date.now() - lastBeat < HEARTBEAT_MS) return;
      lastBeat = Date.now();
      void this.runs.heartbeat(run, { ...progress }).catch(() => undefined);
    });
  }

  private async stateOf(run: ClaimedSyncRun): Promise<SyncState | null> {
    return withTenant(this.dataSource, run.tenantId, (manager) =>
      manager.getRepository(SyncState).findOneBy({ connectionId: run.connectionId }),
    );
  }

  private async nameOf(manager: EntityManager, connectionId: string): Promise<string> {
    const rows: { name: string }[] = await manager.query(
      `SELECT name FROM connected_accounts WHERE account_id = $1`,
      [connectionId],
    );
    return rows[0]?.name ?? connectionId;
  }
}

/**
 * The sign-ins not published yet: all of them on the first read, else those at or after the
 * latest one published (one at that very instant may be published twice, never lost).
 */
function signInsAfter(signIns: readonly IdpSignIn[], until: Date | null): IdpSignIn[] {
  return until ? signIns.filter((signIn) => signIn.occurredAt >= until) : [...signIns];
}

function latestOf(signIns: readonly IdpSignIn[]): Date | undefined {
  let latest: Date | undefined;
  for (const { occurredAt } of signIns) if (!latest || occurredAt > latest) latest = occurredAt;
  return latest;
}

function laterOf(a: Date | undefined, b: Date | null): Date | null {
  if (!a) return b;
  return b && b > a ? b : a;
}

/** What a failed run's `error.code` says: the provider's refusal, an unusable connection, or `failed`. */
function failureCode(error: unknown): string {
  if (error instanceof ProviderError) return `${error.code}:${error.providerCode}`;
  if (error instanceof AccountUnavailableError) return `connection_${error.reason}`;
  return 'failed';
}
