import { isRole, ROLES } from '@codex/auth';
import { keyedCursorParam, limitParam, type Page } from '@codex/platform';
import { z } from 'zod';

import { normalizeRoles, roleList } from '../identity/role-list';
import type { ApiKey } from './api-key.entity';

export const newApiKey = z.strictObject({
  name: z.string().trim().min(1, 'expected a name').max(100, 'expected at most 100 characters'),
  roles: roleList,
});

export type NewApiKey = z.output<typeof newApiKey>;

const roles = z.array(z.enum(ROLES));

export const createdApiKey = z.object({
  id: z.string(),
  key: z.string().describe('cdx_<id>_<secret>: shown only now, store it safely'),
  name: z.string(),
  roles,
  createdAt: z.iso.datetime(),
});

export type CreatedApiKey = z.output<typeof createdApiKey>;

export const apiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  roles,
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});

export type ApiKeyView = z.output<typeof apiKeyView>;

export const apiKeyListQuery = z.strictObject({
  limit: limitParam.describe('Keys per page'),
  cursor: keyedCursorParam(z.string().regex(/^[0-9a-f]{12}$/)).describe(
    'The nextCursor of the previous page',
  ),
});

export type ApiKeyListQuery = z.output<typeof apiKeyListQuery>;

export const apiKeyPage = z.object({
  items: z.array(apiKeyView),
  nextCursor: z.string().nullable(),
});

export type ApiKeyPage = Page<ApiKeyView>;

/** What an admin may see of a key: never the key, nor its hash. */
export function toApiKeyView(key: ApiKey): ApiKeyView {
  return {
    id: key.id,
    name: key.name,
    roles: normalizeRoles(key.roles.filter(isRole)),
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}
