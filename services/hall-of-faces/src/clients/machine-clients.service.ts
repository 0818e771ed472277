import { randomBytes } from 'node:crypto';

import type { Principal } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { keysetPage, NotFoundProblem } from '@codex/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';

import { AuditLog } from '../audit/audit-log';
import { hashPassword } from '../identity/password-hasher';
import { TokenRevocations } from '../revocations/token-revocations';
import { MachineClient } from './machine-client.entity';
import {
  type ClientListQuery,
  type ClientPage,
  type CreatedClient,
  type NewClient,
  toClientView,
} from './machine-client.schemas';

/**
 * Admins create, list and revoke machine clients in their own tenant; every
 * change is audited. A client remembers the person who created it, and cannot
 * approve what they asked for.
 */
@Injectable()
export class MachineClients {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly revocations: TokenRevocations,
  ) {}

  async create(admin: Principal, input: NewClient, sourceIp: string): Promise<CreatedClient> {
    const clientId = `mc_${randomBytes(12).toString('hex')}`;
    const secret = randomBytes(32).toString('base64url');
    const secretHash = await hashPassword(secret);
    await withTenant(this.dataSource, admin.tenantId, async (manager) => {
      await manager.insert(MachineClient, {
        clientId,
        tenantId: admin.tenantId,
        name: input.name,
        secretHash,
        roles: input.roles,
        createdBy: admin.person,
      });
      await this.audit.record(
        {
          tenantId: admin.tenantId,
          action: 'machine_client.created',
          actor: admin.subject,
          sourceIp,
          details: { clientId, roles: input.roles },
        },
        manager,
      );
    });
    return { client_id: clientId, client_secret: secret, name: input.name, roles: input.roles };
  }

  /** Newest first, a page at a time. */
  list(admin: Principal, query: ClientListQuery): Promise<ClientPage> {
    return withTenant(this.dataSource, admin.tenantId, (manager) => {
      const select = manager
        .getRepository(MachineClient)
        .createQueryBuilder('client')
        .where('client.tenant_id = :tenantId', { tenantId: admin.tenantId });
      return keysetPage(
        select,
        {
          alias: 'client',
          timeColumn: 'created_at',
          idColumn: 'client_id',
          idProperty: 'clientId',
          direction: 'DESC',
        },
        query,
        toClientView,
      );
    });
  }

  /** Revoking twice is harmless; another tenant's client answers 404, as if it did not exist. */
  async revoke(admin: Principal, clientId: string, sourceIp: string): Promise<void> {
    await withTenant(this.dataSource, admin.tenantId, async (manager) => {
      const revoked = await manager.update(
        MachineClient,
        { clientId, tenantId: admin.tenantId, revokedAt: IsNull() },
        { revokedAt: () => 'now()' },
      );
      if (!revoked.affected) {
        if (await manager.existsBy(MachineClient, { clientId, tenantId: admin.tenantId })) return;
        throw new NotFoundProblem(`machine client ${clientId}`);
      }
      await this.revocations.revokeTokensOf(manager, admin.tenantId, [clientId]);
      await this.audit.record(
        {
          tenantId: admin.tenantId,
          action: 'machine_client.revoked',
          actor: admin.subject,
          sourceIp,
          details: { clientId },
        },
        manager,
      );
    });
    await this.revocations.publishPending();
  }
}
