import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { PlatformConfig } from '@codex/config';
import type { Params } from 'nestjs-pino';

import { redactUrl } from './redact-url';

export const REQUEST_ID_HEADER = 'x-request-id';
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keeps a caller's request id when it is sane, otherwise mints one. */
export function requestId(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && ACCEPTED_REQUEST_ID.test(incoming)
    ? incoming
    : randomUUID();
}

export function loggerOptions(config: PlatformConfig, logRequests = true): Params {
  return {
    ...(logRequests ? {} : { forRoutes: [] }),
    pinoHttp: {
      name: config.service,
      level: config.log.level,
      // Only what an access log needs, read straight off the request: no headers means no
      // credentials to redact there, and nothing to copy on every request; query values that
      // may be credentials are redacted from the URL.
      wrapSerializers: false,
      serializers: { req: describeRequest, res: describeResponse },
      autoLogging: { ignore: (request) => isProbe(request.originalUrl ?? request.url) },
      transport: config.log.pretty
        ? { target: 'pino-pretty', options: { singleLine: true } }
        : undefined,
    },
  };
}

function describeRequest(request: IncomingMessage & { id?: unknown }) {
  return {
    id: request.id,
    method: request.method,
    url: redactUrl(request.originalUrl ?? request.url ?? ''),
    remoteAddress: request.socket?.remoteAddress,
  };
}

function describeResponse(response: ServerResponse) {
  return { statusCode: response.statusCode };
}

declare module 'node:http' {
  interface IncomingMessage {
    originalUrl?: string;
  }
}

function isProbe(url: string | undefined): boolean {
  return url !== undefined && (url.startsWith('/health/') || url === '/metrics');
}
