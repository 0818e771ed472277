import { encodeCursor } from './keyset-cursor';
import { resourceQuerySchema } from './resource-query';

const cursorAt = (value: string) => encodeCursor([value, 'codex:aws:ec2:123456789012:i-1']);

describe('inventory cursors', () => {
  it('continue a listing by time from PostgreSQL text of the last row', () => {
    const cursor = cursorAt('2026-11-30 04:26:04.123456+00');
    expect(resourceQuerySchema.safeParse({ sort: 'observedAt', cursor }).success).toBe(true);
  });

  it.each([
    ['an offset of 16 hours', 'observedAt', cursorAt('2026-11-30T04:26:04+16:00')],
    ['year 0000', '-observedAt', cursorAt('0000-01-01T00:00:00Z')],
    ['not a time at all', 'observedAt', cursorAt('yesterday')],
    ['a NUL in a name', 'name', cursorAt('web\u0000')],
    ['a lone surrogate in a name', 'name', cursorAt('\ud800')],
    ['not a cursor', 'name', 'bm90IGpzb24'],
  ])('are refused with 400 on cursor when they hold %s', (_case, sort, cursor) => {
    const parsed = resourceQuerySchema.safeParse({ sort, cursor });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['cursor']);
  });
});
