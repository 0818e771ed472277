/** Roles within a tenant, from least to most (libs/auth's TENANT_ROLES). */
export const TENANT_ROLES = ['viewer', 'operator', 'approver', 'admin'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

/**
 * Whether someone holding `held` may do what needs `required`, as libs/auth's `grants` decides:
 * admin may do everything, any tenant role may view, otherwise the role itself is needed (an
 * operator cannot approve, an approver cannot operate). The API refuses the rest anyway; the
 * console only hides what would be refused.
 */
export function grants(held: readonly string[], required: TenantRole): boolean {
  const tenantRoles = held.filter((role) => (TENANT_ROLES as readonly string[]).includes(role));
  return (
    tenantRoles.includes('admin') ||
    tenantRoles.includes(required) ||
    (required === 'viewer' && tenantRoles.length > 0)
  );
}

/** Four eyes: approvers decide, but never on what they asked for themselves. */
export function canDecide(
  held: readonly string[],
  me: { subject: string; email: string },
  action: { requestedBy: string; requestedByPerson?: string },
): boolean {
  const mine = [action.requestedBy, action.requestedByPerson].filter(Boolean);
  return grants(held, 'approver') && !mine.includes(me.subject) && !mine.includes(me.email);
}
