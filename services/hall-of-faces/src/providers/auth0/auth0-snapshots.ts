import type { Management } from 'auth0';

import type { IdpAccountSnapshot, IdpContainerSnapshot } from '../../directory/ports';

/**
 * The Auth0 roles that make their holders administrators. The Management API does not say
 * which roles are privileged, so the adapter decides by name (case-insensitive).
 */
export const AUTH0_PRIVILEGED_ROLE_NAMES: readonly string[] = Object.freeze([
  'Tenant Admin',
  'Billing Admin',
  'User Manager',
]);

/** The user fields a snapshot needs: what the adapter asks Auth0 for (`fields`). */
export const AUTH0_USER_FIELDS = [
  'user_id',
  'email',
  'email_verified',
  'name',
  'nickname',
  'blocked',
  'created_at',
  'updated_at',
  'last_login',
  'logins_count',
  'app_metadata',
  'identities',
].join(',');

/** An Auth0 user as hall-of-faces keeps it. */
export function auth0AccountSnapshot(user: Management.UserResponseSchema): IdpAccountSnapshot {
  const externalId = user.user_id ?? '';
  const email = typeof user.email === 'string' && user.email ? user.email.toLowerCase() : null;
  const metadata = (user.app_metadata ?? {}) as Record<string, unknown>;
  return {
    externalId,
    email,
    emailVerified: user.email_verified === true,
    displayName: user.name || user.nickname || user.email || externalId,
    enabled: user.blocked !== true,
    createdAt: dateOf(user.created_at),
    lastSignInAt: dateOf(user.last_login),
    mfaRegistered: null,
    attributes: {
      connection: user.identities?.[0]?.connection ?? null,
      department: text(metadata['department']),
      jobTitle: text(metadata['title'] ?? metadata['job_title']),
      loginsCount: typeof user.logins_count === 'number' ? user.logins_count : null,
    },
  };
}

/** An Auth0 role, privileged when its name is one of `privilegedRoleNames`. */
export function auth0RoleSnapshot(
  role: Management.Role,
  privilegedRoleNames: readonly string[],
): IdpContainerSnapshot {
  const name = role.name ?? role.id ?? '';
  const privileged = new Set(privilegedRoleNames.map((n) => n.trim().toLowerCase()));
  return {
    externalId: role.id ?? '',
    name,
    description: role.description || null,
    privileged: privileged.has(name.trim().toLowerCase()),
  };
}

/** An ISO date (Auth0's `created_at`, `last_login`, a log's `date`), or null. */
export function dateOf(value: unknown): Date | null {
  if (typeof value !== 'string' || !value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}
