import { createHash, randomBytes } from 'node:crypto';

import { REDIS } from '@codex/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

/** What a code stands for: who signed in, for which client, and how the client must prove it. */
export interface CodeGrant {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  userId: string;
  tenantId: string;
  scope: string;
  nonce?: string;
}

const LIFETIME_SECONDS = 60;

/**
 * Authorization codes: random, kept in Redis only as a hash, valid for a minute and
 * redeemable once (GETDEL), so a code seen in a log or a replayed redirect is worthless.
 */
@Injectable()
export class AuthorizationCodes {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async issue(grant: CodeGrant): Promise<string> {
    const code = randomBytes(32).toString('base64url');
    await this.redis.set(keyOf(code), JSON.stringify(grant), 'EX', LIFETIME_SECONDS);
    return code;
  }

  /** The grant of a code, once; undefined when it is unknown, expired or already used. */
  async redeem(code: string): Promise<CodeGrant | undefined> {
    const stored = await this.redis.getdel(keyOf(code));
    return stored ? (JSON.parse(stored) as CodeGrant) : undefined;
  }
}

function keyOf(code: string): string {
  return `codex:oauth:code:${createHash('sha256').update(code).digest('base64url')}`;
}
