import type { FastifyInstance } from 'fastify';

import { REQUEST_ID_HEADER } from '../logging/logger-options';

export function echoRequestId(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
}
