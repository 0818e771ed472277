import type { FastifyInstance } from 'fastify';

import type { MetricsRegistry } from './metrics-registry';

/** Observes every response's latency, labelled by the route pattern (never the raw URL). */
export function recordHttpMetrics(fastify: FastifyInstance, metrics: MetricsRegistry): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.httpRequestDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
