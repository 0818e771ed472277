import { randomUUID } from 'node:crypto';

import { cursorParam, decodeCursor, encodeCursor, toPage } from './keyset-cursor';

describe('keyset cursors', () => {
  it('round-trips a microsecond timestamp and id exactly', () => {
    const cursor = { at: '2026-11-22T10:53:00.328859Z', id: randomUUID() };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it.each([
    ['not base64 JSON', '%%%'],
    ['JSON of another shape', Buffer.from('{"at":1}').toString('base64url')],
    ['a bad id', Buffer.from('["2026-11-22T10:53:00Z","x"]').toString('base64url')],
    ...['0000-01-01T00:00:00Z', '2026-11-22T10:53:00+16:00', '2026-11-22T10:53:00\u0000Z'].map(
      (at) => [
        `a time PostgreSQL refuses: ${JSON.stringify(at)}`,
        Buffer.from(JSON.stringify([at, randomUUID()])).toString('base64url'),
      ],
    ),
  ])('refuses %s', (_case, text) => {
    expect(decodeCursor(text)).toBeUndefined();
    expect(cursorParam.safeParse(text).success).toBe(false);
  });

  it('gives a next cursor only when more rows than the limit came back', () => {
    const rows = [1, 2, 3].map((n) => ({ at: `2026-11-22T10:00:0${n}.000000Z`, id: randomUUID() }));
    const full = toPage(
      rows,
      2,
      (row) => row,
      (row) => row.id,
    );
    expect(full.items).toEqual([rows[0]?.id, rows[1]?.id]);
    expect(decodeCursor(full.nextCursor ?? '')).toEqual(rows[1]);
    expect(
      toPage(
        rows,
        3,
        (row) => row,
        (row) => row.id,
      ).nextCursor,
    ).toBeNull();
  });
});
