import { asSystem, withTenant } from '@codex/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { ApiKey } from '../api-keys/api-key.entity';
import { parseApiKey, secretMatches } from '../api-keys/api-key-secret';
import { AuditLog } from '../audit/audit-log';
import { SignInThrottle } from '../sign-in/sign-in-throttle';
import { tenantClosed } from '../tenants/tenant-closed';
import { AccessTokens, type TokenResponse } from './access-tokens';
import { OAuthError } from './oauth-error';
import type { ApiKeyGrantRequest } from './token-request';

/** Tokens from API keys live at most this long, so a revoked key stops working soon. */
const API_KEY_TOKEN_SECONDS = 300;

/**
 * Trades a valid, unrevoked API key for a short-lived access token with the
 * key's tenant and roles. Uses are not audited (the key's last use is kept
 * instead); failures are.
 */
@Injectable()
export class ApiKeyGrant {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: AccessTokens,
    private readonly audit: AuditLog,
    private readonly throttle: SignInThrottle,
  ) {}

  async grant(request: ApiKeyGrantRequest, sourceIp: string): Promise<TokenResponse> {
    const presented = parseApiKey(request.api_key);
    const attempt = await this.throttle.admit({ grant: 'api_key', keyId: presented?.id, sourceIp });
    const key = presented
      ? await asSystem(this.dataSource, 'an API key names its tenant only once found', (manager) =>
          manager.findOneBy(ApiKey, { id: presented.id }),
        )
      : null;
    const refusal = !presented
      ? 'malformed_key'
      : !key
        ? 'unknown_key'
        : !secretMatches(presented.secret, key.secretHash)
          ? 'wrong_secret'
          : key.revokedAt
            ? 'revoked'
            : (await tenantClosed(this.dataSource.manager, key.tenantId))
              ? 'tenant_closed'
              : undefined;
    if (refusal || !key) {
      await this.audit.record({
        tenantId: key?.tenantId ?? '',
        action: 'api_key_sign_in.failed',
        actor: `apikey:${presented?.id ?? 'malformed'}`,
        sourceIp,
        details: { reason: refusal },
      });
      throw new OAuthError('invalid_grant', 'the API key is unknown, revoked or wrong');
    }
    await this.throttle.succeeded(attempt);
    await withTenant(this.dataSource, key.tenantId, (manager) =>
      manager.update(ApiKey, { id: key.id }, { lastUsedAt: () => 'now()' }),
    );
    return this.tokens.issue({
      subject: `apikey:${key.id}`,
      tenantId: key.tenantId,
      roles: key.roles,
      claims: { api_key_id: key.id, creator: key.createdBy },
      maxLifetimeSeconds: API_KEY_TOKEN_SECONDS,
    });
  }
}
