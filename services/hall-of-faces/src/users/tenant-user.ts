import { NotFoundProblem } from '@codex/platform';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';

import { PlatformUser } from '../identity/platform-user.entity';

const guid = z.guid();

/** Whether a value can be a PostgreSQL uuid, so it is safe to compare with one. */
export function isGuid(value: string): boolean {
  return guid.safeParse(value).success;
}

/**
 * The user with this id in this tenant. Another tenant's user, an unknown id
 * and a malformed one all answer the same 404.
 */
export async function tenantUser(
  manager: EntityManager,
  tenantId: string,
  id: string,
): Promise<PlatformUser> {
  const user =
    isGuid(id) && isGuid(tenantId) ? await manager.findOneBy(PlatformUser, { id, tenantId }) : null;
  if (!user) throw new NotFoundProblem(`user ${id}`);
  return user;
}
