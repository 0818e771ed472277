import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify, type JWTVerifyGetKey } from 'jose';

import { AuthError } from './auth-error';
import type { Principal } from './principal';
import { isRole, type Role } from './roles';

export interface JwtVerifierOptions {
  issuer: string;
  audience: string;
  jwksUri: string;
  /** Claim holding the tenant id: `tenant_id` for the built-in issuer, `tid` for Entra, a namespaced claim for Auth0. */
  tenantClaim: string;
  /** Claim holding the roles, a string array. */
  rolesClaim: string;
  clockToleranceSeconds?: number;
  /** Least time between two JWKS fetches caused by unknown keys. */
  jwksCooldownMs?: number;
}

/**
 * Verifies RS256 access tokens against the issuer's JWKS. The key set is cached;
 * a token signed with a key not yet seen triggers one refetch (rate-limited), so
 * a rotation is picked up without a restart and the previous key keeps working
 * for as long as the issuer still publishes it.
 */
export class JwtVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly options: JwtVerifierOptions) {
    this.keys = createRemoteJWKSet(new URL(options.jwksUri), {
      cacheMaxAge: 10 * 60 * 1000,
      cooldownDuration: options.jwksCooldownMs ?? 30 * 1000,
      timeoutDuration: 5 * 1000,
    });
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        algorithms: ['RS256'],
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.options.clockToleranceSeconds ?? 30,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      throw toAuthError(error);
    }
    return this.principalFrom(payload);
  }

  private principalFrom(payload: JWTPayload): Principal {
    const tenantId = payload[this.options.tenantClaim];
    if (typeof tenantId !== 'string' || tenantId === '') {
      throw new AuthError('missing_tenant', `token has no ${this.options.tenantClaim} claim`);
    }
    const claimed = payload[this.options.rolesClaim];
    const roles = (Array.isArray(claimed) ? claimed : []).filter<Role>(isRole);
    if (roles.length === 0) {
      throw new AuthError(
        'no_known_role',
        `token's ${this.options.rolesClaim} claim holds no Codex role`,
      );
    }
    return {
      subject: payload.sub ?? '',
      tenantId,
      roles,
      expiresAt: new Date((payload.exp ?? 0) * 1000),
    };
  }
}

function toAuthError(error: unknown): AuthError {
  if (error instanceof errors.JWTExpired) return new AuthError('expired', 'token has expired');
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new AuthError('invalid_signature', 'token signature does not verify');
  }
  if (error instanceof errors.JWKSNoMatchingKey)
    return new AuthError('unknown_key', 'token signed by an unknown key');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return new AuthError('wrong_issuer', 'token is from another issuer');
    if (error.claim === 'aud')
      return new AuthError('wrong_audience', 'token is for another audience');
    return new AuthError('malformed_token', `token claim ${error.claim} is invalid`);
  }
  if (error instanceof errors.JOSEError)
    return new AuthError('malformed_token', 'token is not a valid JWT');
  throw error;
}
