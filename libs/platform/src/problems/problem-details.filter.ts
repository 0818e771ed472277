import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { throwError } from 'rxjs';

import {
  defaultCode,
  PROBLEM_CONTENT_TYPE,
  type ProblemDocument,
  problemDocument,
} from './problem';

/** Every HTTP error leaves as an RFC 9457 problem document; unexpected ones are logged as 500s. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() !== 'http') return throwError(() => exception);
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof HttpException && isHealthReport(exception.getResponse())) {
      // Readiness keeps terminus' report, which names each dependency that is down.
      void reply.status(exception.getStatus()).send(exception.getResponse());
      return undefined;
    }
    const problem = this.toProblem(exception);
    sendProblem(reply, request, problem);
    return undefined;
  }

  private toProblem(exception: unknown): ProblemDocument {
    if (!(exception instanceof HttpException)) {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
      return problemDocument(500, 'internal_error', 'an unexpected error occurred');
    }
    const status = exception.getStatus();
    const body = exception.getResponse();
    if (typeof body === 'object' && 'code' in body && 'type' in body) {
      return body as ProblemDocument;
    }
    const message =
      typeof body === 'string'
        ? body
        : typeof (body as { message?: unknown }).message === 'string'
          ? (body as { message: string }).message
          : exception.message;
    // Fastify's own refusals (body limit, media type) arrive here as plain HttpExceptions.
    const extensions =
      status === 413 ? { errors: [{ field: 'body', message: 'is too large' }] } : {};
    return problemDocument(status, defaultCode(status), message, extensions);
  }
}

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  problem: ProblemDocument,
): void {
  if (problem.status === 401 && !reply.hasHeader('www-authenticate')) {
    void reply.header('www-authenticate', 'Bearer realm="codex", error="invalid_token"');
  }
  void reply
    .status(problem.status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send({ ...problem, instance: request.url.split('?')[0], requestId: String(request.id) });
}

function isHealthReport(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'status' in body && 'details' in body;
}
