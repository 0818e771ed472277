import type { Principal } from '@codex/auth';
import { Injectable } from '@nestjs/common';

import { AuditLog } from '../audit/audit-log';
import { KeyRing } from './key-ring';

export interface Rotation {
  /** The key that signs from now on. */
  kid: string;
}

/** Rotates the signing key on an admin's request, and audits who did it in the same transaction. */
@Injectable()
export class SigningKeyRotation {
  constructor(
    private readonly keyRing: KeyRing,
    private readonly audit: AuditLog,
  ) {}

  async rotate(admin: Principal, sourceIp: string): Promise<Rotation> {
    const kid = await this.keyRing.rotate((activated, manager) =>
      this.audit.record(
        {
          tenantId: admin.tenantId,
          action: 'signing_key.rotated',
          actor: admin.subject,
          sourceIp,
          details: { kid: activated },
        },
        manager,
      ),
    );
    return { kid };
  }
}
