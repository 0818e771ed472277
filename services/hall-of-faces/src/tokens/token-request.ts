import { unsafeTextReason } from '@codex/platform';
import { z } from 'zod';

import { OAuthError } from './oauth-error';

/** The grant type that trades a Codex API key for an access token. */
export const API_KEY_GRANT = 'urn:codex:grant-type:api-key';

const passwordGrant = z.object({
  grant_type: z.literal('password'),
  tenant: z.string().min(1).max(63),
  username: z.string().min(1).max(320),
  password: z.string().min(1).max(1024),
  scope: z.string().optional(),
});

const clientCredentialsGrant = z.object({
  grant_type: z.literal('client_credentials'),
  client_id: z.string().min(1).max(64),
  client_secret: z.string().min(1).max(256),
  scope: z.string().optional(),
});

const authorizationCodeGrant = z.object({
  grant_type: z.literal('authorization_code'),
  code: z.string().min(1).max(256),
  redirect_uri: z.string().min(1).max(2048),
  client_id: z.string().min(1).max(64),
  code_verifier: z.string().regex(/^[A-Za-z0-9._~-]{43,128}$/),
});

const refreshTokenGrant = z.object({
  grant_type: z.literal('refresh_token'),
  refresh_token: z.string().min(1).max(256),
});

const apiKeyGrant = z.object({
  grant_type: z.literal(API_KEY_GRANT),
  api_key: z.string().min(1).max(256),
});

export const tokenRequest = z.discriminatedUnion('grant_type', [
  passwordGrant,
  clientCredentialsGrant,
  authorizationCodeGrant,
  refreshTokenGrant,
  apiKeyGrant,
]);

export const GRANT_TYPES = [
  'password',
  'client_credentials',
  'authorization_code',
  'refresh_token',
  API_KEY_GRANT,
] as const;

export type TokenRequest = z.output<typeof tokenRequest>;
export type PasswordGrantRequest = z.output<typeof passwordGrant>;
export type ClientCredentialsRequest = z.output<typeof clientCredentialsGrant>;
export type AuthorizationCodeGrantRequest = z.output<typeof authorizationCodeGrant>;
export type RefreshTokenGrantRequest = z.output<typeof refreshTokenGrant>;
export type ApiKeyGrantRequest = z.output<typeof apiKeyGrant>;

/**
 * Reads a token request (form or JSON body; client credentials may also come as
 * HTTP Basic) or answers invalid_request naming the field.
 */
export function parseTokenRequest(body: unknown, authorization: string | undefined): TokenRequest {
  const fields = {
    ...(typeof body === 'object' && body !== null ? body : {}),
    ...basicCredentials(authorization),
  };
  const grantType = 'grant_type' in fields ? fields.grant_type : undefined;
  if (!(GRANT_TYPES as readonly unknown[]).includes(grantType)) {
    throw new OAuthError(
      grantType === undefined ? 'invalid_request' : 'unsupported_grant_type',
      grantType === undefined
        ? 'grant_type is missing or invalid'
        : `grant_type ${JSON.stringify(grantType)} is not supported`,
    );
  }
  const parsed = tokenRequest.safeParse(fields);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') ?? 'body';
    throw new OAuthError('invalid_request', `${field} is missing or invalid`);
  }
  return parsed.data;
}

/** RFC 6749 §2.3.1: client_id and client_secret, form-urlencoded, in a Basic header. */
function basicCredentials(authorization: string | undefined): Record<string, string> {
  const encoded = authorization && /^Basic ([A-Za-z0-9+/=]+)$/i.exec(authorization)?.[1];
  if (!encoded) return {};
  const decoded = Buffer.from(encoded, 'base64').toString();
  const separator = decoded.indexOf(':');
  if (separator < 0) return {};
  return {
    client_id: basicPart(decoded.slice(0, separator)),
    client_secret: basicPart(decoded.slice(separator + 1)),
  };
}

/**
 * One percent-decoded half of a Basic credential. One that does not decode, or
 * holds text PostgreSQL cannot store (NUL, a lone surrogate), fails client
 * authentication instead of reaching the database.
 */
function basicPart(encoded: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    throw new OAuthError('invalid_client', 'the Basic credentials are not percent-encoded');
  }
  const unsafe = unsafeTextReason(decoded);
  if (unsafe) throw new OAuthError('invalid_client', `the Basic credentials: ${unsafe}`);
  return decoded;
}
