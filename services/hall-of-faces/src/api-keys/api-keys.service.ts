import type { Principal } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { keysetPage, NotFoundProblem } from '@codex/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, IsNull } from 'typeorm';

import { AuditLog } from '../audit/audit-log';
import { TokenRevocations } from '../revocations/token-revocations';
import { ApiKey } from './api-key.entity';
import {
  type ApiKeyListQuery,
  type ApiKeyPage,
  type CreatedApiKey,
  type NewApiKey,
  toApiKeyView,
} from './api-key.schemas';
import { mintApiKey, type MintedApiKey } from './api-key-secret';

/** A 48-bit id collides rarely; a few fresh draws make it never matter. */
const MINT_ATTEMPTS = 3;

/**
 * Admins create, list and revoke their tenant's API keys; every change is
 * audited. A key remembers the person who created it: it acts for them, and
 * cannot approve what they asked for.
 */
@Injectable()
export class ApiKeys {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly revocations: TokenRevocations,
  ) {}

  create(admin: Principal, input: NewApiKey, sourceIp: string): Promise<CreatedApiKey> {
    return withTenant(this.dataSource, admin.tenantId, async (manager) => {
      const { minted, createdAt } = await this.insert(manager, admin, input);
      await this.audit.record(
        {
          tenantId: admin.tenantId,
          action: 'api_key.created',
          actor: admin.subject,
          sourceIp,
          details: { apiKeyId: minted.id, name: input.name, roles: input.roles },
        },
        manager,
      );
      return {
        id: minted.id,
        key: minted.key,
        name: input.name,
        roles: input.roles,
        createdAt: createdAt.toISOString(),
      };
    });
  }

  /** Newest first, a page at a time. */
  list(admin: Principal, query: ApiKeyListQuery): Promise<ApiKeyPage> {
    return withTenant(this.dataSource, admin.tenantId, (manager) => {
      const select = manager
        .getRepository(ApiKey)
        .createQueryBuilder('key')
        .where('key.tenant_id = :tenantId', { tenantId: admin.tenantId });
      return keysetPage(
        select,
        {
          alias: 'key',
          timeColumn: 'created_at',
          idColumn: 'id',
          idProperty: 'id',
          direction: 'DESC',
        },
        query,
        toApiKeyView,
      );
    });
  }

  /** Revoking twice is harmless; another tenant's key answers 404, as if it did not exist. */
  async revoke(admin: Principal, id: string, sourceIp: string): Promise<void> {
    await withTenant(this.dataSource, admin.tenantId, async (manager) => {
      const revoked = await manager.update(
        ApiKey,
        { id, tenantId: admin.tenantId, revokedAt: IsNull() },
        { revokedAt: () => 'now()' },
      );
      if (!revoked.affected) {
        if (await manager.existsBy(ApiKey, { id, tenantId: admin.tenantId })) return;
        throw new NotFoundProblem(`API key ${id}`);
      }
      await this.revocations.revokeTokensOf(manager, admin.tenantId, [`apikey:${id}`]);
      await this.audit.record(
        {
          tenantId: admin.tenantId,
          action: 'api_key.revoked',
          actor: admin.subject,
          sourceIp,
          details: { apiKeyId: id },
        },
        manager,
      );
    });
    await this.revocations.publishPending();
  }

  private async insert(
    manager: EntityManager,
    admin: Principal,
    input: NewApiKey,
  ): Promise<{ minted: MintedApiKey; createdAt: Date }> {
    for (let attempt = 1; attempt <= MINT_ATTEMPTS; attempt += 1) {
      const minted = mintApiKey();
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(ApiKey)
        .values({
          id: minted.id,
          tenantId: admin.tenantId,
          name: input.name,
          roles: input.roles,
          secretHash: minted.secretHash,
          createdBy: admin.person,
        })
        .orIgnore()
        .returning(['created_at'])
        .execute();
      const createdAt = (inserted.raw as { created_at: Date }[])[0]?.created_at;
      if (createdAt) return { minted, createdAt };
    }
    throw new Error(`no free API key id after ${MINT_ATTEMPTS} attempts`);
  }
}
