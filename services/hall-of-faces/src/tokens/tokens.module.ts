import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { AuthorizeModule } from '../authorize/authorize.module';
import { SignInModule } from '../sign-in/sign-in.module';
import { SigningModule } from '../signing/signing.module';
import { AccessTokens } from './access-tokens';
import { ApiKeyGrant } from './api-key-grant';
import { AuthorizationCodeGrant } from './authorization-code-grant';
import { ClientCredentialsGrant } from './client-credentials-grant';
import { DiscoveryController } from './discovery.controller';
import { IdTokens } from './id-tokens';
import { PasswordGrant } from './password-grant';
import { RefreshTokenGrant } from './refresh-token-grant';
import { RefreshTokens } from './refresh-tokens';
import { SignOut } from './sign-out';
import { TokenController } from './token.controller';
import { TokenService } from './token.service';

/** The OAuth 2.0 token endpoint with its grants, sign-out, JWKS and discovery. */
@Module({
  imports: [AuditModule, SigningModule, SignInModule, AuthorizeModule],
  controllers: [TokenController, DiscoveryController],
  providers: [
    AccessTokens,
    RefreshTokens,
    PasswordGrant,
    ClientCredentialsGrant,
    ApiKeyGrant,
    RefreshTokenGrant,
    AuthorizationCodeGrant,
    IdTokens,
    SignOut,
    TokenService,
  ],
  exports: [RefreshTokens],
})
export class TokensModule {}
