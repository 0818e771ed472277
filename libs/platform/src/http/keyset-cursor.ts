import { z } from 'zod';

import { instant } from './instant';

/**
 * Where a page ended: the last row's sort time, as PostgreSQL's microsecond
 * text (a JS Date would cut it to milliseconds and skip rows), and its id.
 */
export interface KeysetCursor {
  at: string;
  id: string;
}

/** The id of a row keyed by a uuid. */
const uuidKey = z.uuid();

/** PostgreSQL's text of a timestamptz column that round-trips into a cursor exactly. */
export const cursorTimeSql = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

/**
 * Checked as strictly as a caller's own input: a forged cursor must not reach
 * PostgreSQL. `key` checks the id part (a uuid unless said otherwise).
 */
export function decodeCursor(
  text: string,
  key: z.ZodType<string> = uuidKey,
): KeysetCursor | undefined {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(text, 'base64url').toString());
  } catch {
    return undefined;
  }
  const parsed = z.tuple([instant, key]).safeParse(decoded);
  return parsed.success ? { at: parsed.data[0], id: parsed.data[1] } : undefined;
}

/** The `cursor` query parameter of a list whose rows have ids of the `key` shape. */
export function keyedCursorParam(key: z.ZodType<string>) {
  return z
    .string()
    .max(200)
    .transform((text, context) => {
      const cursor = decodeCursor(text, key);
      if (!cursor) {
        context.addIssue({ code: 'custom', message: 'is not the nextCursor of a previous page' });
        return z.NEVER;
      }
      return cursor;
    })
    .optional();
}

/** The `cursor` query parameter: the `nextCursor` of the previous page (uuid ids). */
export const cursorParam = keyedCursorParam(uuidKey);

/** The `limit` query parameter: items per page. */
export const limitParam = z.coerce
  .number({ error: 'expected a whole number' })
  .int('expected a whole number')
  .min(1, 'expected at least 1')
  .max(200, 'expected at most 200')
  .default(50);

export interface Page<Item> {
  items: Item[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

/** Turns `limit + 1` fetched rows into a page: the extra row only says another page exists. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  cursorOf: (row: Row) => KeysetCursor,
  toItem: (row: Row) => Item,
): Page<Item> {
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return {
    items: shown.map(toItem),
    nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null,
  };
}
