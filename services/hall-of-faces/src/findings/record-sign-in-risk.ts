import type { DeliveredEvent } from '@codex/messaging';
import { withTenant } from '@codex/persistence';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { parseIdentityUrn } from '../directory/identity-urns';

type Generated = DeliveredEvent<'insight.generated'>;

/**
 * Keeps each account's sign-in risk from the oracle's `identity_risk` insights (ADR 24): the
 * risk at the latest signal wins, whatever order insights arrive in, and its kinds add up.
 * Other insights, and sprays (about an address, not an account), are not for it.
 */
@Injectable()
export class RecordSignInRisk {
  async apply(events: Generated[], manager: EntityManager): Promise<void> {
    for (const { payload } of events) {
      const details = payload.details ?? {};
      if (details.type !== 'identity_risk') continue;
      const urn = typeof details.identityUrn === 'string' ? details.identityUrn : '';
      const account = parseIdentityUrn(urn);
      const at = typeof details.occurredAt === 'string' ? new Date(details.occurredAt) : null;
      if (
        !account ||
        account.type !== 'user' ||
        (account.provider !== 'auth0' && account.provider !== 'entra') ||
        typeof details.risk !== 'number' ||
        typeof details.kind !== 'string' ||
        !at ||
        Number.isNaN(at.getTime())
      )
        continue;
      await withTenant(manager, payload.tenantId, (scoped) =>
        scoped.query(
          `INSERT INTO identity_sign_in_risks
             (tenant_id, identity_urn, provider, account_id, points, points_at, kinds, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, jsonb_build_array($7::text), now())
           ON CONFLICT ON CONSTRAINT pk_identity_sign_in_risks DO UPDATE SET
             points = CASE WHEN EXCLUDED.points_at >= identity_sign_in_risks.points_at
                           THEN EXCLUDED.points ELSE identity_sign_in_risks.points END,
             points_at = GREATEST(EXCLUDED.points_at, identity_sign_in_risks.points_at),
             kinds = CASE WHEN identity_sign_in_risks.kinds ? $7 THEN identity_sign_in_risks.kinds
                          ELSE identity_sign_in_risks.kinds || jsonb_build_array($7::text) END,
             updated_at = now()`,
          [payload.tenantId, urn, account.provider, account.id, details.risk, at, details.kind],
        ),
      );
    }
  }
}
