import { randomUUID } from 'node:crypto';

import { RevocationList } from '@codex/auth';
import { Inject, Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';

import type { IssuerConfig } from '../config';
import type { PlatformUser } from '../identity/platform-user.entity';
import { ISSUER_CONFIG } from '../issuer-config.token';
import { KeyRing } from '../signing/key-ring';
import { sleepUntil } from './sleep-until';

/** A user, machine client or API key, as its token describes it. */
export interface TokenHolder {
  subject: string;
  tenantId: string;
  roles: string[];
  /** Claims beyond the standard ones, e.g. `email`, `api_key_id`. */
  claims?: Record<string, string>;
  /** Shorter than the configured lifetime for weaker credentials. */
  maxLifetimeSeconds?: number;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  /** For people only: trade it at the token endpoint for the next access token. */
  refresh_token?: string;
  /** OpenID Connect: when the authorization code flow asked for `openid`. */
  id_token?: string;
  scope?: string;
}

/** Longest wait for the second a revocation happened in to end. */
const SAME_SECOND_WAIT_LIMIT_MS = 1_000;

/**
 * Signs RS256 access tokens with the active key of the key ring. `iat` has
 * whole seconds, and a token issued before its subject's latest revocation is
 * refused, so a token is never issued in the very second its subject was
 * revoked (a role change, say): issuing waits for the next second instead.
 */
@Injectable()
export class AccessTokens {
  constructor(
    private readonly keyRing: KeyRing,
    @Inject(RevocationList) private readonly revocations: RevocationList,
    @Inject(ISSUER_CONFIG) private readonly config: IssuerConfig,
  ) {}

  /** A person's token: their roles as they are now, and their email. */
  issueForPerson(
    user: Pick<PlatformUser, 'id' | 'tenantId' | 'roles' | 'email'>,
  ): Promise<TokenResponse> {
    return this.issue({
      subject: user.id,
      tenantId: user.tenantId,
      roles: user.roles,
      claims: { email: user.email },
    });
  }

  async issue(holder: TokenHolder): Promise<TokenResponse> {
    await this.outlastRevocation(holder.tenantId, holder.subject);
    const key = await this.keyRing.activeKey();
    const { subject, tenantId, roles, claims = {} } = holder;
    const lifetime = Math.min(
      this.config.accessTokenTtlSeconds,
      holder.maxLifetimeSeconds ?? Number.POSITIVE_INFINITY,
    );
    const token = await new SignJWT({ ...claims, tenant_id: tenantId, roles })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'at+jwt' })
      .setIssuer(this.config.issuerUrl)
      .setAudience(this.config.audience)
      .setSubject(subject)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${lifetime}s`)
      .sign(key.privateKey);
    return { access_token: token, token_type: 'Bearer', expires_in: lifetime };
  }

  private async outlastRevocation(tenantId: string, subject: string): Promise<void> {
    const notBefore = this.revocations.notBeforeOf(tenantId, subject);
    const nextSecond = Math.ceil(notBefore / 1000) * 1000;
    const wait = nextSecond - Date.now();
    if (wait > 0 && wait <= SAME_SECOND_WAIT_LIMIT_MS) await sleepUntil(nextSecond);
  }
}
