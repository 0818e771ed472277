import type { Principal } from '@codex/auth';
import { asSystem } from '@codex/persistence';
import { Injectable } from '@nestjs/common';

import { AuditLog, EVERY_TENANT } from '../audit/audit-log';
import { KeyRing } from './key-ring';

export interface Rotation {
  /** The key that signs from now on. */
  kid: string;
}

/**
 * Rotates the signing key on a platform operator's request. Every tenant's
 * tokens are signed by it, so the audit entry (same transaction) is one every
 * tenant sees.
 */
@Injectable()
export class SigningKeyRotation {
  constructor(
    private readonly keyRing: KeyRing,
    private readonly audit: AuditLog,
  ) {}

  async rotate(operator: Principal, sourceIp: string): Promise<Rotation> {
    const kid = await this.keyRing.rotate((activated, manager) =>
      asSystem(manager, 'an audit entry every tenant reads', (system) =>
        this.audit.record(
          {
            tenantId: EVERY_TENANT,
            action: 'signing_key.rotated',
            actor: operator.subject,
            sourceIp,
            details: { kid: activated },
          },
          system,
        ),
      ),
    );
    return { kid };
  }
}
