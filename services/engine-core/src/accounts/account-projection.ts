import { timestampDate } from '@bufbuild/protobuf/wkt';
import { AccountStatus, CredentialKind, Provider } from '@codex/contracts';
import type { DeliveredEvent } from '@codex/messaging';
import { asSystem } from '@codex/persistence';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type {
  AccountStatusName,
  CredentialKindName,
  StoredSealedSecret,
} from './aws-account.entity';

type Connected = DeliveredEvent<'account.connected'>;

/**
 * Keeps aws_accounts in step with account.connected, one statement per batch. Only AWS
 * accounts are kept; an event older than what a row already reflects is ignored, and a
 * disconnected account loses its sealed credentials. An account never changes tenant. A
 * batch mixes tenants, so it is written in the system scope (ADR 12).
 */
@Injectable()
export class AccountProjection {
  async apply(events: Connected[], manager: EntityManager): Promise<void> {
    const latest = new Map<string, Connected>();
    for (const event of events) {
      if (event.payload.provider === Provider.AWS) latest.set(event.payload.accountId, event);
    }
    if (latest.size === 0) return;
    const rows = [...latest.values()].map(({ payload }) => {
      const disconnected = payload.status === AccountStatus.DISCONNECTED;
      const changedAt = disconnected ? payload.disconnectedAt : payload.connectedAt;
      return {
        account_id: payload.accountId,
        tenant_id: payload.tenantId,
        external_account_id: payload.externalAccountId,
        name: payload.name,
        regions: payload.regions,
        kind: kindName(payload.kind),
        role_arn: payload.roleArn || null,
        sealed_secret: disconnected ? null : storedSecret(payload.sealedSecret),
        status: (disconnected ? 'disconnected' : 'connected') satisfies AccountStatusName,
        changed_at: changedAt ? timestampDate(changedAt) : new Date(0),
      };
    });
    await asSystem(manager, 'projects account events of many tenants', (system) =>
      system.query(
        `INSERT INTO aws_accounts
         (account_id, tenant_id, external_account_id, name, regions, kind, role_arn, sealed_secret, status, changed_at,
          updated_at)
       SELECT r.account_id, r.tenant_id, r.external_account_id, r.name,
              ARRAY(SELECT jsonb_array_elements_text(r.regions)), r.kind, r.role_arn, r.sealed_secret, r.status,
              r.changed_at, clock_timestamp()
         FROM jsonb_to_recordset($1::jsonb) AS r(
           account_id uuid, tenant_id varchar, external_account_id varchar, name varchar, regions jsonb,
           kind varchar, role_arn varchar, sealed_secret jsonb, status varchar, changed_at timestamptz)
       ON CONFLICT ON CONSTRAINT pk_aws_accounts DO UPDATE SET
         external_account_id = EXCLUDED.external_account_id,
         name = EXCLUDED.name, regions = EXCLUDED.regions, kind = EXCLUDED.kind, role_arn = EXCLUDED.role_arn,
         sealed_secret = EXCLUDED.sealed_secret, status = EXCLUDED.status, changed_at = EXCLUDED.changed_at,
         updated_at = EXCLUDED.updated_at
       WHERE EXCLUDED.changed_at >= aws_accounts.changed_at AND EXCLUDED.tenant_id = aws_accounts.tenant_id`,
        [JSON.stringify(rows)],
      ),
    );
  }
}

function kindName(kind: CredentialKind): CredentialKindName {
  return kind === CredentialKind.ASSUME_ROLE ? 'assume-role' : 'access-keys';
}

function storedSecret(sealed: Connected['payload']['sealedSecret']): StoredSealedSecret | null {
  if (!sealed) return null;
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  return {
    kekId: sealed.kekId,
    wrappedDataKey: base64(sealed.wrappedDataKey),
    dataKeyIv: base64(sealed.dataKeyIv),
    dataKeyTag: base64(sealed.dataKeyTag),
    ciphertext: base64(sealed.ciphertext),
    iv: base64(sealed.iv),
    tag: base64(sealed.tag),
  };
}
