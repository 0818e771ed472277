import { join } from 'node:path';

import { PlatformModule, runServiceCli } from '@codex/platform';
import type { Telemetry } from '@codex/telemetry';
import { type DynamicModule, Module } from '@nestjs/common';

import { ApiKey } from './api-keys/api-key.entity';
import { AuditEvent } from './audit/audit-event.entity';
import { MachineClient } from './clients/machine-client.entity';
import type { ServiceConfig } from './config';
import { PlatformUser } from './identity/platform-user.entity';
import { IssuerModule } from './issuer.module';
import { migrations } from './migrations';
import { TokenRevocation } from './revocations/token-revocation.entity';
import { SigningKey } from './signing/signing-key.entity';
import { Tenant } from './tenants/tenant.entity';
import { RefreshToken } from './tokens/refresh-token.entity';

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
  ],
  migrations,
};

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig, telemetry: Telemetry): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ config, telemetry, database }),
        IssuerModule.forRoot(config.issuer),
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
