import type { FastifyInstance } from 'fastify';

import { ValidationProblem } from '../problems/problem';
import { findUnsafeText } from './unsafe-text';

/** The `code` of a 400 for text that contains NUL or a lone surrogate. */
export const UNSAFE_TEXT_CODE = 'invalid_text';

/**
 * Refuses, before any handler or guard runs, a request whose query string,
 * path parameters or parsed body hold a string PostgreSQL cannot store, with a
 * 400 problem naming the field (`query.q`, `params.urn`, `body.tenant`). One
 * walk per request; a body the app streams instead of parsing (the gateway's)
 * is left to the service that parses it.
 */
export function refuseUnsafeText(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (request, _reply, done) => {
    const problem =
      findUnsafeText(request.query, 'query') ??
      findUnsafeText(namedParams(request.params), 'params') ??
      (isParsed(request.body) ? findUnsafeText(request.body, 'body') : undefined);
    done(problem ? new ValidationProblem([problem], UNSAFE_TEXT_CODE) : undefined);
  });
}

/**
 * Path parameters without a wildcard's `*`: that is the rest of a path a proxy
 * passes on, and the service it goes to names the parameters in it.
 */
function namedParams(params: unknown): unknown {
  if (typeof params !== 'object' || params === null || !('*' in params)) return params;
  const { '*': _rest, ...named } = params as Record<string, unknown>;
  return named;
}

function isParsed(body: unknown): boolean {
  return (
    typeof body !== 'object' ||
    body === null ||
    typeof (body as { pipe?: unknown }).pipe !== 'function'
  );
}
