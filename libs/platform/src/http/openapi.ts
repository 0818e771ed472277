import { PUBLIC_OPERATION_EXTENSION } from '@codex/auth';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export const OPENAPI_PATH = '/openapi.json';

/**
 * The service's own OpenAPI 3.1 document, built from its controllers: every
 * operation needs a bearer token unless its route is `@Public()`. The gateway
 * merges these into the one document users see.
 */
export function buildOpenApiDocument(app: INestApplication, service: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(`Codex ${service}`)
    .setOpenAPIVersion('3.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  for (const pathItem of Object.values(document.paths)) {
    for (const operation of Object.values(pathItem)) {
      if (isOperation(operation) && operation[PUBLIC_OPERATION_EXTENSION] === true) {
        operation.security = [];
      }
    }
  }
  return document;
}

function isOperation(value: unknown): value is Record<string, unknown> & { security?: unknown } {
  return typeof value === 'object' && value !== null && 'responses' in value;
}
