import { ValidationProblem } from '@codex/platform';
import { z } from 'zod';

const position = z.tuple([z.string(), z.string()]);

/** Where the next page starts: the sort value and URN of the last row sent. Opaque to callers. */
export type KeysetPosition = z.output<typeof position>;

export function encodeCursor(value: KeysetPosition): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor(cursor: string): KeysetPosition {
  try {
    return position.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString()));
  } catch {
    throw new ValidationProblem([
      { field: 'query.cursor', message: 'is not a cursor this API gave out' },
    ]);
  }
}
