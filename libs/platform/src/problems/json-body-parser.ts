import type { FastifyInstance } from 'fastify';

import { ProblemException } from './problem';

/**
 * Fastify's JSON parser (with its prototype-poisoning protection), except that
 * a body that is not JSON is answered with a `malformed_json` problem instead
 * of an anonymous 400.
 */
export function parseJsonBodiesWithProblems(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    void parseJson(request, body.toString(), (error, parsed) => {
      if (!error) return done(null, parsed);
      done(
        new ProblemException(400, 'malformed_json', `body: ${error.message}`, {
          errors: [{ field: 'body', message: 'is not valid JSON' }],
        }),
        undefined,
      );
    });
  });
}
