import { randomUUID } from 'node:crypto';

import type { Principal } from '@codex/auth';
import {
  type AccessRecord,
  ConnectedAccountRecord,
  openAuth0Access,
  openEntraAccess,
  PROVIDER_LABELS,
  type ProviderEndpoints,
  ProviderError,
  sealingContext,
  storeSealedSecret,
} from '@codex/connectors';
import { type KeyWrapper, sealSecret } from '@codex/credentials';
import { withTenant } from '@codex/persistence';
import { ProblemException } from '@codex/platform';
import type { DataSource } from 'typeorm';

import type { IdpAccess } from '../ports';
import type { SyncRunStore } from '../sync/sync-run-store';
import type { NewConnection } from './connection.schemas';
import type { ConnectionVerifier } from './connection-verifier';

/** The parts of a connection that are not secret, as the connectors' access openers read them. */
function recordOf(input: NewConnection, accountId: string): AccessRecord {
  return input.provider === 'auth0'
    ? {
        accountId,
        externalAccountId: input.domain,
        regions: [],
        credentialKind: 'client-secret',
        settings: { domain: input.domain, clientId: input.clientId },
      }
    : {
        accountId,
        externalAccountId: input.directoryId,
        regions: [],
        credentialKind: 'client-secret',
        settings: { clientId: input.clientId },
      };
}

/**
 * An admin connects an Auth0 tenant or an Entra ID directory: the credentials are proven by a
 * token and a read, sealed under the tenant and the new connection's id (ADR 8), kept in the
 * connected accounts the connector layer opens, and a first full sync is queued.
 */
export class ConnectIdp {
  constructor(
    private readonly dataSource: DataSource,
    private readonly verifier: ConnectionVerifier,
    private readonly keys: KeyWrapper,
    private readonly endpoints: ProviderEndpoints,
    private readonly runs: SyncRunStore,
  ) {}

  async connect(admin: Principal, input: NewConnection): Promise<{ id: string; runId: string }> {
    const id = randomUUID();
    const record = recordOf(input, id);
    await this.verify(input, record);
    const sealed = await sealSecret(
      input.clientSecret,
      this.keys,
      sealingContext(admin.tenantId, id),
    );
    await withTenant(this.dataSource, admin.tenantId, async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
        `${admin.tenantId}:${input.provider}:${record.externalAccountId}`,
      ]);
      const existing = await manager.getRepository(ConnectedAccountRecord).findOneBy({
        tenantId: admin.tenantId,
        provider: input.provider,
        externalAccountId: record.externalAccountId,
        status: 'connected',
      });
      if (existing) {
        throw new ProblemException(
          409,
          'connection_exists',
          `${PROVIDER_LABELS[input.provider]} ${record.externalAccountId} is already connected`,
          { connectionId: existing.accountId },
        );
      }
      const now = new Date();
      const row = Object.assign(new ConnectedAccountRecord(), {
        accountId: id,
        tenantId: admin.tenantId,
        provider: input.provider,
        externalAccountId: record.externalAccountId,
        name: input.name,
        regions: [],
        credentialKind: 'client-secret',
        settings: record.settings,
        sealedSecret: storeSealedSecret(sealed),
        status: 'connected' as const,
        changedAt: now,
      });
      await manager.save(row);
    });
    const { run } = await this.runs.request(admin.tenantId, id, 'connect', admin.subject, true);
    return { id, runId: run.id };
  }

  private async verify(input: NewConnection, record: AccessRecord): Promise<void> {
    const access: IdpAccess =
      input.provider === 'auth0'
        ? openAuth0Access(record, input.clientSecret, this.endpoints)
        : openEntraAccess(record, input.clientSecret, this.endpoints);
    try {
      await this.verifier.verify(access);
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      throw new ProblemException(
        422,
        'connection_verification_failed',
        `${PROVIDER_LABELS[input.provider]} refused the credentials (${error.providerCode}): ${error.message}`,
        { provider: input.provider, providerCode: error.providerCode, reason: error.code },
      );
    }
  }
}
