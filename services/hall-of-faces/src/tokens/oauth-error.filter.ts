import { type ProblemDocument, sendProblem } from '@codex/platform';
import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { OAuthError } from './oauth-error';

/**
 * RFC 6749 §5.2: a client that failed to authenticate is challenged with the
 * scheme it may use (Basic), not the Bearer challenge of the resource routes.
 */
@Catch(OAuthError)
export class OAuthErrorFilter implements ExceptionFilter<OAuthError> {
  catch(error: OAuthError, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (error.oauthCode === 'invalid_client') {
      void reply.header('www-authenticate', 'Basic realm="codex", charset="UTF-8"');
    }
    if (error.retryAfterSeconds !== undefined) {
      void reply.header('retry-after', String(error.retryAfterSeconds));
    }
    sendProblem(
      reply,
      host.switchToHttp().getRequest<FastifyRequest>(),
      // OAuthError is a ProblemException, whose response is always its problem document.
      error.getResponse() as ProblemDocument,
    );
  }
}
