import { join } from 'node:path';

import { actionExecutionEntities, actionExecutionMigrations } from '@codex/actions';
import { ConnectedAccountRecord, connectorsMigrations } from '@codex/connectors';
import { messagingEntities, messagingMigrations, MessagingModule } from '@codex/messaging';
import { PlatformModule, runServiceCli } from '@codex/platform';
import type { Telemetry } from '@codex/telemetry';
import { type DynamicModule, Module } from '@nestjs/common';

import { ApiKey } from './api-keys/api-key.entity';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditModule } from './audit/audit.module';
import { AuditEvent } from './audit/audit-event.entity';
import { ClientsModule } from './clients/clients.module';
import { MachineClient } from './clients/machine-client.entity';
import type { ServiceConfig } from './config';
import { DirectoryModule } from './directory/directory.module';
import { directoryEntities } from './directory/directory-entities';
import { SignInRiskModule } from './findings/sign-in-risk.module';
import { IdentityModule } from './identity/identity.module';
import { PlatformUser } from './identity/platform-user.entity';
import { IssuerConfigModule } from './issuer-config.module';
import { migrations } from './migrations';
import { TokenRevocation } from './revocations/token-revocation.entity';
import { SigningModule } from './signing/signing.module';
import { SigningKey } from './signing/signing-key.entity';
import { Tenant } from './tenants/tenant.entity';
import { TenantsModule } from './tenants/tenants.module';
import { RefreshToken } from './tokens/refresh-token.entity';
import { TokensModule } from './tokens/tokens.module';
import { UsersModule } from './users/users.module';

export const database = {
  entities: [
    Tenant,
    PlatformUser,
    SigningKey,
    AuditEvent,
    MachineClient,
    ApiKey,
    RefreshToken,
    TokenRevocation,
    ConnectedAccountRecord,
    ...directoryEntities,
    ...actionExecutionEntities,
    ...messagingEntities,
  ],
  migrations: [
    ...migrations,
    ...connectorsMigrations,
    ...actionExecutionMigrations,
    ...messagingMigrations,
  ],
};

/**
 * The built-in OAuth 2.0 token issuer and identity administration: users, API
 * keys, machine clients, signing keys, JWKS and discovery, and the audit trail.
 * Routes are protected by the platform's global AuthGuard.
 */
@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig, telemetry: Telemetry): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ config, telemetry, database }),
        IssuerConfigModule.forRoot(config.issuer),
        TokensModule,
        SigningModule,
        ClientsModule,
        UsersModule,
        ApiKeysModule,
        AuditModule,
        TenantsModule,
        IdentityModule,
        MessagingModule.forRoot({
          publishes: [
            'resource.discovered',
            'resource.deleted',
            'login.observed',
            'action.completed',
          ],
          consumes: ['action.requested', 'insight.generated'],
        }),
        DirectoryModule.forRoot(config.directory),
        SignInRiskModule,
      ],
    };
  }
}

export function run(
  argv: readonly string[],
  config: ServiceConfig,
  telemetry: Telemetry,
): Promise<void> {
  return runServiceCli(argv, {
    config,
    telemetry,
    rootModule: AppModule.forRoot(config, telemetry),
    database: { definition: database, migrationsDir: join(__dirname, '..', 'src', 'migrations') },
  });
}
