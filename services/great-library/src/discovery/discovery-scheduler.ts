import { AccountUnavailableError, ConnectedAccountRecord, ProviderError } from '@codex/connectors';
import { asSystem } from '@codex/persistence';
import { Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { STORAGE_PROVIDERS } from '../storage/storage-providers';
import type { StorageDiscovery } from './storage-discovery';

/** How often a replica looks for accounts whose buckets are due. */
const TICK_MS = 60_000;

/**
 * Discovers each connected storage account again once its last discovery is older than the
 * interval. Replicas share the work: an account is taken under a transaction-scoped advisory
 * lock that another replica skips, and found due again only after its discovery is written.
 */
export class DiscoveryScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DiscoveryScheduler.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** When this replica last tried each account: an account with no bucket never looks done. */
  private readonly attempted = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly discovery: StorageDiscovery,
    private readonly intervalMinutes: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMinutes === 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.tick().finally(() => (this.running = undefined));
    }, TICK_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async tick(): Promise<void> {
    const intervalMs = this.intervalMinutes * 60_000;
    for (const account of await this.dueAccounts()) {
      if (Date.now() - (this.attempted.get(account.accountId) ?? 0) < intervalMs) continue;
      this.attempted.set(account.accountId, Date.now());
      await asSystem(this.dataSource, 'scheduled storage discovery', async (manager) => {
        const [lock] = await manager.query<{ taken: boolean }[]>(
          `SELECT pg_try_advisory_xact_lock(hashtext('storage-discovery:' || $1)) AS taken`,
          [account.accountId],
        );
        if (!lock?.taken) return;
        try {
          await this.discovery.discover(account.tenantId, account.accountId);
        } catch (error) {
          if (!(error instanceof ProviderError || error instanceof AccountUnavailableError))
            throw error;
          this.logger.warn(
            `scheduled discovery of account ${account.accountId} failed: ${error.message}`,
          );
        }
      });
    }
  }

  private dueAccounts(): Promise<Pick<ConnectedAccountRecord, 'accountId' | 'tenantId'>[]> {
    return asSystem(this.dataSource, 'finding storage accounts due for discovery', (manager) =>
      manager
        .getRepository(ConnectedAccountRecord)
        .createQueryBuilder('account')
        .select(['account.accountId', 'account.tenantId'])
        .where('account.status = :status', { status: 'connected' })
        .andWhere('account.provider IN (:...providers)', { providers: STORAGE_PROVIDERS })
        .andWhere(
          `COALESCE((SELECT max(bucket.discovered_at) FROM storage_buckets bucket
                      WHERE bucket.account_id = account.account_id), 'epoch')
             < now() - make_interval(mins => :minutes)`,
          { minutes: this.intervalMinutes },
        )
        .getMany(),
    );
  }
}
