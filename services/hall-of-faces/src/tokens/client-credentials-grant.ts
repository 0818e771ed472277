import { randomUUID } from 'node:crypto';

import { asSystem } from '@codex/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AuditLog } from '../audit/audit-log';
import { MachineClient } from '../clients/machine-client.entity';
import { hashPassword, verifyPassword } from '../identity/password-hasher';
import { FairCheckQueue } from '../sign-in/fair-check-queue';
import { SignInThrottle } from '../sign-in/sign-in-throttle';
import { tenantClosed } from '../tenants/tenant-closed';
import { AccessTokens, type TokenResponse } from './access-tokens';
import { OAuthError } from './oauth-error';
import type { ClientCredentialsRequest } from './token-request';

/** Machine clients get tokens with their id and secret; failures are audited. */
@Injectable()
export class ClientCredentialsGrant {
  /** Checked when the client does not exist, so a miss costs as long as a wrong secret. */
  private readonly decoyHash = hashPassword(randomUUID());

  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: AccessTokens,
    private readonly audit: AuditLog,
    private readonly throttle: SignInThrottle,
    private readonly checks: FairCheckQueue,
  ) {}

  async grant(request: ClientCredentialsRequest, sourceIp: string): Promise<TokenResponse> {
    // Refused here while locked out: no database read, no scrypt.
    const attempt = await this.throttle.admit({
      grant: 'client_credentials',
      clientId: request.client_id,
      sourceIp,
    });
    const client = await asSystem(
      this.dataSource,
      'a client id names its tenant only once found',
      (manager) => manager.findOneBy(MachineClient, { clientId: request.client_id }),
    );
    const secretMatches = await this.checks.run(client?.tenantId ?? '', async () =>
      verifyPassword(request.client_secret, client?.secretHash ?? (await this.decoyHash)),
    );
    if (
      !client ||
      !secretMatches ||
      client.revokedAt ||
      (await tenantClosed(this.dataSource.manager, client.tenantId))
    ) {
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
    await this.throttle.succeeded(attempt);
    return this.tokens.issue({
      subject: client.clientId,
      tenantId: client.tenantId,
      roles: client.roles,
      claims: { client_id: client.clientId, creator: client.createdBy ?? client.clientId },
    });
  }
}
