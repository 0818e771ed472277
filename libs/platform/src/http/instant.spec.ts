import { instant, isStorableInstant } from './instant';

describe('instants PostgreSQL can store', () => {
  it.each([
    '2026-01-31T09:00:00Z',
    '2026-01-31T09:00:00.123456Z',
    '2026-01-31T09:00:00+15:59',
    '2026-01-31T09:00:00-15:59',
    '2024-02-29T00:00:00Z',
    '0001-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999Z',
    '2026-01-31 09:00:00.123456+00',
  ])('take %s', (text) => {
    expect(isStorableInstant(text)).toBe(true);
  });

  it.each([
    ['an offset of 16 hours', '2026-01-31T09:00:00+16:00'],
    ['an offset of minus 16 hours', '2026-01-31T09:00:00-16:00'],
    ['year 0000', '0000-06-01T00:00:00Z'],
    ['year 0000 shifted into year 0001 by its offset', '0000-12-31T23:00:00-15:00'],
    ['year 0001 shifted back before it by its offset', '0001-01-01T00:00:00+01:00'],
    ['year 9999 shifted past it by its offset', '9999-12-31T23:00:00-02:00'],
    ['a five-digit year', '10000-01-01T00:00:00Z'],
    ['30 February', '2026-02-30T00:00:00Z'],
    ['29 February of a common year', '2025-02-29T00:00:00Z'],
    ['hour 24', '2026-01-31T24:00:00Z'],
    ['a leap second', '2026-12-31T23:59:60Z'],
    ['no zone', '2026-01-31T09:00:00'],
    ['a date alone', '2026-01-31'],
    ['a NUL', '2026-01-31T09:00:00Z\u0000'],
  ])('refuse %s', (_case, text) => {
    expect(isStorableInstant(text)).toBe(false);
    expect(instant.safeParse(text).success).toBe(false);
  });

  it('name one problem per bad value', () => {
    expect(instant.safeParse('yesterday').error?.issues).toHaveLength(1);
    expect(instant.safeParse('0000-01-01T00:00:00Z').error?.issues).toHaveLength(1);
  });

  it('are ISO 8601 in a request: PostgreSQL text is for cursors only', () => {
    expect(instant.safeParse('2026-01-31 09:00:00+00').success).toBe(false);
    expect(instant.parse('2026-01-31T09:00:00+05:30')).toBe('2026-01-31T09:00:00+05:30');
  });
});
