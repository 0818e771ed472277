import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

import { sendProblem } from '@codex/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';

import type { EdgeAuthenticator } from './edge-authenticator';
import type { EdgeCaller } from './edge-caller';
import { EdgeRefusal } from './edge-refusal';
import type { RateLimiter } from './rate-limiter';

/**
 * The gateway's pre-handler for every API route: caller, rate limit (the body
 * size is bounded earlier, for every proxied route: `forwarded-body.ts`). A
 * refused request never reaches a service.
 */
export function edgeGuard(authenticator: EdgeAuthenticator, rateLimiter: RateLimiter) {
  return async (
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply | undefined> => {
    try {
      const caller = await authenticator.authenticate(
        request.headers,
        forwardedFor(request, request.headers),
      );
      const decision = await rateLimiter.check(caller);
      void reply.headers({
        'ratelimit-limit': decision.limit,
        'ratelimit-remaining': decision.remaining,
        'ratelimit-reset': decision.resetSeconds,
      });
      if (!decision.allowed) {
        throw new EdgeRefusal(
          429,
          'rate_limited',
          `the ${decision.exceeded === 'api_key' ? 'API key' : 'tenant'} made too many requests; retry in ${decision.resetSeconds} s`,
          { limit: decision.exceeded },
          { 'retry-after': String(decision.resetSeconds) },
        );
      }
      request.edgeCaller = caller;
      return undefined;
    } catch (error) {
      if (!(error instanceof EdgeRefusal)) throw error;
      void reply.headers(error.headers);
      sendProblem(reply, request, error.problem);
      return reply;
    }
  };
}

/**
 * The headers a service receives: the caller's token (an API key never leaves
 * the edge), the request id, the client's address and a trace context.
 */
export function upstreamHeaders(
  request: { id: string; edgeCaller?: EdgeCaller; socket: { remoteAddress?: string } },
  headers: IncomingHttpHeaders,
): IncomingHttpHeaders {
  const forwarded = { ...headers };
  delete forwarded['x-api-key'];
  return {
    ...forwarded,
    'x-forwarded-for': forwardedFor(request, headers),
    ...(request.edgeCaller ? { authorization: `Bearer ${request.edgeCaller.token}` } : {}),
    'x-request-id': String(request.id),
    traceparent: typeof headers.traceparent === 'string' ? headers.traceparent : newTraceparent(),
  };
}

/** The X-Forwarded-For chain a service receives: the hops before the gateway, then its peer. */
function forwardedFor(
  request: { socket: { remoteAddress?: string } },
  headers: IncomingHttpHeaders,
): string {
  const previousHops =
    typeof headers['x-forwarded-for'] === 'string' ? headers['x-forwarded-for'] : '';
  const peer = request.socket.remoteAddress ?? '';
  return previousHops ? `${previousHops}, ${peer}` : peer;
}

function newTraceparent(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}
