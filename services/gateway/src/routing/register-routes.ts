import httpProxy from '@fastify/http-proxy';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import type { GatewayConfig } from '../config';
import { upstreamHeaders } from '../edge/edge-guard';
import { forwardedBody } from '../edge/forwarded-body';
import { answerProxyErrorWithProblem } from '../edge/proxy-error-handler';
import { API_ROUTES, PUBLIC_ROUTES, type Route } from './route-table';

type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

/**
 * Proxies each area to its service: API routes behind the guards (in order: the console
 * session, then the edge guard), the issuer's public routes open, the body limit on both.
 */
export async function registerRoutes(
  app: NestFastifyApplication,
  config: GatewayConfig,
  guards: readonly Guard[],
  bodyLimitBytes: number,
): Promise<void> {
  const proxy = (route: Route) => ({
    upstream: config.upstreams[route.upstream],
    prefix: route.prefix,
    rewritePrefix: route.prefix,
    undici: {
      connections: 128,
      pipelining: 1,
      keepAliveTimeout: 60_000,
      headersTimeout: config.upstreamTimeoutMs,
      bodyTimeout: config.upstreamTimeoutMs,
    },
    replyOptions: { rewriteRequestHeaders: upstreamHeaders },
  });
  await app.register(async (proxies: FastifyInstance) => {
    // Bodies stream through to the service untouched; the proxy brings its own pass-through parsers.
    proxies.removeAllContentTypeParsers();
    proxies.addHook('preParsing', forwardedBody(bodyLimitBytes));
    proxies.setErrorHandler(answerProxyErrorWithProblem);
    await proxies.register(async (guarded: FastifyInstance) => {
      for (const guard of guards) guarded.addHook('preHandler', guard);
      for (const route of API_ROUTES) await guarded.register(httpProxy, proxy(route));
    });
    for (const route of PUBLIC_ROUTES) await proxies.register(httpProxy, proxy(route));
  });
}
