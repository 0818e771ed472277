import { timingSafeEqual } from 'node:crypto';

import { problemDocument, sendProblem } from '@codex/platform';
import { Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import type { ConsoleIdentityProvider } from './console-identity-provider';
import type { ConsoleSession, ConsoleSessions } from './console-session';

export const SESSION_COOKIE = '__Host-codex-session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Refresh this long before the access token expires, so a request never carries a dead one. */
const REFRESH_MARGIN_MS = 30_000;

/**
 * Turns the console's session cookie into the bearer token the edge guard checks: requests
 * with their own credentials (Authorization, X-API-Key) pass untouched. A change needs the
 * session's CSRF token in `x-csrf-token`. An access token about to expire is refreshed,
 * by one replica at a time.
 */
export class SessionCredentials {
  constructor(
    private readonly sessions: ConsoleSessions,
    private readonly identityProvider: ConsoleIdentityProvider,
    private readonly logger = new Logger('ConsoleSessions'),
  ) {}

  hook() {
    return async (
      request: FastifyRequest,
      reply: FastifyReply,
    ): Promise<FastifyReply | undefined> => {
      const id = request.cookies[SESSION_COOKIE];
      if (!id || request.headers.authorization || request.headers['x-api-key']) return undefined;
      const session = await this.current(id);
      if (!session) return undefined;
      if (!SAFE_METHODS.has(request.method) && !csrfMatches(request, session)) {
        const detail = 'a change from the console needs the session CSRF token in x-csrf-token';
        sendProblem(reply, request, problemDocument(403, 'csrf_token_invalid', detail));
        return reply;
      }
      request.headers.authorization = `Bearer ${session.accessToken}`;
      return undefined;
    };
  }

  /** The session with an access token good for a while yet; undefined when it has ended. */
  async current(id: string): Promise<ConsoleSession | undefined> {
    const session = await this.sessions.get(id);
    if (!session || session.accessTokenExpiresAt - REFRESH_MARGIN_MS > Date.now()) return session;
    if (!session.refreshToken)
      return session.accessTokenExpiresAt > Date.now() ? session : undefined;
    if (!(await this.sessions.lockRefresh(id))) return this.refreshedByAnother(id, session);
    try {
      const tokens = await this.identityProvider.refresh(session.refreshToken);
      const refreshed = { ...session, ...tokens };
      await this.sessions.save(id, refreshed);
      return refreshed;
    } catch (error) {
      // The identity provider refused the refresh token (revoked, expired) or did not answer:
      // either way the person signs in again, and the log says why.
      this.logger.warn(`a console session ended: its tokens did not refresh: ${String(error)}`);
      await this.sessions.end(id);
      return undefined;
    } finally {
      await this.sessions.unlockRefresh(id);
    }
  }

  private async refreshedByAnother(
    id: string,
    before: ConsoleSession,
  ): Promise<ConsoleSession | undefined> {
    for (let waited = 0; waited < 5_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = await this.sessions.get(id);
      if (!now || now.accessToken !== before.accessToken) return now;
    }
    return undefined;
  }
}

/** Whether a request carries its session's CSRF token (compared in constant time). */
export function csrfMatches(request: FastifyRequest, session: ConsoleSession): boolean {
  const sent = request.headers['x-csrf-token'];
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(session.csrfToken);
  return a.length === b.length && timingSafeEqual(a, b);
}
