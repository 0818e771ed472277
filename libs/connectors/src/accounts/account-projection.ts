import { timestampDate } from '@bufbuild/protobuf/wkt';
import { AccountStatus } from '@codex/contracts';
import type { DeliveredEvent } from '@codex/messaging';
import { asSystem } from '@codex/persistence';
import type { EntityManager } from 'typeorm';

import type { ProviderName } from '../provider-error';
import type { AccountStatusName } from './connected-account.entity';
import { credentialKindName, providerName } from './provider-names';
import { storeSealedSecret } from './stored-sealed-secret';

type Connected = DeliveredEvent<'account.connected'>;

/**
 * Keeps connected_accounts in step with account.connected, one statement per batch, for the
 * providers the service asked for (all by default). An event older than what a row already
 * reflects is ignored, and a disconnected account loses its sealed credentials. An account
 * never changes tenant or provider. A batch mixes tenants, so it is written in the system
 * scope (ADR 12).
 */
export class AccountProjection {
  private readonly providers: ReadonlySet<ProviderName> | undefined;

  constructor(providers?: readonly ProviderName[]) {
    this.providers = providers && new Set(providers);
  }

  async apply(events: readonly Connected[], manager: EntityManager): Promise<void> {
    const latest = new Map<string, { event: Connected; provider: ProviderName }>();
    for (const event of events) {
      const provider = providerName(event.payload.provider);
      if (provider && (this.providers?.has(provider) ?? true)) {
        latest.set(event.payload.accountId, { event, provider });
      }
    }
    if (latest.size === 0) return;
    const rows = [...latest.values()].map(({ event: { payload }, provider }) => {
      const disconnected = payload.status === AccountStatus.DISCONNECTED;
      const changedAt = disconnected ? payload.disconnectedAt : payload.connectedAt;
      return {
        account_id: payload.accountId,
        tenant_id: payload.tenantId,
        provider,
        external_account_id: payload.externalAccountId,
        name: payload.name,
        regions: payload.regions,
        credential_kind: credentialKindName(payload.kind),
        settings: {
          ...payload.providerSettings,
          ...(payload.roleArn ? { roleArn: payload.roleArn } : {}),
        },
        sealed_secret:
          disconnected || !payload.sealedSecret ? null : storeSealedSecret(payload.sealedSecret),
        status: (disconnected ? 'disconnected' : 'connected') satisfies AccountStatusName,
        changed_at: changedAt ? timestampDate(changedAt) : new Date(0),
      };
    });
    await asSystem(manager, 'projects account events of many tenants', (system) =>
      system.query(
        `INSERT INTO connected_accounts
           (account_id, tenant_id, provider, external_account_id, name, regions, credential_kind, settings,
            sealed_secret, status, changed_at, updated_at)
         SELECT r.account_id, r.tenant_id, r.provider, r.external_account_id, r.name,
                ARRAY(SELECT jsonb_array_elements_text(r.regions)), r.credential_kind, r.settings,
                r.sealed_secret, r.status, r.changed_at, clock_timestamp()
           FROM jsonb_to_recordset($1::jsonb) AS r(
             account_id uuid, tenant_id varchar, provider varchar, external_account_id varchar, name varchar,
             regions jsonb, credential_kind varchar, settings jsonb, sealed_secret jsonb, status varchar,
             changed_at timestamptz)
         ON CONFLICT ON CONSTRAINT pk_connected_accounts DO UPDATE SET
           external_account_id = EXCLUDED.external_account_id, name = EXCLUDED.name,
           regions = EXCLUDED.regions, credential_kind = EXCLUDED.credential_kind,
           settings = EXCLUDED.settings, sealed_secret = EXCLUDED.sealed_secret,
           status = EXCLUDED.status, changed_at = EXCLUDED.changed_at, updated_at = EXCLUDED.updated_at
         WHERE EXCLUDED.changed_at >= connected_accounts.changed_at
           AND EXCLUDED.tenant_id = connected_accounts.tenant_id
           AND EXCLUDED.provider = connected_accounts.provider`,
        [JSON.stringify(rows)],
      ),
    );
  }
}
