import { OAuthError } from './oauth-error';
import { parseTokenRequest } from './token-request';

const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;
const clientCredentials = { grant_type: 'client_credentials' };

describe('client credentials in a Basic header', () => {
  it('are percent-decoded into client_id and client_secret', () => {
    expect(parseTokenRequest(clientCredentials, basic('mc_1:s%3Acret'))).toMatchObject({
      client_id: 'mc_1',
      client_secret: 's:cret',
    });
  });

  it.each([
    ['malformed percent-encoding', '%zz:secret'],
    ['a NUL', 'mc_%00:secret'],
    ['a NUL in the secret', 'mc_1:%00'],
    ['an encoded lone surrogate', 'mc_1:%ED%A0%80'],
  ])('fail client authentication (401), not the server, with %s', (_case, credentials) => {
    const attempt = () => parseTokenRequest(clientCredentials, basic(credentials));
    expect(attempt).toThrow(OAuthError);
    expect(attempt).toThrow(expect.objectContaining({ oauthCode: 'invalid_client' }) as Error);
  });
});
