import {
  defaultCode,
  type ProblemDocument,
  problemDocument,
  ProblemException,
  sendProblem,
} from '@codex/platform';
import { Logger } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

const logger = new Logger('Proxy');

/**
 * Errors on proxied routes leave as problem documents too: a refusal thrown by
 * a hook (bad text, body too large) as it is, a service that cannot be reached
 * as 502/503/504, anything else as a logged 500. The proxies are registered
 * before Nest installs its own handler, so they need this one.
 */
export function answerProxyErrorWithProblem(
  error: FastifyError | ProblemException,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  if (error instanceof ProblemException) {
    sendProblem(reply, request, error.getResponse() as ProblemDocument);
    return;
  }
  const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
  if (status === 500) logger.error(error.stack ?? error.message);
  const detail = status === 500 ? 'an unexpected error occurred' : error.message;
  sendProblem(reply, request, problemDocument(status, defaultCode(status), detail));
}
