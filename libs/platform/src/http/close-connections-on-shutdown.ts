import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

/**
 * Node closes idle keep-alive connections once, when the server starts closing. A
 * request still in flight then leaves its connection open after answering, and
 * shutdown would wait for the client's keep-alive to lapse. Nest calls this hook
 * before it closes the server, so answers sent from then on carry `Connection: close`.
 */
@Injectable()
export class ConnectionCloser implements BeforeApplicationShutdown {
  private closing = false;

  beforeApplicationShutdown(): void {
    this.closing = true;
  }

  attach(fastify: FastifyInstance): void {
    fastify.addHook('onSend', (_request, reply, payload, done) => {
      if (this.closing) {
        void reply.header('connection', 'close');
      }
      done(null, payload);
    });
  }
}
