import { REDACTED, redactUrl } from './redact-url';

describe('URLs as they are logged', () => {
  it('keep a URL without a query string as it is', () => {
    expect(redactUrl('/api/v1/inventory/resources')).toBe('/api/v1/inventory/resources');
  });

  it('keep names and harmless values', () => {
    expect(redactUrl('/api/v1/things?limit=5&sort=-name&q=web')).toBe(
      '/api/v1/things?limit=5&sort=-name&q=web',
    );
  });

  it.each([
    'access_token',
    'token',
    'id_token',
    'refresh_token',
    'api_key',
    'apiKey',
    'key',
    'password',
    'secret',
    'client_secret',
    'code',
    'sig',
    'signature',
    'X-Amz-Signature',
    'X-Amz-Credential',
    'X-Amz-Security-Token',
    'x%2Dapi%2Dkey',
  ])('redact the value of %s', (name) => {
    expect(redactUrl(`/callback?${name}=s3cr3t&limit=5`)).toBe(
      `/callback?${name}=${REDACTED}&limit=5`,
    );
  });

  it('redact a JSON Web Token under any name, even percent-encoded', () => {
    expect(redactUrl('/x?q=eyJhbGciOiJSUzI1NiJ9.e30.c2ln&next=%65yJhbGc')).toBe(
      `/x?q=${REDACTED}&next=${REDACTED}`,
    );
  });

  it('survive malformed percent-encoding', () => {
    expect(redactUrl('/x?%E0%A4%A=1&token=%zz')).toBe(`/x?%E0%A4%A=1&token=${REDACTED}`);
  });
});
