import { z } from 'zod';

import type { PublicClient } from '../config';

/** RFC 7636: 43 to 128 characters of the unreserved set. */
const PKCE_VALUE = /^[A-Za-z0-9._~-]{43,128}$/;

const authorizationRequest = z.object({
  response_type: z.literal('code', { error: 'only code is supported' }),
  client_id: z.string().min(1).max(64),
  redirect_uri: z.string().min(1).max(2048),
  state: z.string().min(1, 'is required').max(512),
  code_challenge: z.string().regex(PKCE_VALUE, 'expected a PKCE S256 challenge'),
  code_challenge_method: z.literal('S256', { error: 'only S256 is supported' }),
  scope: z.string().max(512).optional(),
  nonce: z.string().max(512).optional(),
  login_hint: z.string().max(320).optional(),
});

export type AuthorizationRequest = z.output<typeof authorizationRequest>;

/** The fields of an authorization request, as carried through the sign-in form. */
export const AUTHORIZATION_FIELDS = Object.keys(authorizationRequest.shape) as readonly string[];

export type CheckedRequest =
  /** Sign the person in, then send the code to redirect_uri. */
  | { request: AuthorizationRequest }
  /** The client or redirect URI is unknown: tell the person, never redirect (RFC 6749 §4.1.2.1). */
  | { refusal: string }
  /** Send the error back to the client's registered redirect URI. */
  | { redirect: string; error: string; description: string; state: string | undefined };

/** Checks an authorization request against the registered public clients. */
export function checkAuthorizationRequest(
  input: Record<string, unknown>,
  clients: readonly PublicClient[],
): CheckedRequest {
  const clientId = typeof input.client_id === 'string' ? input.client_id : '';
  const redirectUri = typeof input.redirect_uri === 'string' ? input.redirect_uri : '';
  const client = clients.find((candidate) => candidate.clientId === clientId);
  if (!client) return { refusal: 'This application is not registered with Codex.' };
  if (!client.redirectUris.includes(redirectUri)) {
    return { refusal: 'This application asked to return to an address it did not register.' };
  }
  const parsed = authorizationRequest.safeParse(input);
  if (parsed.success) return { request: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') ?? 'request';
  return {
    redirect: redirectUri,
    error: field === 'response_type' ? 'unsupported_response_type' : 'invalid_request',
    description: `${field}: ${issue?.message ?? 'is invalid'}`,
    state: typeof input.state === 'string' ? input.state : undefined,
  };
}

/** The redirect URI with OAuth response parameters added (RFC 6749 §4.1.2, RFC 9207 `iss`). */
export function redirectWith(
  redirectUri: string,
  params: Record<string, string | undefined>,
): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url.toString();
}
