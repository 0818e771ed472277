import { asSystem } from '@codex/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';

import { AuditLog } from '../audit/audit-log';
import { RefreshTokens } from './refresh-tokens';

/** RFC 7009: the token to revoke; an unknown one is not an error. */
export const revocationRequest = z.object({
  token: z.string().min(1).max(256),
  token_type_hint: z.string().max(64).optional(),
});

export type RevocationRequest = z.output<typeof revocationRequest>;

/** Signing out revokes the session: the refresh token presented and every one descended from its sign-in. */
@Injectable()
export class SignOut {
  constructor(
    private readonly dataSource: DataSource,
    private readonly refreshTokens: RefreshTokens,
    private readonly audit: AuditLog,
  ) {}

  async revoke(request: RevocationRequest, sourceIp: string): Promise<void> {
    const reason = 'a refresh token names its tenant only once found by its hash';
    await asSystem(this.dataSource, reason, async (manager) => {
      const presented = await this.refreshTokens.lookUp(manager, request.token);
      if (presented.state !== 'valid' && presented.state !== 'reused') return;
      await this.refreshTokens.revokeFamily(manager, presented.token.familyId);
      await this.audit.record(
        {
          tenantId: presented.token.tenantId,
          action: 'session.revoked',
          actor: presented.token.userId,
          sourceIp,
          details: { familyId: presented.token.familyId },
        },
        manager,
      );
    });
  }
}
