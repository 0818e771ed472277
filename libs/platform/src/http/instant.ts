import { z } from 'zod';

/**
 * `2026-01-31T09:00:00.123456Z`, `…+05:30`, and PostgreSQL's own text of a
 * timestamptz (`2026-01-31 09:00:00.123456+00`).
 */
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|([+-])(\d{2})(?::?(\d{2}))?)$/;

const EARLIEST = Date.parse('0001-01-01T00:00:00Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * Whether PostgreSQL's timestamptz takes this text and gives back a time in
 * years 0001–9999: a real calendar date and time (no year 0000, no 24:00 or
 * leap second), a UTC offset under 16 hours (PostgreSQL's limit is 15:59:59),
 * and an instant that, in UTC, is still within those years.
 */
export function isStorableInstant(text: string): boolean {
  const match = TIMESTAMP.exec(text);
  if (!match) return false;
  const field = (group: number) => Number(match[group] ?? 0);
  const [year, month, day, hour, minute, second] = [
    field(1),
    field(2),
    field(3),
    field(4),
    field(5),
    field(6),
  ];
  const [offsetHours, offsetMinutes] = [field(8), field(9)];
  if (year === 0 || hour > 23 || minute > 59 || second > 59) return false;
  if (offsetHours > 15 || offsetMinutes > 59) return false;
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day);
  local.setUTCHours(hour, minute, second, 0);
  const realDate =
    local.getUTCFullYear() === year &&
    local.getUTCMonth() === month - 1 &&
    local.getUTCDate() === day;
  const offsetMs = (match[7] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  const utc = local.getTime() - offsetMs;
  return realDate && utc >= EARLIEST && utc <= LATEST;
}

const INSTANT_MESSAGE =
  'expected an ISO 8601 date-time between years 0001 and 9999 with Z or an offset under ±16:00, e.g. 2026-01-31T09:00:00Z';

/**
 * A point in time in a request (`since`, `until`, a cursor): ISO 8601 with `Z`
 * or an offset, refused with a 400 unless PostgreSQL can store it.
 */
export const instant = z.iso
  .datetime({ offset: true, error: INSTANT_MESSAGE, abort: true })
  .refine(isStorableInstant, { error: INSTANT_MESSAGE });
