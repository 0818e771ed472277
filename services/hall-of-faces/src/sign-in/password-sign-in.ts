import { randomUUID } from 'node:crypto';

import { withTenant } from '@codex/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AuditLog } from '../audit/audit-log';
import { hashPassword, verifyPassword } from '../identity/password-hasher';
import { PlatformUser } from '../identity/platform-user.entity';
import { Tenant } from '../tenants/tenant.entity';
import { OAuthError } from '../tokens/oauth-error';
import { FairCheckQueue } from './fair-check-queue';
import { SignInThrottle } from './sign-in-throttle';

export interface PasswordCredentials {
  tenant: string;
  username: string;
  password: string;
}

/**
 * A person proving who they are with tenant, email and password, whatever the flow (the
 * password grant, the sign-in page): throttled before any check, every attempt audited.
 * Throws OAuthError invalid_grant, or too_many_attempts from the throttle.
 */
@Injectable()
export class PasswordSignIn {
  /** Checked when the user does not exist, so a miss costs as long as a wrong password. */
  private readonly decoyHash = hashPassword(randomUUID());

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly throttle: SignInThrottle,
    private readonly checks: FairCheckQueue,
  ) {}

  async verify(credentials: PasswordCredentials, sourceIp: string): Promise<PlatformUser> {
    const email = credentials.username.trim().toLowerCase();
    // Refused here while locked out: no database read, no scrypt.
    const attempt = await this.throttle.admit({
      grant: 'password',
      tenant: credentials.tenant,
      username: email,
      sourceIp,
    });
    const tenant = await this.dataSource
      .getRepository(Tenant)
      .findOneBy({ slug: credentials.tenant });
    const user = tenant
      ? await withTenant(this.dataSource, tenant.id, (manager) =>
          manager.findOneBy(PlatformUser, { tenantId: tenant.id, email }),
        )
      : null;
    const passwordMatches = await this.checks.run(tenant?.id ?? '', async () =>
      verifyPassword(credentials.password, user?.passwordHash ?? (await this.decoyHash)),
    );
    if (!tenant || !user || !passwordMatches || user.disabledAt || tenant.status !== 'active') {
      await this.audit.record({
        tenantId: tenant?.id ?? '',
        action: 'sign_in.failed',
        actor: email,
        sourceIp,
        details: {
          tenant: credentials.tenant,
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
    return user;
  }
}
