import { ValidationProblem } from '@codex/platform';

/** What a listing cursor carries: the provider's token and the listing it continues. */
interface CursorBody {
  t: string;
  b: string;
  p: string;
  d: string;
}

/** The provider's continuation token, bound to the bucket, prefix and delimiter it came from. */
export function encodeObjectCursor(
  token: string,
  bucketId: string,
  prefix: string,
  delimiter: string,
): string {
  const body: CursorBody = { t: token, b: bucketId, p: prefix, d: delimiter };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/** The provider's token; a cursor of another listing, or no cursor at all, is a 400. */
export function decodeObjectCursor(
  cursor: string,
  bucketId: string,
  prefix: string,
  delimiter: string,
): string {
  let body: Partial<CursorBody> = {};
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as Partial<CursorBody>;
  } catch {
    // Reported below.
  }
  if (typeof body.t !== 'string' || body.b !== bucketId) {
    throw new ValidationProblem([
      { field: 'query.cursor', message: 'is not the nextCursor of a listing of this bucket' },
    ]);
  }
  if (body.p !== prefix || body.d !== delimiter) {
    throw new ValidationProblem([
      {
        field: 'query.cursor',
        message: 'continues a listing with another prefix or delimiter; pass the same ones',
      },
    ]);
  }
  return body.t;
}
