import { HttpException, HttpStatus } from '@nestjs/common';

/** One thing wrong with the input, named by its path (`roles.0`, `body`, `query.limit`). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** The body of an RFC 9457 problem document; `code` is stable and meant for machines. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const DEFAULT_CODES: Partial<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'unavailable',
  504: 'gateway_timeout',
};

export function defaultCode(status: number): string {
  return DEFAULT_CODES[status] ?? `http_${status}`;
}

export function problemDocument(
  status: number,
  code: string,
  detail: string,
  extensions: Record<string, unknown> = {},
): ProblemDocument {
  return {
    type: `urn:codex:problem:${code}`,
    title: statusTitle(status),
    status,
    code,
    detail,
    ...extensions,
  };
}

function statusTitle(status: number): string {
  const name = HttpStatus[status];
  if (!name) return `HTTP ${status}`;
  const words = name.toLowerCase().split('_').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * An error answered as a problem document. Thrown by use cases for what the
 * caller got wrong; anything else that escapes a handler is a 500.
 */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    detail: string,
    extensions: Record<string, unknown> = {},
  ) {
    super(problemDocument(status, code, detail, extensions), status);
  }
}

export class ValidationProblem extends ProblemException {
  constructor(errors: FieldProblem[], code = 'validation_failed') {
    const named = errors.map((error) => `${error.field}: ${error.message}`).join('; ');
    super(400, code, named || 'the request is invalid', { errors });
  }
}

export class NotFoundProblem extends ProblemException {
  constructor(what: string) {
    super(404, 'not_found', `${what} does not exist`);
  }
}
