import { Public } from '@codex/auth';
import { openApiSchema, Validated } from '@codex/platform';
import { Body, Controller, Header, Headers, HttpCode, Ip, Post, UseFilters } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { z } from 'zod';

import type { TokenResponse } from './access-tokens';
import { OAuthErrorFilter } from './oauth-error.filter';
import { type RevocationRequest, revocationRequest, SignOut } from './sign-out';
import { TokenService } from './token.service';
import { parseTokenRequest, tokenRequest } from './token-request';

const tokenResponse = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int(),
  refresh_token: z.string().optional().describe('People only; each use replaces it'),
  id_token: z.string().optional().describe('authorization_code with scope openid'),
  scope: z.string().optional(),
});

@ApiTags('identity')
@Controller('oauth')
@Public()
@UseFilters(OAuthErrorFilter)
export class TokenController {
  constructor(
    private readonly tokens: TokenService,
    private readonly signOut: SignOut,
  ) {}

  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'OAuth 2.0 token endpoint: password, authorization_code (PKCE), refresh_token, client_credentials, or an API key',
    description: 'Errors carry RFC 6749 `error` and `error_description` in a problem document.',
  })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ schema: openApiSchema(tokenRequest) })
  @ApiOkResponse({ schema: openApiSchema(tokenResponse) })
  @ApiTooManyRequestsResponse({
    description: 'Too many failed attempts for this account or address; wait Retry-After seconds',
  })
  token(
    @Body() body: unknown,
    @Headers('authorization') authorization: string | undefined,
    @Ip() ip: string,
  ): Promise<TokenResponse> {
    return this.tokens.grant(parseTokenRequest(body, authorization), ip);
  }

  @Post('revoke')
  @HttpCode(200)
  @ApiOperation({
    summary: 'OAuth 2.0 token revocation (RFC 7009): signs out the session of a refresh token',
  })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ schema: openApiSchema(revocationRequest) })
  @ApiOkResponse({ description: 'Revoked, or the token was not known' })
  async revoke(
    @Body(new Validated(revocationRequest, 'body')) body: RevocationRequest,
    @Ip() ip: string,
  ): Promise<void> {
    await this.signOut.revoke(body, ip);
  }
}
