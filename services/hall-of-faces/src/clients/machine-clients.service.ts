import { randomBytes } from 'node:crypto';

import { isRole, type Principal, ROLES } from '@codex/auth';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';

import { AuditLog } from '../audit/audit-log';
import { hashPassword } from '../identity/password-hasher';
import { MachineClient } from './machine-client.entity';

const newClient = z
  .object({
    name: z.string().trim().min(1).max(100),
    roles: z.array(z.string().refine(isRole, `expected one of ${ROLES.join(', ')}`)).min(1),
  })
  .strict();

export interface CreatedClient {
  client_id: string;
  client_secret: string;
  name: string;
  roles: string[];
}

/** Admins create and revoke machine clients in their own tenant; every change is audited. */
@Injectable()
export class MachineClients {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async create(admin: Principal, body: unknown, sourceIp: string): Promise<CreatedClient> {
    const parsed = newClient.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field =
        issue?.path.join('.') ||
        (issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : 'body');
      throw new BadRequestException(`${field}: ${issue?.message ?? 'invalid'}`);
    }
    const clientId = `mc_${randomBytes(12).toString('hex')}`;
    const secret = randomBytes(32).toString('base64url');
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(MachineClient, {
        clientId,
        tenantId: admin.tenantId,
        name: parsed.data.name,
        secretHash: await hashPassword(secret),
        roles: parsed.data.roles,
      });
      await this.audit.record(
        {
          tenantId: admin.tenantId,
          action: 'machine_client.created',
          actor: admin.subject,
          sourceIp,
          details: { clientId, roles: parsed.data.roles },
        },
        manager,
      );
    });
    return {
      client_id: clientId,
      client_secret: secret,
      name: parsed.data.name,
      roles: parsed.data.roles,
    };
  }

  /** Another tenant's client answers 404, as if it did not exist. */
  async revoke(admin: Principal, clientId: string, sourceIp: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const result = await manager.update(
        MachineClient,
        { clientId, tenantId: admin.tenantId },
        { revokedAt: () => 'now()' },
      );
      if (!result.affected) throw new NotFoundException(`no machine client ${clientId}`);
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
