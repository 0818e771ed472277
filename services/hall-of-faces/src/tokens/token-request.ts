import { z } from 'zod';

import { OAuthError } from './oauth-error';

const passwordGrant = z.object({
  grant_type: z.literal('password'),
  tenant: z.string().min(1).max(63),
  username: z.string().min(1).max(320),
  password: z.string().min(1).max(1024),
  scope: z.string().optional(),
});

export type PasswordGrantRequest = z.output<typeof passwordGrant>;

/** Reads a token request (form or JSON body) or answers invalid_request naming the field. */
export function parseTokenRequest(body: unknown): PasswordGrantRequest {
  const grantType = (body as { grant_type?: unknown } | undefined)?.grant_type;
  if (grantType !== undefined && grantType !== 'password') {
    throw new OAuthError(
      'unsupported_grant_type',
      `grant_type ${JSON.stringify(grantType)} is not supported`,
    );
  }
  const parsed = passwordGrant.safeParse(body ?? {});
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') ?? 'body';
    throw new OAuthError('invalid_request', `${field} is missing or invalid`);
  }
  return parsed.data;
}
