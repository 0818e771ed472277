import { isRole, ROLES } from '@codex/auth';
import { keyedCursorParam, limitParam, type Page } from '@codex/platform';
import { z } from 'zod';

import { normalizeRoles, roleList } from '../identity/role-list';
import type { MachineClient } from './machine-client.entity';

export const newClient = z.strictObject({
  name: z.string().trim().min(1, 'expected a name').max(100, 'expected at most 100 characters'),
  roles: roleList,
});

export type NewClient = z.output<typeof newClient>;

const roles = z.array(z.enum(ROLES));

/** OAuth's names for the credentials, as a client library expects them. */
export const createdClient = z.object({
  client_id: z.string(),
  client_secret: z.string().describe('Shown only now, store it safely'),
  name: z.string(),
  roles,
});

export type CreatedClient = z.output<typeof createdClient>;

export const clientView = z.object({
  clientId: z.string(),
  name: z.string(),
  roles,
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
});

export type ClientView = z.output<typeof clientView>;

export const clientListQuery = z.strictObject({
  limit: limitParam.describe('Clients per page'),
  cursor: keyedCursorParam(z.string().regex(/^mc_[0-9a-f]{24}$/)).describe(
    'The nextCursor of the previous page',
  ),
});

export type ClientListQuery = z.output<typeof clientListQuery>;

export const clientPage = z.object({
  items: z.array(clientView),
  nextCursor: z.string().nullable(),
});

export type ClientPage = Page<ClientView>;

/** What an admin may see of a client: never its secret, nor its hash. */
export function toClientView(client: MachineClient): ClientView {
  return {
    clientId: client.clientId,
    name: client.name,
    roles: normalizeRoles(client.roles.filter(isRole)),
    createdAt: client.createdAt.toISOString(),
    revokedAt: client.revokedAt?.toISOString() ?? null,
  };
}
