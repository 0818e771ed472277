import type { JwtVerifier } from '@codex/auth';
import { problemDocument, sendProblem } from '@codex/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import type { ConsoleConfig } from '../config';
import type { ConsoleIdentityProvider } from './console-identity-provider';
import { type ConsoleSessions, type PendingSignIn, randomToken } from './console-session';
import { openIdClient } from './openid-client';
import { csrfMatches, SESSION_COOKIE, type SessionCredentials } from './session-credentials';

const SIGN_IN_COOKIE = '__Host-codex-sign-in';

/**
 * The console's sign-in as a backend for frontend: the gateway runs the authorization code
 * flow with PKCE, keeps the tokens, and gives the browser an HttpOnly, Secure, SameSite
 * session cookie. `/auth/session` tells the console who is signed in and its CSRF token.
 */
export function registerConsoleAuth(
  fastify: FastifyInstance,
  deps: {
    config: ConsoleConfig;
    sessions: ConsoleSessions;
    identityProvider: ConsoleIdentityProvider;
    credentials: SessionCredentials;
    verifier: JwtVerifier;
  },
): void {
  const { config, sessions, identityProvider, credentials, verifier } = deps;
  const cookie = { path: '/', httpOnly: true, secure: true, sameSite: 'lax' as const };

  fastify.get('/auth/login', async (request, reply) => {
    const state = randomToken();
    const codeVerifier = (await openIdClient()).randomPKCECodeVerifier();
    const nonce = randomToken();
    const returnTo = safeReturnTo((request.query as { returnTo?: unknown }).returnTo);
    const target = await identityProvider.authorizationUrl(state, codeVerifier, nonce);
    // The sign-in waits in this browser's HttpOnly cookie, not on the server: a callback with
    // another browser's state finds no match, and anonymous calls here store nothing.
    const pending: PendingSignIn = { state, codeVerifier, nonce, returnTo };
    void reply.setCookie(SIGN_IN_COOKIE, encodePending(pending), { ...cookie, maxAge: 600 });
    return reply.header('cache-control', 'no-store').redirect(target.toString(), 303);
  });

  fastify.get('/auth/callback', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const state = typeof query.state === 'string' ? query.state : '';
    const pending = decodePending(request.cookies[SIGN_IN_COOKIE]);
    void reply.clearCookie(SIGN_IN_COOKIE, cookie);
    if (!pending || !state || pending.state !== state)
      return refuse(
        reply,
        request,
        400,
        'sign_in_expired',
        'the sign-in expired or began in another browser; sign in again',
      );
    if (typeof query.error === 'string') {
      const detail =
        typeof query.error_description === 'string' ? query.error_description : query.error;
      return refuse(reply, request, 400, 'sign_in_failed', detail);
    }
    let tokens;
    try {
      tokens = await identityProvider.redeem(callbackUrl(config, request.url), {
        state,
        codeVerifier: pending.codeVerifier,
        nonce: pending.nonce,
      });
    } catch (error) {
      return refuse(
        reply,
        request,
        400,
        'sign_in_failed',
        `the identity provider's answer was refused: ${(error as Error).message}`,
      );
    }
    const { id } = await sessions.create({
      ...tokens,
      endsAt: Date.now() + config.sessionTtlSeconds * 1000,
    });
    void reply.setCookie(SESSION_COOKIE, id, { ...cookie, maxAge: config.sessionTtlSeconds });
    return reply.header('cache-control', 'no-store').redirect(pending.returnTo, 303);
  });

  fastify.get('/auth/session', async (request, reply) => {
    const id = request.cookies[SESSION_COOKIE];
    const session = id ? await credentials.current(id) : undefined;
    if (!session) return refuse(reply, request, 401, 'not_signed_in', 'sign in at /auth/login');
    const principal = await verifier.verify(session.accessToken);
    void reply.header('cache-control', 'no-store');
    return {
      user: {
        subject: principal.subject,
        tenantId: principal.tenantId,
        roles: principal.roles,
        email: session.idTokenClaims.email ?? null,
        name: session.idTokenClaims.name ?? session.idTokenClaims.email ?? principal.subject,
      },
      csrfToken: session.csrfToken,
    };
  });

  fastify.post('/auth/logout', async (request, reply) => {
    const id = request.cookies[SESSION_COOKIE];
    const session = id ? await sessions.get(id) : undefined;
    if (id && session) {
      if (!csrfMatches(request, session)) {
        return refuse(
          reply,
          request,
          403,
          'csrf_token_invalid',
          'signing out needs the session CSRF token in x-csrf-token',
        );
      }
      await sessions.end(id);
      if (session.refreshToken) {
        // Signed out here whatever happens; a refresh token the issuer still honours is logged.
        await identityProvider.revoke(session.refreshToken).catch((error: unknown) => {
          request.log.warn({ err: error }, 'sign-out could not revoke the refresh token');
        });
      }
    }
    void reply.clearCookie(SESSION_COOKIE, cookie);
    return reply.code(204).send();
  });
}

function encodePending(pending: PendingSignIn): string {
  return Buffer.from(JSON.stringify(pending)).toString('base64url');
}

function decodePending(cookie: string | undefined): PendingSignIn | undefined {
  if (!cookie) return undefined;
  try {
    const parsed = JSON.parse(
      Buffer.from(cookie, 'base64url').toString(),
    ) as Partial<PendingSignIn>;
    const { state, codeVerifier, nonce, returnTo } = parsed;
    return typeof state === 'string' &&
      typeof codeVerifier === 'string' &&
      typeof nonce === 'string' &&
      typeof returnTo === 'string'
      ? { state, codeVerifier, nonce, returnTo: safeReturnTo(returnTo) }
      : undefined;
  } catch {
    return undefined;
  }
}

/** A path on this site only: `/inventory?x=1`, never `//evil.example` or a full URL. */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) return '/';
  if (value.includes('\\') || [...value].some((char) => char < ' ')) return '/';
  return value;
}

/** The callback URL as the identity provider redirected to it: the public URL with its query. */
function callbackUrl(config: ConsoleConfig, requestUrl: string): URL {
  return new URL(requestUrl, config.publicUrl);
}

function refuse(
  reply: FastifyReply,
  request: FastifyRequest,
  status: number,
  code: string,
  detail: string,
): FastifyReply {
  sendProblem(reply, request, problemDocument(status, code, detail));
  return reply;
}
