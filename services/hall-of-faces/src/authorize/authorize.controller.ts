import { Public } from '@codex/auth';
import { Body, Controller, Get, Header, Inject, Ip, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import type { IssuerConfig } from '../config';
import { ISSUER_CONFIG } from '../issuer-config.token';
import { PasswordSignIn } from '../sign-in/password-sign-in';
import { OAuthError } from '../tokens/oauth-error';
import { AuthorizationCodes } from './authorization-codes';
import {
  type AuthorizationRequest,
  checkAuthorizationRequest,
  redirectWith,
} from './authorization-request';
import { refusalPage, SIGN_IN_CSS, signInPage } from './sign-in-page';

type Form = Record<string, unknown>;

/**
 * The authorization endpoint of the built-in issuer (authorization code with PKCE, for
 * public clients such as the console): a sign-in page, then a one-time code sent back to
 * the client's registered redirect URI.
 */
@ApiExcludeController()
@Controller('oauth')
@Public()
export class AuthorizeController {
  constructor(
    private readonly signIn: PasswordSignIn,
    private readonly codes: AuthorizationCodes,
    @Inject(ISSUER_CONFIG) private readonly config: IssuerConfig,
  ) {}

  @Get('authorize')
  show(@Query() query: Form, @Res() reply: FastifyReply): void {
    const checked = checkAuthorizationRequest(query, this.config.publicClients);
    if ('refusal' in checked) return page(reply, 400, refusalPage(checked.refusal));
    if ('redirect' in checked) return this.redirectError(reply, checked);
    const email = checked.request.login_hint ?? '';
    page(reply, 200, signInPage({ request: checked.request, email }), checked.request);
  }

  @Post('authorize')
  async submit(@Body() body: Form, @Ip() ip: string, @Res() reply: FastifyReply): Promise<void> {
    const form = body ?? {};
    const checked = checkAuthorizationRequest(form, this.config.publicClients);
    if ('refusal' in checked) return page(reply, 400, refusalPage(checked.refusal));
    if ('redirect' in checked) return this.redirectError(reply, checked);
    const { request } = checked;
    const tenant = text(form.tenant);
    const email = text(form.username);
    try {
      const user = await this.signIn.verify(
        { tenant, username: email, password: text(form.password) },
        ip,
      );
      const code = await this.codes.issue({
        clientId: request.client_id,
        redirectUri: request.redirect_uri,
        codeChallenge: request.code_challenge,
        userId: user.id,
        tenantId: user.tenantId,
        scope: request.scope ?? '',
        ...(request.nonce ? { nonce: request.nonce } : {}),
      });
      void reply
        .code(303)
        .header('cache-control', 'no-store')
        .redirect(
          redirectWith(request.redirect_uri, {
            code,
            state: request.state,
            iss: this.config.issuerUrl,
          }),
          303,
        );
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      const throttled = error.oauthCode === 'too_many_attempts';
      if (throttled && error.retryAfterSeconds) {
        void reply.header('retry-after', String(error.retryAfterSeconds));
      }
      const message = throttled
        ? `Too many attempts. Try again in ${error.retryAfterSeconds ?? 60} seconds.`
        : 'The tenant, email or password is wrong.';
      page(
        reply,
        throttled ? 429 : 401,
        signInPage({ request, tenant, email, error: message }),
        request,
      );
    }
  }

  @Get('sign-in.css')
  @Header('content-type', 'text/css; charset=utf-8')
  @Header('cache-control', 'public, max-age=3600')
  stylesheet(): string {
    return SIGN_IN_CSS;
  }

  private redirectError(
    reply: FastifyReply,
    checked: { redirect: string; error: string; description: string; state: string | undefined },
  ): void {
    void reply.redirect(
      redirectWith(checked.redirect, {
        error: checked.error,
        error_description: checked.description,
        state: checked.state,
        iss: this.config.issuerUrl,
      }),
      303,
    );
  }
}

/**
 * An HTML answer that no one may frame or cache. Its form may post only here, and the
 * browser may follow the answer only to the client's own redirect URI.
 */
function page(
  reply: FastifyReply,
  status: number,
  html: string,
  request?: AuthorizationRequest,
): void {
  const returnTo = request ? ` ${new URL(request.redirect_uri).origin}` : '';
  void reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header(
      'content-security-policy',
      `default-src 'none'; style-src 'self'; form-action 'self'${returnTo}; frame-ancestors 'none'; base-uri 'none'`,
    )
    .send(html);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
