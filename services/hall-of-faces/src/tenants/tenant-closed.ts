import type { EntityManager } from 'typeorm';

import { isGuid } from '../users/tenant-user';
import { Tenant } from './tenant.entity';

/**
 * Whether a built-in tenant is suspended or deleted, so nothing of it gets a
 * token. A tenant of an external identity provider has no row here; its
 * suspension is enforced through the revocation list alone.
 */
export async function tenantClosed(manager: EntityManager, tenantId: string): Promise<boolean> {
  if (!isGuid(tenantId)) return false;
  const tenant = await manager.findOneBy(Tenant, { id: tenantId });
  return tenant !== null && tenant.status !== 'active';
}
