import { randomBytes } from 'node:crypto';

import type { Redis } from 'ioredis';

/** What the gateway keeps for a signed-in browser; the browser holds only the session id. */
export interface ConsoleSession {
  accessToken: string;
  /** Epoch milliseconds. */
  accessTokenExpiresAt: number;
  refreshToken: string | undefined;
  idTokenClaims: { email?: string; name?: string };
  /** Sent back by the console in `x-csrf-token` on every change. */
  csrfToken: string;
  /** Epoch milliseconds: when the session ends, whatever happens to its tokens. */
  endsAt: number;
}

/** A sign-in in progress, between the redirect to the identity provider and its callback. */
export interface PendingSignIn {
  state: string;
  codeVerifier: string;
  nonce: string;
  returnTo: string;
}

const SESSION = 'codex:console:session:';

/** Console sessions in Redis, shared by every gateway replica. */
export class ConsoleSessions {
  constructor(private readonly redis: Redis) {}

  async create(
    session: Omit<ConsoleSession, 'csrfToken'>,
  ): Promise<{ id: string; csrfToken: string }> {
    const id = randomToken();
    const csrfToken = randomToken();
    await this.save(id, { ...session, csrfToken });
    return { id, csrfToken };
  }

  async get(id: string): Promise<ConsoleSession | undefined> {
    const stored = await this.redis.get(SESSION + id);
    return stored ? (JSON.parse(stored) as ConsoleSession) : undefined;
  }

  /** Replaces a session's tokens, keeping its end. */
  async save(id: string, session: ConsoleSession): Promise<void> {
    const ttlMs = session.endsAt - Date.now();
    if (ttlMs <= 0) return this.end(id);
    await this.redis.set(SESSION + id, JSON.stringify(session), 'PX', ttlMs);
  }

  async end(id: string): Promise<void> {
    await this.redis.del(SESSION + id);
  }

  /** Only one replica refreshes a session's tokens at a time: refresh tokens are single-use. */
  async lockRefresh(id: string): Promise<boolean> {
    return (await this.redis.set(`${SESSION}${id}:refreshing`, '1', 'PX', 10_000, 'NX')) === 'OK';
  }

  async unlockRefresh(id: string): Promise<void> {
    await this.redis.del(`${SESSION}${id}:refreshing`);
  }
}

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}
