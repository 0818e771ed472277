import { cursorParam, limitParam, type Page } from '@codex/platform';
import { z } from 'zod';

import type { Tenant } from './tenant.entity';

const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(320, 'expected at most 320 characters')
  .pipe(z.email({ error: 'expected an email address' }));

export const newTenant = z.strictObject({
  slug: z
    .string()
    .regex(
      /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
      'expected 1 to 63 lower-case letters, digits or inner dashes',
    )
    .describe('What people type to sign in'),
  name: z.string().trim().min(1, 'expected a name').max(200, 'expected at most 200 characters'),
  admin: z.strictObject({
    email,
    password: z
      .string()
      .min(12, 'expected at least 12 characters')
      .max(1024, 'expected at most 1024 characters')
      .optional()
      .describe('Generated and shown once when left out'),
  }),
});

export type NewTenant = z.output<typeof newTenant>;

export const tenantView = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  status: z.enum(['active', 'suspended', 'deleted']),
  createdAt: z.iso.datetime(),
  statusChangedAt: z.iso.datetime().nullable(),
});

export type TenantView = z.output<typeof tenantView>;

export const createdTenant = z.object({
  tenant: tenantView,
  admin: z.object({
    id: z.uuid(),
    email: z.string(),
    password: z.string().optional().describe('Only when generated: shown once'),
  }),
});

export type CreatedTenant = z.output<typeof createdTenant>;

export const tenantListQuery = z.strictObject({
  status: z.enum(['active', 'suspended', 'deleted']).optional(),
  limit: limitParam.describe('Tenants per page'),
  cursor: cursorParam.describe('The nextCursor of the previous page'),
});

export type TenantListQuery = z.output<typeof tenantListQuery>;

export const tenantPage = z.object({
  items: z.array(tenantView),
  nextCursor: z.string().nullable(),
});

export type TenantPage = Page<TenantView>;

export const statusChange = z
  .strictObject({
    reason: z.string().trim().max(500, 'expected at most 500 characters').optional(),
  })
  .optional();

export type StatusChange = z.output<typeof statusChange>;

export function toTenantView(tenant: Tenant): TenantView {
  return {
    id: tenant.id,
    slug: tenant.slug,
    name: tenant.name,
    status: tenant.status,
    createdAt: tenant.createdAt.toISOString(),
    statusChangedAt: tenant.statusChangedAt?.toISOString() ?? null,
  };
}
