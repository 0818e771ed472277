import { isRole, ROLES } from '@codex/auth';
import { cursorParam, limitParam, type Page } from '@codex/platform';
import { z } from 'zod';

import type { PlatformUser } from '../identity/platform-user.entity';
import { normalizeRoles, roleList } from '../identity/role-list';

export const newUser = z.strictObject({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(320, 'expected at most 320 characters')
    .pipe(z.email({ error: 'expected an email address' }))
    // Documented as what it must be: the pipe's input alone is any string.
    .meta({ format: 'email' }),
  password: z
    .string()
    .min(12, 'expected at least 12 characters')
    .max(1024, 'expected at most 1024 characters'),
  roles: roleList,
});

export type NewUser = z.output<typeof newUser>;

export const userChange = z.strictObject({
  roles: roleList.optional().describe('Replaces all of the user’s roles'),
  disabled: z.boolean().optional().describe('A disabled user cannot sign in'),
});

export type UserChange = z.output<typeof userChange>;

export const userListQuery = z.strictObject({
  limit: limitParam.describe('Users per page'),
  cursor: cursorParam.describe('The nextCursor of the previous page'),
});

export type UserListQuery = z.output<typeof userListQuery>;

export const userView = z.object({
  id: z.uuid(),
  email: z.string(),
  roles: z.array(z.enum(ROLES)),
  createdAt: z.iso.datetime(),
  disabledAt: z.iso.datetime().nullable(),
});

export type UserView = z.output<typeof userView>;

export const userPage = z.object({ items: z.array(userView), nextCursor: z.string().nullable() });

export type UserPage = Page<UserView>;

export function toUserView(
  user: Pick<PlatformUser, 'id' | 'email' | 'roles' | 'createdAt' | 'disabledAt'>,
): UserView {
  return {
    id: user.id,
    email: user.email,
    roles: normalizeRoles(user.roles.filter(isRole)),
    createdAt: user.createdAt.toISOString(),
    disabledAt: user.disabledAt?.toISOString() ?? null,
  };
}
