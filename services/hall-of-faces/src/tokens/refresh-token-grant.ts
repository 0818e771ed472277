import { asSystem } from '@codex/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AuditLog } from '../audit/audit-log';
import { PlatformUser } from '../identity/platform-user.entity';
import { Tenant } from '../tenants/tenant.entity';
import { AccessTokens, type TokenResponse } from './access-tokens';
import { OAuthError } from './oauth-error';
import { RefreshTokens } from './refresh-tokens';
import type { RefreshTokenGrantRequest } from './token-request';

/**
 * A person trades a refresh token for a new access token (with their roles as
 * they are now) and a new refresh token; the old one is spent. A spent token
 * presented again means it was copied: its whole family is revoked and audited.
 * Disabled people and people of a suspended tenant get nothing.
 */
@Injectable()
export class RefreshTokenGrant {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: AccessTokens,
    private readonly refreshTokens: RefreshTokens,
    private readonly audit: AuditLog,
  ) {}

  async grant(request: RefreshTokenGrantRequest, sourceIp: string): Promise<TokenResponse> {
    const reason = 'a refresh token names its tenant only once found by its hash';
    const outcome = await asSystem(this.dataSource, reason, async (manager) => {
      const presented = await this.refreshTokens.lookUp(manager, request.refresh_token);
      if (presented.state === 'reused') {
        await this.refreshTokens.revokeFamily(manager, presented.token.familyId);
        await this.audit.record(
          {
            tenantId: presented.token.tenantId,
            action: 'refresh_token.reused',
            actor: presented.token.userId,
            sourceIp,
            details: { familyId: presented.token.familyId },
          },
          manager,
        );
        return undefined;
      }
      if (presented.state !== 'valid') return undefined;
      const { token } = presented;
      const user = await manager.findOneBy(PlatformUser, {
        id: token.userId,
        tenantId: token.tenantId,
      });
      const tenant = await manager.findOneBy(Tenant, { id: token.tenantId });
      if (!user || user.disabledAt || tenant?.status !== 'active') return undefined;
      await this.refreshTokens.markUsed(manager, token);
      const next = await this.refreshTokens.issue(manager, {
        tenantId: token.tenantId,
        userId: token.userId,
        familyId: token.familyId,
      });
      return { user, refreshToken: next };
    });
    if (!outcome) {
      throw new OAuthError(
        'invalid_grant',
        'the refresh token is unknown, spent, expired or revoked',
      );
    }
    const { user, refreshToken } = outcome;
    const access = await this.tokens.issueForPerson(user);
    return { ...access, refresh_token: refreshToken };
  }
}
