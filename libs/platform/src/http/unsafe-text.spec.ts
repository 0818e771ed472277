import { findUnsafeText, unsafeTextReason } from './unsafe-text';

describe('text PostgreSQL cannot store', () => {
  it('is a NUL or a lone surrogate; paired surrogates (emoji) and other controls are fine', () => {
    expect(unsafeTextReason('a\u0000b')).toMatch(/NUL/);
    expect(unsafeTextReason('\ud800')).toMatch(/surrogate/);
    expect(unsafeTextReason('x\udc00')).toMatch(/surrogate/);
    expect(unsafeTextReason('rocket 🚀 \t\u0001 ü')).toBeUndefined();
  });

  it('is found anywhere in a parsed body and named by its path', () => {
    const body = JSON.parse(
      '{"name":"ok","tags":[{"key":"env","value":"prod"},{"key":"a\\u0000"}]}',
    ) as unknown;
    expect(findUnsafeText(body, 'body')).toEqual({
      field: 'body.tags.1.key',
      message: expect.stringMatching(/NUL/) as unknown,
    });
  });

  it('is found in a field name, naming the object that holds it', () => {
    const body = JSON.parse('{"details":{"\\ud800":1}}') as unknown;
    expect(findUnsafeText(body, 'body')).toEqual({
      field: 'body.details',
      message: expect.stringMatching(/field name .*surrogate/) as unknown,
    });
  });

  it('is found in a query string value or a repeated parameter', () => {
    expect(findUnsafeText({ q: 'web\u0000' }, 'query')?.field).toBe('query.q');
    expect(findUnsafeText({ tag: ['a', '\udfff'] }, 'query')?.field).toBe('query.tag.1');
    expect(findUnsafeText('x\u0000', 'body')?.field).toBe('body');
  });

  it('is looked for without recursion, so deep nesting cannot overflow the stack', () => {
    const depth = 200_000;
    const deep = JSON.parse(`${'['.repeat(depth)}"\\u0000"${']'.repeat(depth)}`) as unknown;
    expect(findUnsafeText(deep, 'body')?.field).toMatch(/^body(\.0)+$/);
  });

  it('finds nothing in clean input, numbers, booleans and nulls', () => {
    expect(findUnsafeText({ a: [1, true, null, 'x'], b: { c: 'd' } }, 'body')).toBeUndefined();
  });
});
