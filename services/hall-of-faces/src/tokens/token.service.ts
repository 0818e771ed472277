import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import { DataSource } from 'typeorm';

import { AuditLog } from '../audit/audit-log';
import type { IssuerConfig } from '../config';
import { hashPassword, verifyPassword } from '../identity/password-hasher';
import { PlatformUser } from '../identity/platform-user.entity';
import { ISSUER_CONFIG } from '../issuer-config.token';
import { KeyRing } from '../signing/key-ring';
import { Tenant } from '../tenants/tenant.entity';
import { OAuthError } from './oauth-error';
import type { PasswordGrantRequest } from './token-request';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

@Injectable()
export class TokenService {
  /** Checked when the user does not exist, so a miss costs as long as a wrong password. */
  private readonly decoyHash = hashPassword(randomUUID());

  constructor(
    private readonly dataSource: DataSource,
    private readonly keyRing: KeyRing,
    private readonly audit: AuditLog,
    @Inject(ISSUER_CONFIG) private readonly config: IssuerConfig,
  ) {}

  async passwordGrant(request: PasswordGrantRequest, sourceIp: string): Promise<TokenResponse> {
    const tenant = await this.dataSource.getRepository(Tenant).findOneBy({ slug: request.tenant });
    const email = request.username.trim().toLowerCase();
    const user = tenant
      ? await this.dataSource.getRepository(PlatformUser).findOneBy({ tenantId: tenant.id, email })
      : null;
    const passwordMatches = await verifyPassword(
      request.password,
      user?.passwordHash ?? (await this.decoyHash),
    );
    if (!tenant || !user || !passwordMatches || user.disabledAt) {
      await this.audit.record({
        tenantId: tenant?.id ?? '',
        action: 'sign_in.failed',
        actor: email,
        sourceIp,
        details: {
          tenant: request.tenant,
          reason: !tenant || !user ? 'unknown_user' : 'wrong_password_or_disabled',
        },
      });
      throw new OAuthError('invalid_grant', 'the tenant, username or password is wrong');
    }
    await this.audit.record({
      tenantId: tenant.id,
      action: 'sign_in.succeeded',
      actor: user.id,
      sourceIp,
    });
    return this.issue(user);
  }

  private async issue(user: PlatformUser): Promise<TokenResponse> {
    const key = await this.keyRing.activeKey();
    const token = await new SignJWT({
      tenant_id: user.tenantId,
      roles: user.roles,
      email: user.email,
    })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'at+jwt' })
      .setIssuer(this.config.issuerUrl)
      .setAudience(this.config.audience)
      .setSubject(user.id)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${this.config.accessTokenTtlSeconds}s`)
      .sign(key.privateKey);
    return {
      access_token: token,
      token_type: 'Bearer',
      expires_in: this.config.accessTokenTtlSeconds,
    };
  }
}
