import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AuditLog } from '../audit/audit-log';
import { MachineClient } from '../clients/machine-client.entity';
import { hashPassword, verifyPassword } from '../identity/password-hasher';
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
  ) {}

  async grant(request: ClientCredentialsRequest, sourceIp: string): Promise<TokenResponse> {
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
    return this.tokens.issue({
      subject: client.clientId,
      tenantId: client.tenantId,
      roles: client.roles,
    });
  }
}
