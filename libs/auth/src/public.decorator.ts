import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const PUBLIC_ROUTE = 'codex:public-route';

/** Marks a public operation in the OpenAPI document, which then carries `security: []`. */
export const PUBLIC_OPERATION_EXTENSION = 'x-codex-public';

/** Opens a route to callers without a token: health, metrics, the token endpoint, key sets. */
export const Public = () =>
  applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiExtension(PUBLIC_OPERATION_EXTENSION, true));
