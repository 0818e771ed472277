import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  HttpException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { AuthError } from './auth-error';
import { JwtVerifier } from './jwt-verifier';
import type { Principal } from './principal';
import { PUBLIC_ROUTE } from './public.decorator';
import { REQUIRED_ROLE } from './require-role.decorator';
import { RevocationList } from './revocation-list';
import { grants, type Role } from './roles';

export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

/**
 * Installed for every HTTP route of every service: a bearer token in, the
 * principal on the request out; 401 without a valid, unrevoked token, 403
 * without the role. Routes marked `@Public()` are exempt; Kafka handlers are
 * not HTTP.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(JwtVerifier) private readonly verifier: JwtVerifier,
    @Inject(RevocationList) private readonly revocations: RevocationList,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.principal = await this.authenticate(request.headers.authorization);
    const required = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, targets);
    if (required && !grants(request.principal.roles, required)) {
      throw new ForbiddenException(refusal(403, 'forbidden', `this needs the ${required} role`));
    }
    return true;
  }

  private async authenticate(authorization: string | string[] | undefined): Promise<Principal> {
    const token =
      typeof authorization === 'string' ? /^Bearer (\S+)$/i.exec(authorization)?.[1] : undefined;
    if (!token) {
      throw new UnauthorizedException(
        refusal(401, 'unauthenticated', 'a bearer token is required'),
      );
    }
    try {
      const principal = await this.verifier.verify(token);
      this.revocations.assertCurrent(principal);
      return principal;
    } catch (error) {
      if (error instanceof AuthError && error.code === 'keys_unavailable') {
        throw new HttpException(refusal(503, 'unavailable', error.message), 503);
      }
      if (error instanceof AuthError) {
        throw new UnauthorizedException(
          refusal(401, 'unauthenticated', error.message, { reason: error.code }),
        );
      }
      throw error;
    }
  }
}

/** An RFC 9457 body, so the platform's problem filter sends it as it is. */
function refusal(
  status: 401 | 403 | 503,
  code: string,
  detail: string,
  extensions: Record<string, unknown> = {},
) {
  return {
    type: `urn:codex:problem:${code}`,
    title: { 401: 'Unauthorized', 403: 'Forbidden', 503: 'Service Unavailable' }[status],
    status,
    code,
    detail,
    ...extensions,
  };
}
