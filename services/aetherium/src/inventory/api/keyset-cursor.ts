import { isStorableInstant, unsafeTextReason, ValidationProblem } from '@codex/platform';
import { z } from 'zod';

const storableText = z.string().refine((text) => unsafeTextReason(text) === undefined);
const position = z.tuple([storableText, storableText]);

/** Where the next page starts: the sort value and URN of the last row sent. Opaque to callers. */
export type KeysetPosition = z.output<typeof position>;

const NOT_OURS = { field: 'query.cursor', message: 'is not a cursor this API gave out' };

export function encodeCursor(value: KeysetPosition): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor(cursor: string): KeysetPosition {
  try {
    return position.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString()));
  } catch {
    throw new ValidationProblem([NOT_OURS]);
  }
}

/**
 * Why a cursor cannot continue a listing sorted this way, or undefined: a
 * forged cursor must not reach PostgreSQL with text or a time it refuses.
 */
export function cursorProblem(cursor: string, sortsByTime: boolean): string | undefined {
  try {
    const [value] = decodeCursor(cursor);
    return sortsByTime && !isStorableInstant(value) ? NOT_OURS.message : undefined;
  } catch {
    return NOT_OURS.message;
  }
}
