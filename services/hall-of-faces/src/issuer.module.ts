import { AuthGuard, JwtVerifier } from '@codex/auth';
import { type DynamicModule, Module } from '@nestjs/common';

import { AuditLog } from './audit/audit-log';
import { MachineClientsController } from './clients/machine-clients.controller';
import { MachineClients } from './clients/machine-clients.service';
import type { IssuerConfig } from './config';
import { FirstAdminBootstrap } from './identity/first-admin.bootstrap';
import { ISSUER_CONFIG } from './issuer-config.token';
import { KeyRing } from './signing/key-ring';
import { SigningKeyRotation } from './signing/signing-key-rotation';
import { SigningKeysController } from './signing/signing-keys.controller';
import { DiscoveryController } from './tokens/discovery.controller';
import { TokenController } from './tokens/token.controller';
import { TokenService } from './tokens/token.service';

/** The built-in OAuth 2.0 token issuer: users, signing keys, JWKS and discovery, sign-in audit. */
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
      ],
      providers: [
        { provide: ISSUER_CONFIG, useValue: config },
        {
          provide: JwtVerifier,
          useValue: new JwtVerifier({
            issuer: config.issuerUrl,
            audience: config.audience,
            jwksUri: `${config.issuerUrl}/.well-known/jwks.json`,
            tenantClaim: 'tenant_id',
            rolesClaim: 'roles',
          }),
        },
        AuthGuard,
        AuditLog,
        KeyRing,
        TokenService,
        SigningKeyRotation,
        MachineClients,
        FirstAdminBootstrap,
      ],
    };
  }
}
