import { useQuery } from '@tanstack/react-query';
import { createContext, useContext } from 'react';

import { networkProblem, ProblemError, toProblem } from '../lib/problem';
import { grants, type TenantRole } from '../lib/roles';

/** GET /auth/session: who is signed in, and the CSRF token for mutations. */
export interface SessionUser {
  subject: string;
  name: string;
  email: string;
  tenantId: string;
  roles: string[];
}

export interface Session {
  user: SessionUser;
  csrfToken: string;
}

/** The session, or `null` when nobody is signed in (401 not_signed_in). */
async function fetchSession(): Promise<Session | null> {
  let response: Response;
  try {
    response = await fetch('/auth/session', {
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    });
  } catch {
    throw new ProblemError(networkProblem());
  }
  if (response.status === 401) return null;
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw new ProblemError(toProblem(response.status, body));
  return body as Session;
}

export function useSessionQuery() {
  return useQuery({
    queryKey: ['session'],
    queryFn: fetchSession,
    staleTime: 60_000,
    retry: false,
  });
}

/** Ends the session at the gateway (which revokes it), then starts over at `/`. */
export async function signOut(csrfToken: string): Promise<void> {
  await fetch('/auth/logout', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'x-csrf-token': csrfToken },
  }).catch(() => undefined);
  window.location.assign('/');
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

/** Whether the signed-in user holds a role that grants `role`; hides what the API would refuse. */
export function useCan(role: TenantRole): boolean {
  return grants(useSession().user.roles, role);
}
