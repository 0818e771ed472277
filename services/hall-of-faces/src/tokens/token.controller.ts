import { Body, Controller, Header, Headers, HttpCode, Ip, Post } from '@nestjs/common';

import { type TokenResponse, TokenService } from './token.service';
import { parseTokenRequest } from './token-request';

@Controller('oauth')
export class TokenController {
  constructor(private readonly tokens: TokenService) {}

  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  token(
    @Body() body: unknown,
    @Headers('authorization') authorization: string | undefined,
    @Ip() ip: string,
  ): Promise<TokenResponse> {
    return this.tokens.grant(parseTokenRequest(body, authorization), ip);
  }
}
