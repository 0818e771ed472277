// BigQuery's error body: { error: { code, message, status, errors: [{ reason, message, … }] } }.
const STATUS_BY_CODE = {
  400: 'INVALID_ARGUMENT',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

export class BigQueryError extends Error {
  constructor(code, reason, message, extra = {}) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.extra = extra;
  }

  toJSON() {
    const detail = { message: this.message, domain: 'global', reason: this.reason, ...this.extra };
    return {
      error: {
        code: this.code,
        message: this.message,
        errors: [detail],
        status: STATUS_BY_CODE[this.code] ?? 'UNKNOWN',
      },
    };
  }
}

export const invalidQuery = (message) =>
  new BigQueryError(400, 'invalidQuery', message, { location: 'q', locationType: 'parameter' });
export const invalid = (message) => new BigQueryError(400, 'invalid', message);
export const notFound = (message) => new BigQueryError(404, 'notFound', message);
export const duplicate = (message) => new BigQueryError(409, 'duplicate', message);
