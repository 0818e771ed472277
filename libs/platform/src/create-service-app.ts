import type { PlatformConfig } from '@codex/config';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';

import { ConnectionCloser } from './http/close-connections-on-shutdown';
import { echoRequestId } from './http/echo-request-id';
import { keepOnlyAddressesInForwardedFor } from './http/forwarded-for';
import { buildOpenApiDocument, OPENAPI_PATH } from './http/openapi';
import { refuseUnsafeText } from './http/refuse-unsafe-text';
import { requestId } from './logging/logger-options';
import { MetricsRegistry } from './metrics/metrics-registry';
import { recordHttpMetrics } from './metrics/record-http-metrics';
import { parseJsonBodiesWithProblems } from './problems/json-body-parser';
import { TransportStrategies } from './transport-strategies';

/** The longest path parameter served, encoded: a URN of up to 512 characters, each `%XX` at worst. */
const MAX_PATH_PARAM_LENGTH = 1536;

/** Builds the Nest application on Fastify with the platform's logger, metrics and shutdown hooks. */
export async function createServiceApp(
  rootModule: DynamicModule,
  config: PlatformConfig,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustedProxies,
    logger: false,
    return503OnClosing: true,
    requestIdHeader: false,
    genReqId: requestId,
    // A path parameter may be a URN (`/inventory/resources/{urn}`): an Azure VM's, URL-encoded,
    // is past Fastify's default of 100 characters, which it answers with 414.
    maxParamLength: MAX_PATH_PARAM_LENGTH,
  });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  // Exit 0 after a clean drain (rather than re-raising the signal), so buffered logs flush.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  const fastify = app.getHttpAdapter().getInstance();
  keepOnlyAddressesInForwardedFor(fastify);
  echoRequestId(fastify);
  app.get(ConnectionCloser).attach(fastify);
  recordHttpMetrics(fastify, app.get(MetricsRegistry));
  // Nest adds its body parsers during init(); registered now, they are in place for ours to replace.
  adapter.registerParserMiddleware();
  parseJsonBodiesWithProblems(fastify);
  refuseUnsafeText(fastify);
  const openApi = buildOpenApiDocument(app, config.service);
  fastify.get(OPENAPI_PATH, () => openApi);
  for (const strategy of app.get(TransportStrategies).all()) {
    app.connectMicroservice({ strategy }, { inheritAppConfig: true });
  }
  return app;
}

/** Starts listening and arms a watchdog so a stuck shutdown still ends the process. */
export async function listen(app: INestApplication, config: PlatformConfig): Promise<void> {
  await app.startAllMicroservices();
  await app.listen(config.http.port, config.http.host);
  const logger = app.get(Logger);
  logger.log(`${config.service} listening on http://${config.http.host}:${config.http.port}`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.log(`${signal} received: draining (up to ${config.shutdown.graceMs} ms)`);
      setTimeout(() => {
        logger.error(`shutdown exceeded ${config.shutdown.graceMs} ms; exiting`);
        process.exit(1);
      }, config.shutdown.graceMs).unref();
    });
  }
}
