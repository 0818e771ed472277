import { type ProblemDocument, ValidationProblem } from '@codex/platform';

import { decodeObjectCursor, encodeObjectCursor } from './object-cursor';

function detailOf(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    if (error instanceof ValidationProblem) return (error.getResponse() as ProblemDocument).detail;
  }
  return 'no problem';
}

const BUCKET = '6f1c1c8e-0d7e-4d3e-9a43-2b1f0d7c9e11';

describe('object listing cursors', () => {
  it("round-trips the provider's token for the same bucket, prefix and delimiter", () => {
    const cursor = encodeObjectCursor('token/with+odd=chars', BUCKET, 'logs/', '/');
    expect(decodeObjectCursor(cursor, BUCKET, 'logs/', '/')).toBe('token/with+odd=chars');
  });

  it('refuses a cursor of another bucket, another listing or none at all', () => {
    const cursor = encodeObjectCursor('t', BUCKET, 'logs/', '/');
    const other = '0b5f3a5e-1111-4222-8333-944455556666';
    expect(() => decodeObjectCursor(cursor, other, 'logs/', '/')).toThrow(ValidationProblem);
    expect(detailOf(() => decodeObjectCursor(cursor, BUCKET, 'data/', '/'))).toContain(
      'another prefix or delimiter',
    );
    expect(() => decodeObjectCursor(cursor, BUCKET, 'logs/', '')).toThrow(ValidationProblem);
    expect(detailOf(() => decodeObjectCursor('not-a-cursor', BUCKET, 'logs/', '/'))).toBe(
      'query.cursor: is not the nextCursor of a listing of this bucket',
    );
  });
});
