import type { TrustedIssuer } from '@codex/config';
import { decodeJwt, decodeProtectedHeader, errors, type JWTPayload, jwtVerify } from 'jose';
import { LRUCache } from 'lru-cache';

import { AuthError } from './auth-error';
import { KeySetCache, KeySetUnavailableError } from './key-set-cache';
import type { Principal } from './principal';
import { isRole, type Role } from './roles';

export interface JwtVerifierOptions {
  /** Accepted issuers; a token names its issuer and is checked against that one's keys and claims. */
  issuers: TrustedIssuer[];
  clockToleranceSeconds?: number;
  /** Least time between two JWKS fetches caused by unknown keys; later tokens wait for it. */
  jwksCooldownMs?: number;
  /** Verified tokens remembered until they expire, so a hot token costs no signature check. */
  cacheSize?: number;
}

interface IssuerKeys {
  trusted: TrustedIssuer;
  keys: KeySetCache;
}

/**
 * Verifies RS256 access tokens against their issuer's JWKS. Each key set is
 * cached and outlives an outage of the issuer; a token signed with a key not
 * yet seen triggers a refetch (at most one a second), so a rotation is picked
 * up without a restart and the previous key keeps working for as long as the
 * issuer still publishes it.
 */
export class JwtVerifier {
  private readonly issuers = new Map<string, IssuerKeys>();
  private readonly verified: LRUCache<string, Principal> | undefined;

  constructor(private readonly options: JwtVerifierOptions) {
    for (const trusted of options.issuers) {
      this.issuers.set(trusted.issuer, {
        trusted,
        keys: new KeySetCache({
          jwksUri: trusted.jwksUri,
          maxAgeMs: 5 * 60 * 1000,
          minRefetchMs: options.jwksCooldownMs ?? 1_000,
          timeoutMs: 5 * 1000,
        }),
      });
    }
    const cacheSize = options.cacheSize ?? 0;
    this.verified = cacheSize > 0 ? new LRUCache({ max: cacheSize }) : undefined;
  }

  async verify(token: string): Promise<Principal> {
    const remembered = this.verified?.get(token);
    if (remembered && remembered.expiresAt.getTime() > Date.now()) return remembered;
    const { trusted, keys } = this.issuerOf(token);
    let payload: JWTPayload;
    try {
      const resolver = await keys.resolverFor(decodeProtectedHeader(token).kid);
      ({ payload } = await jwtVerify(token, resolver, {
        algorithms: ['RS256'],
        issuer: trusted.issuer,
        audience: trusted.audience,
        clockTolerance: this.options.clockToleranceSeconds ?? 30,
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
    } catch (error) {
      throw toAuthError(error);
    }
    const principal = principalFrom(payload, trusted);
    this.verified?.set(token, principal);
    return principal;
  }

  private issuerOf(token: string): IssuerKeys {
    let claimed: unknown;
    try {
      claimed = decodeJwt(token).iss;
    } catch {
      throw new AuthError('malformed_token', 'token is not a valid JWT');
    }
    const issuer = typeof claimed === 'string' ? this.issuers.get(claimed) : undefined;
    if (!issuer) throw new AuthError('wrong_issuer', 'token is from another issuer');
    return issuer;
  }
}

function principalFrom(payload: JWTPayload, trusted: TrustedIssuer): Principal {
  const tenantId = payload[trusted.tenantClaim];
  if (typeof tenantId !== 'string' || tenantId === '') {
    throw new AuthError('missing_tenant', `token has no ${trusted.tenantClaim} claim`);
  }
  const claimed = payload[trusted.rolesClaim];
  const roles = (Array.isArray(claimed) ? claimed : []).filter<Role>(isRole);
  if (roles.length === 0) {
    throw new AuthError('no_known_role', `token's ${trusted.rolesClaim} claim holds no Codex role`);
  }
  const subject = payload.sub ?? '';
  const creator = payload.creator;
  const apiKeyId = payload.api_key_id;
  return {
    subject,
    tenantId,
    roles,
    person: typeof creator === 'string' && creator !== '' ? creator : subject,
    ...(typeof apiKeyId === 'string' && apiKeyId !== '' ? { apiKeyId } : {}),
    issuedAt: new Date((payload.iat ?? 0) * 1000),
    expiresAt: new Date((payload.exp ?? 0) * 1000),
  };
}

function toAuthError(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  if (error instanceof KeySetUnavailableError) {
    return new AuthError('keys_unavailable', 'the issuer key set cannot be fetched');
  }
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
