import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IsNull } from 'typeorm';

import type { IssuerConfig } from '../config';
import { ISSUER_CONFIG } from '../issuer-config.token';
import { RefreshToken } from './refresh-token.entity';

const PREFIX = 'rt_';

export type PresentedRefreshToken =
  | { state: 'valid'; token: RefreshToken }
  | { state: 'reused'; token: RefreshToken }
  | { state: 'unknown' | 'expired' };

/** Issues, looks up and retires people's refresh tokens (rotating, with reuse detection). */
@Injectable()
export class RefreshTokens {
  constructor(@Inject(ISSUER_CONFIG) private readonly config: IssuerConfig) {}

  /** A new token; a new family unless it replaces one of an existing family. */
  async issue(
    manager: EntityManager,
    holder: { tenantId: string; userId: string; familyId?: string },
  ): Promise<string> {
    const secret = `${PREFIX}${randomBytes(32).toString('base64url')}`;
    await manager.insert(RefreshToken, {
      id: randomUUID(),
      tenantId: holder.tenantId,
      userId: holder.userId,
      familyId: holder.familyId ?? randomUUID(),
      tokenHash: hashOf(secret),
      expiresAt: new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000),
      usedAt: null,
      revokedAt: null,
    });
    return secret;
  }

  /** The presented token, locked for the caller's transaction. */
  async lookUp(manager: EntityManager, presented: string): Promise<PresentedRefreshToken> {
    const token = presented.startsWith(PREFIX)
      ? await manager.findOne(RefreshToken, {
          where: { tokenHash: hashOf(presented) },
          lock: { mode: 'pessimistic_write' },
        })
      : null;
    if (!token) return { state: 'unknown' };
    if (token.usedAt || token.revokedAt) return { state: 'reused', token };
    if (token.expiresAt.getTime() <= Date.now()) return { state: 'expired' };
    return { state: 'valid', token };
  }

  async markUsed(manager: EntityManager, token: RefreshToken): Promise<void> {
    await manager.update(RefreshToken, { id: token.id }, { usedAt: () => 'now()' });
  }

  async revokeFamily(manager: EntityManager, familyId: string): Promise<void> {
    await manager.update(
      RefreshToken,
      { familyId, revokedAt: IsNull() },
      { revokedAt: () => 'now()' },
    );
  }

  async revokeForUser(manager: EntityManager, tenantId: string, userId: string): Promise<void> {
    await manager.update(
      RefreshToken,
      { tenantId, userId, revokedAt: IsNull() },
      { revokedAt: () => 'now()' },
    );
  }
}

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
