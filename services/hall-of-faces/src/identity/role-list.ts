import { type Role, ROLES, TENANT_ROLES } from '@codex/auth';
import { z } from 'zod';

/** Codex roles in their canonical order, each once, so role changes compare and audit cleanly. */
export function normalizeRoles<R extends Role>(roles: readonly R[]): R[] {
  return ROLES.filter((role): role is R => (roles as readonly Role[]).includes(role));
}

/**
 * The roles a user, machine client or API key is given in a tenant: at least
 * one tenant role. Nobody is made a platform operator through a tenant's API.
 */
export const roleList = z
  .array(z.enum(TENANT_ROLES, { error: `expected one of ${TENANT_ROLES.join(', ')}` }))
  .min(1, 'expected at least one role')
  .max(10, 'expected at most 10 roles')
  .transform(normalizeRoles);
