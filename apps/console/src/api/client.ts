import createClient, { type Middleware } from 'openapi-fetch';

import { networkProblem, ProblemError, toProblem } from '../lib/problem';
import type { paths } from './schema';

/**
 * The typed client for the gateway's API, same origin. The browser holds only the session
 * cookie (HttpOnly, set by the gateway); mutations carry the session's CSRF token.
 */
let csrfToken: string | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** The CSRF header for a mutation sent with plain fetch (a streamed answer, say). */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Sends the browser to the gateway's sign-in, coming back to where it was. */
export function signIn(returnTo: string = currentPath()): void {
  window.location.assign(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
}

function currentPath(): string {
  return `${window.location.pathname}${window.location.search}`;
}

const session: Middleware = {
  onRequest({ request }) {
    if (!SAFE.has(request.method) && csrfToken) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) signIn();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '/', credentials: 'same-origin' });
api.use(session);

interface Answer {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/**
 * The body of a 2xx answer, typed as `T`; anything else throws a ProblemError. Most responses
 * are typed by the generated schema; those the API documents without a schema (inventory,
 * actions) are read as the view types in ./views.
 */
export async function unwrap<T>(call: Promise<Answer>): Promise<T> {
  let answer: Answer;
  try {
    answer = await call;
  } catch (error) {
    if (error instanceof ProblemError) throw error;
    throw new ProblemError(networkProblem());
  }
  if (!answer.response.ok) throw new ProblemError(toProblem(answer.response.status, answer.error));
  return answer.data as T;
}
