export const ROLES = ['viewer', 'operator', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Whether someone holding `held` may do what needs `required`: admin may do
 * everything, any role may view, otherwise the role itself is needed (an
 * operator cannot approve, an approver cannot operate).
 */
export function grants(held: readonly Role[], required: Role): boolean {
  return (
    held.includes('admin') || held.includes(required) || (required === 'viewer' && held.length > 0)
  );
}
