import { randomBytes } from 'node:crypto';

import type { Principal } from '@codex/auth';
import { NotFoundProblem } from '@codex/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';

import { AuditLog } from '../audit/audit-log';
import { hashPassword } from '../identity/password-hasher';
import { MachineClient } from './machine-client.entity';
import {
  type ClientList,
  type CreatedClient,
  type NewClient,
  toClientView,
} from './machine-client.schemas';

/** Admins create, list and revoke machine clients in their own tenant; every change is audited. */
@Injectable()
export class MachineClients {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async create(admin: Principal, input: NewClient, sourceIp: string): Promise<CreatedClient> {
    const clientId = `mc_${randomBytes(12).toString('hex')}`;
    const secret = randomBytes(32).toString('base64url');
    const secretHash = await hashPassword(secret);
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(MachineClient, {
        clientId,
        tenantId: admin.tenantId,
        name: input.name,
        secretHash,
        roles: input.roles,
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

  async list(admin: Principal): Promise<ClientList> {
    const clients = await this.dataSource.getRepository(MachineClient).find({
      where: { tenantId: admin.tenantId },
      order: { createdAt: 'DESC', clientId: 'ASC' },
    });
    return { items: clients.map(toClientView) };
  }

  /** Revoking twice is harmless; another tenant's client answers 404, as if it did not exist. */
  async revoke(admin: Principal, clientId: string, sourceIp: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const revoked = await manager.update(
        MachineClient,
        { clientId, tenantId: admin.tenantId, revokedAt: IsNull() },
        { revokedAt: () => 'now()' },
      );
      if (!revoked.affected) {
        if (await manager.existsBy(MachineClient, { clientId, tenantId: admin.tenantId })) return;
        throw new NotFoundProblem(`machine client ${clientId}`);
      }
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
  }
}
