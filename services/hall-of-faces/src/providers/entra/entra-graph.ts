import { type ProviderError, toGraphProviderError } from '@codex/connectors';
import type { Client } from '@microsoft/microsoft-graph-client';

import type { IdpAccountSnapshot } from '../../directory/ports';

/** A Graph user as read with USER_SELECT (signInActivity only on GET users, not on delta). */
export interface GraphUser {
  id: string;
  displayName?: string | null;
  mail?: string | null;
  userPrincipalName?: string | null;
  accountEnabled?: boolean | null;
  createdDateTime?: string | null;
  department?: string | null;
  jobTitle?: string | null;
  signInActivity?: { lastSignInDateTime?: string | null } | null;
  '@removed'?: { reason?: string };
}

/** One entry of reports/authenticationMethods/userRegistrationDetails. */
export interface GraphRegistration {
  id: string;
  isMfaRegistered?: boolean | null;
}

/** One page of a Graph collection or delta round. */
export interface GraphPage<T> {
  value: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/** The user properties a delta round can carry (Graph refuses signInActivity there). */
export const USER_DELTA_SELECT =
  'id,displayName,mail,userPrincipalName,accountEnabled,createdDateTime,department,jobTitle';

/** The user properties of a full read and of a read back. */
export const USER_SELECT = `${USER_DELTA_SELECT},signInActivity`;

/**
 * Runs a Graph call and turns what it throws into a ProviderError (toGraphProviderError).
 */
export async function graph<T>(call: () => Promise<unknown>): Promise<T> {
  try {
    return (await call()) as T;
  } catch (error) {
    throw toGraphProviderError(error);
  }
}

/**
 * Reads every page of a collection or delta round from `first` (a path or a nextLink),
 * handing each page's items to `onPage`; returns the round's deltaLink when it has one.
 */
export async function readPages<T>(
  client: Client,
  first: string,
  onPage: (items: T[]) => void,
): Promise<string | undefined> {
  let next: string | undefined = first;
  let deltaLink: string | undefined;
  while (next) {
    const url: string = next;
    const page = await graph<GraphPage<T>>(() => client.api(url).get());
    onPage(page.value ?? []);
    next = page['@odata.nextLink'];
    deltaLink = page['@odata.deltaLink'] ?? deltaLink;
  }
  return deltaLink;
}

/** The snapshot of a Graph user; mfaRegistered and lastSignInAt as the caller knows them. */
export function accountOf(
  user: GraphUser,
  mfaRegistered: boolean | null,
  lastSignInAt: Date | null = dateOf(user.signInActivity?.lastSignInDateTime),
): IdpAccountSnapshot {
  const mail = typeof user.mail === 'string' && user.mail !== '' ? user.mail : null;
  return {
    externalId: user.id,
    email: mail === null ? null : mail.toLowerCase(),
    emailVerified: mail !== null,
    displayName: user.displayName ?? '',
    enabled: user.accountEnabled !== false,
    createdAt: dateOf(user.createdDateTime),
    lastSignInAt,
    mfaRegistered,
    attributes: {
      userPrincipalName: user.userPrincipalName ?? null,
      department: user.department ?? null,
      jobTitle: user.jobTitle ?? null,
    },
  };
}

export function dateOf(text: string | null | undefined): Date | null {
  if (!text) return null;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** A user's MFA registration, one request; null when the report has no entry for it. */
export async function registrationOf(client: Client, userId: string): Promise<boolean | null> {
  try {
    const entry = await graph<GraphRegistration>(() =>
      client
        .api(`reports/authenticationMethods/userRegistrationDetails/${encodeURIComponent(userId)}`)
        .get(),
    );
    return typeof entry.isMfaRegistered === 'boolean' ? entry.isMfaRegistered : null;
  } catch (error) {
    if ((error as ProviderError).code === 'not_found') return null;
    throw error;
  }
}

/** Reads a user and its MFA registration: the account as the directory holds it now. */
export async function readAccount(client: Client, userId: string): Promise<IdpAccountSnapshot> {
  const user = await graph<GraphUser>(() =>
    client
      .api(`users/${encodeURIComponent(userId)}`)
      .select(USER_SELECT)
      .get(),
  );
  return accountOf(user, await registrationOf(client, userId));
}
