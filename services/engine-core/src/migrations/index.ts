import { InitialSchema1795338257345 } from './1795338257345-InitialSchema';
import { DiscoveryRuns1795348784556 } from './1795348784556-DiscoveryRuns';
import { ActionExecutions1795349191102 } from './1795349191102-ActionExecutions';
import { TenantRowLevelSecurity1795400200000 } from './1795400200000-TenantRowLevelSecurity';
import { ConnectedAccounts1795500100000 } from './1795500100000-ConnectedAccounts';

/** Every migration of this service, oldest first. Committed migrations are never edited. */
export const migrations = [
  InitialSchema1795338257345,
  DiscoveryRuns1795348784556,
  ActionExecutions1795349191102,
  TenantRowLevelSecurity1795400200000,
  ConnectedAccounts1795500100000,
];
