import { randomUUID } from 'node:crypto';

import { withTenant } from '@codex/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AuditLog } from '../audit/audit-log';
import { hashPassword, verifyPassword } from '../identity/password-hasher';
import { PlatformUser } from '../identity/platform-user.entity';
import { FairCheckQueue } from '../sign-in/fair-check-queue';
import { SignInThrottle } from '../sign-in/sign-in-throttle';
import { Tenant } from '../tenants/tenant.entity';
import { AccessTokens, type TokenResponse } from './access-tokens';
import { OAuthError } from './oauth-error';
import { RefreshTokens } from './refresh-tokens';
import type { PasswordGrantRequest } from './token-request';

/** People sign in with their tenant, email and password; every attempt is audited. */
@Injectable()
export class PasswordGrant {
  /** Checked when the user does not exist, so a miss costs as long as a wrong password. */
  private readonly decoyHash = hashPassword(randomUUID());

  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: AccessTokens,
    private readonly audit: AuditLog,
    private readonly throttle: SignInThrottle,
    private readonly checks: FairCheckQueue,
    private readonly refreshTokens: RefreshTokens,
  ) {}

  async grant(request: PasswordGrantRequest, sourceIp: string): Promise<TokenResponse> {
    // Refused here while locked out: no database read, no scrypt.
    const attempt = await this.throttle.admit({
      grant: 'password',
      tenant: request.tenant,
      username: request.username.trim().toLowerCase(),
      sourceIp,
    });
    const tenant = await this.dataSource.getRepository(Tenant).findOneBy({ slug: request.tenant });
    const email = request.username.trim().toLowerCase();
    const user = tenant
      ? await withTenant(this.dataSource, tenant.id, (manager) =>
          manager.findOneBy(PlatformUser, { tenantId: tenant.id, email }),
        )
      : null;
    const passwordMatches = await this.checks.run(tenant?.id ?? '', async () =>
      verifyPassword(request.password, user?.passwordHash ?? (await this.decoyHash)),
    );
    if (!tenant || !user || !passwordMatches || user.disabledAt || tenant.status !== 'active') {
      await this.audit.record({
        tenantId: tenant?.id ?? '',
        action: 'sign_in.failed',
        actor: email,
        sourceIp,
        details: {
          tenant: request.tenant,
          reason:
            !tenant || !user
              ? 'unknown_user'
              : tenant.status !== 'active'
                ? `tenant_${tenant.status}`
                : 'wrong_password_or_disabled',
        },
      });
      throw new OAuthError('invalid_grant', 'the tenant, username or password is wrong');
    }
    await this.throttle.succeeded(attempt);
    await this.audit.record({
      tenantId: tenant.id,
      action: 'sign_in.succeeded',
      actor: user.id,
      sourceIp,
      details: { email },
    });
    const access = await this.tokens.issue({
      subject: user.id,
      tenantId: user.tenantId,
      roles: user.roles,
      claims: { email: user.email },
    });
    const refreshToken = await withTenant(this.dataSource, user.tenantId, (manager) =>
      this.refreshTokens.issue(manager, { tenantId: user.tenantId, userId: user.id }),
    );
    return { ...access, refresh_token: refreshToken };
  }
}
