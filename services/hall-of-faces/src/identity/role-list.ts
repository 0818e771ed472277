import { type Role, ROLES } from '@codex/auth';
import { z } from 'zod';

/** Codex roles in their canonical order, each once, so role changes compare and audit cleanly. */
export function normalizeRoles(roles: readonly Role[]): Role[] {
  return ROLES.filter((role) => roles.includes(role));
}

/** The roles a user, machine client or API key is given: at least one known role. */
export const roleList = z
  .array(z.enum(ROLES, { error: `expected one of ${ROLES.join(', ')}` }))
  .min(1, 'expected at least one role')
  .max(10, 'expected at most 10 roles')
  .transform(normalizeRoles);
