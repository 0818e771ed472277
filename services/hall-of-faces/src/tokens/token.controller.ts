import { Public } from '@codex/auth';
import { Body, Controller, Header, Headers, HttpCode, Ip, Post, UseFilters } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { openApiSchema } from '../http/openapi-schema';
import type { TokenResponse } from './access-tokens';
import { OAuthErrorFilter } from './oauth-error.filter';
import { TokenService } from './token.service';
import { parseTokenRequest, tokenRequest } from './token-request';

const tokenResponse = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int(),
});

@ApiTags('identity')
@Controller('oauth')
@Public()
@UseFilters(OAuthErrorFilter)
export class TokenController {
  constructor(private readonly tokens: TokenService) {}

  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'OAuth 2.0 token endpoint: password, client_credentials, or an API key',
    description: 'Errors carry RFC 6749 `error` and `error_description` in a problem document.',
  })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ schema: openApiSchema(tokenRequest) })
  @ApiOkResponse({ schema: openApiSchema(tokenResponse) })
  token(
    @Body() body: unknown,
    @Headers('authorization') authorization: string | undefined,
    @Ip() ip: string,
  ): Promise<TokenResponse> {
    return this.tokens.grant(parseTokenRequest(body, authorization), ip);
  }
}
