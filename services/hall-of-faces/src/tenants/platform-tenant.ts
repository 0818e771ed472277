/**
 * The tenant platform operators belong to: outside every customer tenant, it
 * holds no resources and its members hold only the platform_operator role.
 * They sign in with `tenant=platform`.
 */
export const PLATFORM_TENANT = {
  id: '00000000-0000-0000-0000-000000000000',
  slug: 'platform',
  name: 'Platform operators',
} as const;
