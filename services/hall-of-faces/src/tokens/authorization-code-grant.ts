import { createHash, timingSafeEqual } from 'node:crypto';

import { withTenant } from '@codex/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AuthorizationCodes } from '../authorize/authorization-codes';
import { PlatformUser } from '../identity/platform-user.entity';
import { Tenant } from '../tenants/tenant.entity';
import { AccessTokens, type TokenResponse } from './access-tokens';
import { IdTokens } from './id-tokens';
import { OAuthError } from './oauth-error';
import { RefreshTokens } from './refresh-tokens';
import type { AuthorizationCodeGrantRequest } from './token-request';

/**
 * A public client redeems the code the sign-in page sent it (RFC 6749 §4.1.3 with PKCE,
 * RFC 7636): once, within a minute, with the same client id and redirect URI, and with the
 * verifier whose S256 hash is the challenge it started with. The person gets what the
 * password grant gives, and an ID token when the client asked for `openid`.
 */
@Injectable()
export class AuthorizationCodeGrant {
  constructor(
    private readonly dataSource: DataSource,
    private readonly codes: AuthorizationCodes,
    private readonly tokens: AccessTokens,
    private readonly idTokens: IdTokens,
    private readonly refreshTokens: RefreshTokens,
  ) {}

  async grant(request: AuthorizationCodeGrantRequest): Promise<TokenResponse> {
    const grant = await this.codes.redeem(request.code);
    if (
      !grant ||
      grant.clientId !== request.client_id ||
      grant.redirectUri !== request.redirect_uri ||
      !verifierMatches(request.code_verifier, grant.codeChallenge)
    ) {
      throw new OAuthError(
        'invalid_grant',
        'the code is unknown, expired, used, or was issued for another client, redirect URI or verifier',
      );
    }
    const signedIn = await withTenant(this.dataSource, grant.tenantId, async (manager) => {
      const user = await manager.findOneBy(PlatformUser, {
        id: grant.userId,
        tenantId: grant.tenantId,
      });
      const tenant = await manager.getRepository(Tenant).findOneBy({ id: grant.tenantId });
      if (!user || user.disabledAt || tenant?.status !== 'active') return undefined;
      const refreshToken = await this.refreshTokens.issue(manager, {
        tenantId: user.tenantId,
        userId: user.id,
      });
      return { user, refreshToken };
    });
    if (!signedIn) throw new OAuthError('invalid_grant', 'the person can no longer sign in');
    const { user, refreshToken } = signedIn;
    const access = await this.tokens.issueForPerson(user);
    const wantsIdToken = grant.scope.split(' ').includes('openid');
    const idToken = wantsIdToken
      ? await this.idTokens.issue({
          userId: user.id,
          tenantId: user.tenantId,
          email: user.email,
          clientId: grant.clientId,
          ...(grant.nonce ? { nonce: grant.nonce } : {}),
        })
      : undefined;
    return {
      ...access,
      refresh_token: refreshToken,
      ...(idToken ? { id_token: idToken } : {}),
      ...(grant.scope ? { scope: grant.scope } : {}),
    };
  }
}

function verifierMatches(verifier: string, challenge: string): boolean {
  const computed = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}
