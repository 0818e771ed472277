import { Public } from '@codex/auth';
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { JWK } from 'jose';

import type { IssuerConfig } from '../config';
import { ISSUER_CONFIG } from '../issuer-config.token';
import { KeyRing } from '../signing/key-ring';
import { GRANT_TYPES } from './token-request';

@ApiTags('identity')
@Controller('.well-known')
@Public()
export class DiscoveryController {
  constructor(
    private readonly keyRing: KeyRing,
    @Inject(ISSUER_CONFIG) private readonly config: IssuerConfig,
  ) {}

  @Get('jwks.json')
  @ApiOperation({ summary: "The issuer's public signing keys" })
  @Header('Cache-Control', 'public, max-age=300')
  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: await this.keyRing.publishedKeys() };
  }

  @Get('openid-configuration')
  @ApiOperation({ summary: 'OpenID Connect discovery document of the built-in issuer' })
  openidConfiguration() {
    const issuer = this.config.issuerUrl;
    return {
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      authorization_endpoint: `${issuer}/oauth/authorize`,
      token_endpoint: `${issuer}/oauth/token`,
      revocation_endpoint: `${issuer}/oauth/revoke`,
      grant_types_supported: GRANT_TYPES,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      code_challenge_methods_supported: ['S256'],
      scopes_supported: ['openid', 'email'],
      authorization_response_iss_parameter_supported: true,
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['none', 'client_secret_post', 'client_secret_basic'],
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'jti',
        'tenant_id',
        'roles',
        'email',
        'api_key_id',
        'nonce',
      ],
    };
  }
}
