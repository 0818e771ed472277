import { InitialSchema1795338256234 } from './1795338256234-InitialSchema';
import { TenantRowLevelSecurity1795400200000 } from './1795400200000-TenantRowLevelSecurity';
import { StorageBuckets1795700100000 } from './1795700100000-StorageBuckets';

/** Every migration of this service, oldest first. Committed migrations are never edited. */
export const migrations = [
  InitialSchema1795338256234,
  TenantRowLevelSecurity1795400200000,
  StorageBuckets1795700100000,
];
