import { redactUrl } from '@codex/platform';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

/**
 * One line per request (not probes) at info, built only when info is enabled:
 * no headers, and query values that may be credentials redacted.
 */
export function logAccess(fastify: FastifyInstance, logger: () => Logger | undefined): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const url = request.url;
    const log = logger();
    if (log?.isLevelEnabled('info') && !url.startsWith('/health/') && url !== '/metrics') {
      log.info(
        {
          reqId: request.id,
          req: { method: request.method, url: redactUrl(url) },
          res: { statusCode: reply.statusCode },
          responseTime: Math.round(reply.elapsedTime),
          tenantId: request.edgeCaller?.principal.tenantId,
        },
        'request completed',
      );
    }
    done();
  });
}
