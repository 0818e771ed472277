import type { Principal } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { NotFoundProblem, ProblemException } from '@codex/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, IsNull } from 'typeorm';

import { ApiKey } from '../api-keys/api-key.entity';
import type { AuditAction } from '../audit/audit-action';
import { AuditLog } from '../audit/audit-log';
import { MachineClient } from '../clients/machine-client.entity';
import { PlatformUser } from '../identity/platform-user.entity';
import { TokenRevocations } from '../revocations/token-revocations';
import { RefreshToken } from '../tokens/refresh-token.entity';
import { isGuid } from '../users/tenant-user';
import { PLATFORM_TENANT } from './platform-tenant';
import { Tenant, type TenantStatus } from './tenant.entity';
import { type StatusChange, type TenantView, toTenantView } from './tenant.schemas';

type Transition = 'suspend' | 'resume' | 'delete';

const ALLOWED_FROM: Record<Transition, readonly TenantStatus[]> = {
  suspend: ['active'],
  resume: ['suspended'],
  delete: ['active', 'suspended'],
};

const RESULT: Record<Transition, TenantStatus> = {
  suspend: 'suspended',
  resume: 'active',
  delete: 'deleted',
};

const AUDITED: Record<Transition, AuditAction> = {
  suspend: 'tenant.suspended',
  resume: 'tenant.resumed',
  delete: 'tenant.deleted',
};

/**
 * A platform operator suspends, resumes or deletes a tenant. Suspension stops
 * every token of the tenant at once (within the revocation bound) and new ones
 * are not issued; deletion also revokes its keys, clients and sessions for
 * good. The operators' own tenant is not one of them (404).
 */
@Injectable()
export class TenantLifecycle {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly revocations: TokenRevocations,
  ) {}

  async change(
    operator: Principal,
    id: string,
    transition: Transition,
    change: StatusChange,
    sourceIp: string,
  ): Promise<TenantView> {
    // The operator acts in the tenant; the operators' own audit entry comes last, in theirs.
    const view = await withTenant(this.dataSource, id, async (manager) => {
      const tenant = await this.lock(manager, id);
      if (tenant.id === PLATFORM_TENANT.id) {
        throw new ProblemException(
          409,
          'platform_tenant',
          'the operators’ tenant cannot be closed',
        );
      }
      if (!ALLOWED_FROM[transition].includes(tenant.status)) {
        throw new ProblemException(
          409,
          'invalid_transition',
          `tenant ${tenant.slug} is ${tenant.status}; it cannot ${transition}`,
        );
      }
      if (transition === 'resume') await this.revocations.reopenTenant(manager, tenant.id);
      else await this.revocations.closeTenant(manager, tenant.id);
      if (transition === 'delete') await this.revokeCredentials(manager, tenant.id);
      await manager.update(
        Tenant,
        { id: tenant.id },
        { status: RESULT[transition], statusChangedAt: () => 'now()' },
      );
      const entry = { action: AUDITED[transition], actor: operator.subject, sourceIp };
      const details = { tenantId: tenant.id, slug: tenant.slug, reason: change?.reason ?? null };
      await this.audit.record({ ...entry, tenantId: tenant.id, details }, manager);
      await withTenant(manager, PLATFORM_TENANT.id, (platform) =>
        this.audit.record({ ...entry, tenantId: PLATFORM_TENANT.id, details }, platform),
      );
      return toTenantView(await manager.findOneByOrFail(Tenant, { id: tenant.id }));
    });
    await this.revocations.publishPending();
    return view;
  }

  private async lock(manager: EntityManager, id: string): Promise<Tenant> {
    const tenant =
      isGuid(id) && id !== PLATFORM_TENANT.id
        ? await manager.findOne(Tenant, { where: { id }, lock: { mode: 'pessimistic_write' } })
        : null;
    if (!tenant) throw new NotFoundProblem(`tenant ${id}`);
    return tenant;
  }

  private async revokeCredentials(manager: EntityManager, tenantId: string): Promise<void> {
    const now = () => 'now()';
    await manager.update(ApiKey, { tenantId, revokedAt: IsNull() }, { revokedAt: now });
    await manager.update(MachineClient, { tenantId, revokedAt: IsNull() }, { revokedAt: now });
    await manager.update(PlatformUser, { tenantId, disabledAt: IsNull() }, { disabledAt: now });
    await manager.update(RefreshToken, { tenantId, revokedAt: IsNull() }, { revokedAt: now });
  }
}
