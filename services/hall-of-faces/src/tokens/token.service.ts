import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import { DataSource } from 'typeorm';

import { AuditLog } from '../audit/audit-log';
import { MachineClient } from '../clients/machine-client.entity';
import type { IssuerConfig } from '../config';
import { hashPassword, verifyPassword } from '../identity/password-hasher';
import { PlatformUser } from '../identity/platform-user.entity';
import { ISSUER_CONFIG } from '../issuer-config.token';
import { KeyRing } from '../signing/key-ring';
import { Tenant } from '../tenants/tenant.entity';
import { OAuthError } from './oauth-error';
import type { ClientCredentialsRequest, PasswordGrantRequest, TokenRequest } from './token-request';

/** A user or a machine client, as its token describes it. */
interface TokenHolder {
  subject: string;
  tenantId: string;
  roles: string[];
  email?: string;
}

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

  grant(request: TokenRequest, sourceIp: string): Promise<TokenResponse> {
    switch (request.grant_type) {
      case 'password':
        return this.passwordGrant(request, sourceIp);
      case 'client_credentials':
        return this.clientCredentialsGrant(request, sourceIp);
    }
  }

  private async clientCredentialsGrant(
    request: ClientCredentialsRequest,
    sourceIp: string,
  ): Promise<TokenResponse> {
    const client = await this.dataSource
      .getRepository(MachineClient)
      .findOneBy({ clientId: request.client_id });
    const secretMatches = await verifyPassword(
      request.client_secret,
      client?.secretHash ?? (await this.decoyHash),
    );
    if (!client || !secretMatches || client.revokedAt) {
      await this.audit.record({
        tenantId: client?.tenantId ?? '',
        action: 'client_sign_in.failed',
        actor: request.client_id,
        sourceIp,
        details: { reason: !client ? 'unknown_client' : 'wrong_secret_or_revoked' },
      });
      throw new OAuthError(
        'invalid_client',
        'the client is unknown, revoked, or its secret is wrong',
      );
    }
    return this.issue({ subject: client.clientId, tenantId: client.tenantId, roles: client.roles });
  }

  private async passwordGrant(
    request: PasswordGrantRequest,
    sourceIp: string,
  ): Promise<TokenResponse> {
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
    return this.issue({
      subject: user.id,
      tenantId: user.tenantId,
      roles: user.roles,
      email: user.email,
    });
  }

  private async issue(holder: TokenHolder): Promise<TokenResponse> {
    const key = await this.keyRing.activeKey();
    const { subject, tenantId, roles, email } = holder;
    const token = await new SignJWT({ tenant_id: tenantId, roles, ...(email ? { email } : {}) })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'at+jwt' })
      .setIssuer(this.config.issuerUrl)
      .setAudience(this.config.audience)
      .setSubject(subject)
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
