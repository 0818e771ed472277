import type { Principal } from '@codex/auth';
import { Outbox } from '@codex/messaging';
import { withTenant } from '@codex/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { tenantAccount } from './account-directory';
import { accountEvent } from './account-event';
import { CloudAccount } from './cloud-account.entity';

/**
 * An admin disconnects an account: its sealed secret is erased, and account.connected
 * says DISCONNECTED, without credentials, in the same transaction. Disconnecting a
 * disconnected account changes nothing.
 */
@Injectable()
export class DisconnectAccount {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async disconnect(admin: Principal, id: string): Promise<void> {
    await withTenant(this.dataSource, admin.tenantId, async (manager) => {
      const account = await tenantAccount(manager, admin.tenantId, id, { lock: true });
      if (account.status === 'disconnected') return;
      const now = new Date();
      const change = {
        status: 'disconnected',
        sealedSecret: null,
        kekId: null,
        disconnectedAt: now,
        updatedAt: now,
      } satisfies Partial<CloudAccount>;
      await manager.getRepository(CloudAccount).update({ id, tenantId: admin.tenantId }, change);
      Object.assign(account, change);
      await this.outbox.add(manager, 'account.connected', [accountEvent(account)]);
    });
  }
}
