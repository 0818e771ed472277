import { Injectable } from '@nestjs/common';

import type { TokenResponse } from './access-tokens';
import { ApiKeyGrant } from './api-key-grant';
import { AuthorizationCodeGrant } from './authorization-code-grant';
import { ClientCredentialsGrant } from './client-credentials-grant';
import { PasswordGrant } from './password-grant';
import { RefreshTokenGrant } from './refresh-token-grant';
import type { TokenRequest } from './token-request';

/** The token endpoint's use case: hands each request to its grant. */
@Injectable()
export class TokenService {
  constructor(
    private readonly passwordGrant: PasswordGrant,
    private readonly clientCredentialsGrant: ClientCredentialsGrant,
    private readonly apiKeyGrant: ApiKeyGrant,
    private readonly refreshTokenGrant: RefreshTokenGrant,
    private readonly authorizationCodeGrant: AuthorizationCodeGrant,
  ) {}

  grant(request: TokenRequest, sourceIp: string): Promise<TokenResponse> {
    switch (request.grant_type) {
      case 'password':
        return this.passwordGrant.grant(request, sourceIp);
      case 'client_credentials':
        return this.clientCredentialsGrant.grant(request, sourceIp);
      case 'authorization_code':
        return this.authorizationCodeGrant.grant(request);
      case 'refresh_token':
        return this.refreshTokenGrant.grant(request, sourceIp);
      case 'urn:codex:grant-type:api-key':
        return this.apiKeyGrant.grant(request, sourceIp);
    }
  }
}
