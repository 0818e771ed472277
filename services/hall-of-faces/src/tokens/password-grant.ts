import { withTenant } from '@codex/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { PasswordSignIn } from '../sign-in/password-sign-in';
import { AccessTokens, type TokenResponse } from './access-tokens';
import { RefreshTokens } from './refresh-tokens';
import type { PasswordGrantRequest } from './token-request';

/** People sign in with their tenant, email and password; every attempt is audited. */
@Injectable()
export class PasswordGrant {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: AccessTokens,
    private readonly signIn: PasswordSignIn,
    private readonly refreshTokens: RefreshTokens,
  ) {}

  async grant(request: PasswordGrantRequest, sourceIp: string): Promise<TokenResponse> {
    const user = await this.signIn.verify(request, sourceIp);
    const access = await this.tokens.issueForPerson(user);
    const refreshToken = await withTenant(this.dataSource, user.tenantId, (manager) =>
      this.refreshTokens.issue(manager, { tenantId: user.tenantId, userId: user.id }),
    );
    return { ...access, refresh_token: refreshToken };
  }
}
