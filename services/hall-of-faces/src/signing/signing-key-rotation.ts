import type { Principal } from '@codex/auth';
import { Injectable } from '@nestjs/common';

import { AuditLog } from '../audit/audit-log';
import { KeyRing } from './key-ring';

/** Rotates the signing key on an admin's request, and audits who did it. */
@Injectable()
export class SigningKeyRotation {
  constructor(
    private readonly keyRing: KeyRing,
    private readonly audit: AuditLog,
  ) {}

  async rotate(admin: Principal, sourceIp: string): Promise<{ kid: string }> {
    const kid = await this.keyRing.rotate();
    await this.audit.record({
      tenantId: admin.tenantId,
      action: 'signing_key.rotated',
      actor: admin.subject,
      sourceIp,
      details: { kid },
    });
    return { kid };
  }
}
