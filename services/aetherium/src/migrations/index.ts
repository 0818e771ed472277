import { InitialSchema1795338254184 } from './1795338254184-InitialSchema';
import { InventoryProjection1795339706929 } from './1795339706929-InventoryProjection';
import { InventoryQueries1795347521155 } from './1795347521155-InventoryQueries';
import { CloudAccounts1795348797571 } from './1795348797571-CloudAccounts';
import { ActionLedger1795349221855 } from './1795349221855-ActionLedger';
import { InventoryTypeStateIndex1795352458815 } from './1795352458815-InventoryTypeStateIndex';
import { DropRedundantTenantTypeIndex1795359600000 } from './1795359600000-DropRedundantTenantTypeIndex';
import { TenantKeyedInventory1795400000000 } from './1795400000000-TenantKeyedInventory';
import { TenantRowLevelSecurity1795400100000 } from './1795400100000-TenantRowLevelSecurity';
import { ActionRequestedByPerson1795410000000 } from './1795410000000-ActionRequestedByPerson';
import { ActionExecutorFromCatalogue1795430000000 } from './1795430000000-ActionExecutorFromCatalogue';
import { AzureAccounts1795440000000 } from './1795440000000-AzureAccounts';
import { GcpAccounts1795700000000 } from './1795700000000-GcpAccounts';
import { CostLedger1795800000000 } from './1795800000000-CostLedger';
import { Insights1796300000000 } from './1796300000000-Insights';

/** Every migration of this service, oldest first. Committed migrations are never edited. */
export const migrations = [
  InitialSchema1795338254184,
  InventoryProjection1795339706929,
  InventoryQueries1795347521155,
  CloudAccounts1795348797571,
  ActionLedger1795349221855,
  InventoryTypeStateIndex1795352458815,
  DropRedundantTenantTypeIndex1795359600000,
  TenantKeyedInventory1795400000000,
  TenantRowLevelSecurity1795400100000,
  ActionRequestedByPerson1795410000000,
  ActionExecutorFromCatalogue1795430000000,
  AzureAccounts1795440000000,
  GcpAccounts1795700000000,
  CostLedger1795800000000,
  Insights1796300000000,
];
