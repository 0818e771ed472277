import { safeReturnTo } from './console-auth-routes';

describe('where sign-in may send a person back', () => {
  it.each(['/', '/inventory', '/actions/1?tab=events#x'])('keeps a console path: %s', (path) => {
    expect(safeReturnTo(path)).toBe(path);
  });

  it.each([
    '//evil.example',
    'https://evil.example/x',
    '/\\evil.example',
    'javascript:alert(1)',
    '/inventory\r\nSet-Cookie: x=1',
    undefined,
    42,
  ])('sends %j to the start page instead', (value) => {
    expect(safeReturnTo(value)).toBe('/');
  });
});
