import { InitialSchema1795338255190 } from './1795338255190-InitialSchema';
import { IdentityAndSigning1795342911902 } from './1795342911902-IdentityAndSigning';
import { MachineClients1795344769847 } from './1795344769847-MachineClients';
import { ApiKeysAndUserAdmin1795347618310 } from './1795347618310-ApiKeysAndUserAdmin';
import { TenantLifecycleAndRevocation1795410000000 } from './1795410000000-TenantLifecycleAndRevocation';
import { TenantRowLevelSecurity1795420000000 } from './1795420000000-TenantRowLevelSecurity';
import { IdentityDirectory1795600000000 } from './1795600000000-IdentityDirectory';
import { SignInRisks1796110000000 } from './1796110000000-SignInRisks';

/** Every migration of this service, oldest first. Committed migrations are never edited. */
export const migrations = [
  InitialSchema1795338255190,
  IdentityAndSigning1795342911902,
  MachineClients1795344769847,
  ApiKeysAndUserAdmin1795347618310,
  TenantLifecycleAndRevocation1795410000000,
  TenantRowLevelSecurity1795420000000,
  IdentityDirectory1795600000000,
  SignInRisks1796110000000,
];
