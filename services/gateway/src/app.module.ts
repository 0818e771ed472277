import { JwtVerifier, RevocationList } from '@codex/auth';
import { PlatformModule, REDIS, runServiceCli } from '@codex/platform';
import type { Telemetry } from '@codex/telemetry';
import fastifyCookie from '@fastify/cookie';
import { type DynamicModule, Logger, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Redis } from 'ioredis';
import { PinoLogger } from 'nestjs-pino';

import type { ServiceConfig } from './config';
import { registerConsoleAuth } from './console/console-auth-routes';
import { ConsoleIdentityProvider } from './console/console-identity-provider';
import { ConsoleSessions } from './console/console-session';
import { serveConsole } from './console/console-static';
import { SessionCredentials } from './console/session-credentials';
import { logAccess } from './edge/access-log';
import { ApiKeyExchange } from './edge/api-key-exchange';
import { atMostEvery } from './edge/at-most-every';
import { EdgeAuthenticator } from './edge/edge-authenticator';
import { edgeGuard } from './edge/edge-guard';
import { RateLimiter } from './edge/rate-limiter';
import { addSecurityHeaders } from './edge/security-headers';
import { AggregatedOpenApi } from './openapi/aggregated-openapi';
import { registerRoutes } from './routing/register-routes';

/** The edge: no database and no controllers of its own; everything it routes is a service's. */
@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig, telemetry: Telemetry): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot({ config, telemetry, requestLogging: 'off' })],
    };
  }
}

export function run(
  argv: readonly string[],
  config: ServiceConfig,
  telemetry: Telemetry,
): Promise<void> {
  return runServiceCli(argv, {
    config,
    telemetry,
    rootModule: AppModule.forRoot(config, telemetry),
    configure: (app) => configureEdge(app, config),
  });
}

async function configureEdge(app: NestFastifyApplication, config: ServiceConfig): Promise<void> {
  const gateway = config.gateway;
  const fastify = app.getHttpAdapter().getInstance();
  addSecurityHeaders(fastify);
  // PinoLogger.root is set only when Nest initialises, after this runs: read it per request.
  logAccess(fastify, () => PinoLogger.root);
  app.enableCors({
    origin: gateway.corsOrigins,
    allowedHeaders: [
      'authorization',
      'content-type',
      'x-api-key',
      'x-request-id',
      'traceparent',
      'idempotency-key',
    ],
    exposedHeaders: [
      'x-request-id',
      'retry-after',
      'ratelimit-limit',
      'ratelimit-remaining',
      'ratelimit-reset',
    ],
    maxAge: 600,
  });
  const verifier = app.get(JwtVerifier);
  const logger = new Logger('Edge');
  const authenticator = new EdgeAuthenticator(
    verifier,
    new ApiKeyExchange(
      `${gateway.upstreams.hallOfFaces}/oauth/token`,
      verifier,
      gateway.apiKeyCacheSeconds * 1000,
    ),
    app.get(RevocationList),
  );
  const rateLimiter = new RateLimiter(
    app.get<Redis>(REDIS),
    gateway.rateLimit,
    atMostEvery(10_000, (error: unknown, heldBack: number) =>
      logger.warn(
        `rate limits not enforced, Redis did not answer: ${String(error)}` +
          (heldBack > 0 ? ` (and ${heldBack} more times since the last warning)` : ''),
      ),
    ),
  );
  fastify.addHook('onClose', () => rateLimiter.close());
  const console = await consoleSessions(app, gateway);
  await registerRoutes(
    app,
    gateway,
    [console.hook(), edgeGuard(authenticator, rateLimiter)],
    config.http.bodyLimitBytes,
  );
  serveApiDocs(app, new AggregatedOpenApi(gateway.upstreams));
  if (!(await serveConsole(fastify, gateway.console.distDir))) {
    logger.warn(`no console build at ${gateway.console.distDir}: only the API is served`);
  }
}

/**
 * The console's sign-in and sessions (backend for frontend). The built-in issuer's public
 * URL is the gateway's own, so the gateway reaches it at hall-of-faces directly.
 */
async function consoleSessions(
  app: NestFastifyApplication,
  gateway: ServiceConfig['gateway'],
): Promise<SessionCredentials> {
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyCookie);
  const sessions = new ConsoleSessions(app.get<Redis>(REDIS));
  const { publicUrl } = gateway.console;
  const identityProvider = new ConsoleIdentityProvider(
    gateway.console,
    new Map([
      [`${publicUrl}/oauth/`, `${gateway.upstreams.hallOfFaces}/oauth/`],
      [`${publicUrl}/.well-known/`, `${gateway.upstreams.hallOfFaces}/.well-known/`],
    ]),
  );
  const credentials = new SessionCredentials(sessions, identityProvider);
  registerConsoleAuth(fastify, {
    config: gateway.console,
    sessions,
    identityProvider,
    credentials,
    verifier: app.get(JwtVerifier),
  });
  return credentials;
}

/** The merged OpenAPI document at /api/v1/openapi.json and interactive docs at /api/v1/docs. */
function serveApiDocs(app: NestFastifyApplication, openApi: AggregatedOpenApi): void {
  const placeholder = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('Codex API').setOpenAPIVersion('3.1.0').build(),
  );
  SwaggerModule.setup('api/v1/docs', app, placeholder, {
    jsonDocumentUrl: 'api/v1/openapi.json',
    raw: ['json'],
    customSiteTitle: 'Codex API',
    patchDocumentOnRequest: () => openApi.document(),
  });
}
