import { type DynamicModule, Module } from '@nestjs/common';

import { ApiKeyGrant } from './api-keys/api-key-grant';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeys } from './api-keys/api-keys.service';
import { AuditLog } from './audit/audit-log';
import { AuditQueries } from './audit/audit-query';
import { AuditQueryController } from './audit/audit-query.controller';
import { MachineClientsController } from './clients/machine-clients.controller';
import { MachineClients } from './clients/machine-clients.service';
import type { IssuerConfig } from './config';
import { FirstAdminBootstrap } from './identity/first-admin.bootstrap';
import { MeController } from './identity/me.controller';
import { OperatorBootstrap } from './identity/operator.bootstrap';
import { ISSUER_CONFIG } from './issuer-config.token';
import { TokenRevocations } from './revocations/token-revocations';
import { CLOCK, systemClock } from './sign-in/clock';
import { FairCheckQueue } from './sign-in/fair-check-queue';
import { LockoutTenant } from './sign-in/lockout-tenant';
import { RedisThrottleStore } from './sign-in/redis-throttle-store';
import { SignInThrottle } from './sign-in/sign-in-throttle';
import { THROTTLE_STORE } from './sign-in/throttle-store';
import { KeyRing } from './signing/key-ring';
import { SigningKeyRotation } from './signing/signing-key-rotation';
import { SigningKeysController } from './signing/signing-keys.controller';
import { ProvisionTenant } from './tenants/provision-tenant';
import { TenantDirectory } from './tenants/tenant-directory';
import { TenantLifecycle } from './tenants/tenant-lifecycle';
import { TenantsController } from './tenants/tenants.controller';
import { AccessTokens } from './tokens/access-tokens';
import { ClientCredentialsGrant } from './tokens/client-credentials-grant';
import { DiscoveryController } from './tokens/discovery.controller';
import { PasswordGrant } from './tokens/password-grant';
import { RefreshTokenGrant } from './tokens/refresh-token-grant';
import { RefreshTokens } from './tokens/refresh-tokens';
import { SignOut } from './tokens/sign-out';
import { TokenController } from './tokens/token.controller';
import { TokenService } from './tokens/token.service';
import { CreateUser } from './users/create-user';
import { UpdateUser } from './users/update-user';
import { UserDirectory } from './users/user-directory';
import { UsersController } from './users/users.controller';

/**
 * The built-in OAuth 2.0 token issuer and identity administration: users, API
 * keys, machine clients, signing keys, JWKS and discovery, and the audit trail.
 * Routes are protected by the platform's global AuthGuard.
 */
@Module({})
export class IssuerModule {
  static forRoot(config: IssuerConfig): DynamicModule {
    return {
      module: IssuerModule,
      controllers: [
        TokenController,
        DiscoveryController,
        SigningKeysController,
        MachineClientsController,
        UsersController,
        ApiKeysController,
        AuditQueryController,
        TenantsController,
        MeController,
      ],
      providers: [
        { provide: ISSUER_CONFIG, useValue: config },
        AuditLog,
        AuditQueries,
        KeyRing,
        AccessTokens,
        { provide: CLOCK, useValue: systemClock },
        { provide: THROTTLE_STORE, useClass: RedisThrottleStore },
        LockoutTenant,
        SignInThrottle,
        FairCheckQueue,
        PasswordGrant,
        ClientCredentialsGrant,
        ApiKeyGrant,
        TokenService,
        SigningKeyRotation,
        MachineClients,
        ApiKeys,
        UserDirectory,
        CreateUser,
        UpdateUser,
        FirstAdminBootstrap,
        OperatorBootstrap,
        TokenRevocations,
        RefreshTokens,
        RefreshTokenGrant,
        SignOut,
        ProvisionTenant,
        TenantDirectory,
        TenantLifecycle,
      ],
    };
  }
}
