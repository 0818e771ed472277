/** Roles within a tenant, from least to most. */
export const TENANT_ROLES = ['viewer', 'operator', 'approver', 'admin'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

/** Provisions tenants and rotates the issuer's keys; belongs to no tenant and grants no tenant role. */
export const PLATFORM_OPERATOR = 'platform_operator';

export const ROLES = [...TENANT_ROLES, PLATFORM_OPERATOR] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isTenantRole(value: unknown): value is TenantRole {
  return typeof value === 'string' && (TENANT_ROLES as readonly string[]).includes(value);
}

/**
 * Whether someone holding `held` may do what needs `required`: admin may do
 * everything in its tenant, any tenant role may view, otherwise the role itself
 * is needed (an operator cannot approve, an approver cannot operate). The
 * platform operator's role grants only itself, and no tenant role grants it.
 */
export function grants(held: readonly Role[], required: Role): boolean {
  if (required === PLATFORM_OPERATOR) return held.includes(PLATFORM_OPERATOR);
  const tenantRoles = held.filter(isTenantRole);
  return (
    tenantRoles.includes('admin') ||
    tenantRoles.includes(required) ||
    (required === 'viewer' && tenantRoles.length > 0)
  );
}
