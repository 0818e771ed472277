import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { type ConnectedAccount, providerEnum } from '@codex/connectors';
import { MetricsSampledSchema, ResourceDeletedSchema } from '@codex/contracts';
import { Outbox, type OutgoingEvent } from '@codex/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { DiscoveredResource, MeasuredSample } from '../compute/ports';
import type { ClaimedRun } from './discovery-run-store';
import { resourceDiscoveredEvent } from './resource-discovered-event';

export const DELETED_REASON = 'not_found_in_discovery';

/**
 * Publishes what a run found through the outbox, set-based: one statement remembers a
 * batch of resources as known, one inserts its events. Call inside the run's transaction,
 * in its tenant's scope.
 */
@Injectable()
export class ResourcePublisher {
  constructor(private readonly outbox: Outbox) {}

  async discovered(
    manager: EntityManager,
    run: ClaimedRun,
    account: ConnectedAccount,
    resources: readonly DiscoveredResource[],
    observedAt: Date,
  ): Promise<void> {
    if (resources.length === 0) return;
    await manager.query(
      `INSERT INTO known_resources (account_id, urn, tenant_id, resource_type, last_run_id, last_seen_at)
       SELECT $1, r.urn, $2, r.resource_type, $3, $4
         FROM unnest($5::varchar[], $6::varchar[]) AS r(urn, resource_type)
       ON CONFLICT ON CONSTRAINT pk_known_resources DO UPDATE SET
         resource_type = EXCLUDED.resource_type,
         last_run_id = EXCLUDED.last_run_id, last_seen_at = EXCLUDED.last_seen_at
       WHERE known_resources.tenant_id = EXCLUDED.tenant_id`,
      [
        account.accountId,
        run.tenantId,
        run.id,
        observedAt,
        resources.map((resource) => resource.urn),
        resources.map((resource) => resource.resourceType),
      ],
    );
    await this.outbox.add(
      manager,
      'resource.discovered',
      resources.map((resource) =>
        resourceDiscoveredEvent(run.tenantId, resource, observedAt, run.id),
      ),
    );
  }

  async cpuSamples(
    manager: EntityManager,
    run: ClaimedRun,
    samples: readonly MeasuredSample[],
    periodSeconds: number,
  ): Promise<void> {
    if (samples.length === 0) return;
    await this.outbox.add(
      manager,
      'metrics.sampled',
      samples.map((sample): OutgoingEvent<'metrics.sampled'> => ({
        payload: create(MetricsSampledSchema, {
          tenantId: run.tenantId,
          resourceUrn: sample.urn,
          metric: 'cpu_utilization',
          unit: 'percent',
          statistic: 'average',
          periodSeconds,
          samples: [{ at: timestampFromDate(sample.timestamp), value: sample.averagePercent }],
          source: sample.source,
        }),
        metadata: { key: sample.urn, tenantId: run.tenantId },
      })),
    );
  }

  /** Forgets every known resource of the account the run did not see, and announces each. */
  async deletions(
    manager: EntityManager,
    run: ClaimedRun,
    account: ConnectedAccount,
    observedAt: Date,
  ): Promise<number> {
    const [gone] = await manager.query<[{ urn: string; resource_type: string }[], number]>(
      `DELETE FROM known_resources WHERE tenant_id = $1 AND account_id = $2 AND last_run_id <> $3
       RETURNING urn, resource_type`,
      [run.tenantId, account.accountId, run.id],
    );
    if (gone.length === 0) return 0;
    const observed = timestampFromDate(observedAt);
    await this.outbox.add(
      manager,
      'resource.deleted',
      gone.map(({ urn, resource_type }): OutgoingEvent<'resource.deleted'> => ({
        payload: create(ResourceDeletedSchema, {
          urn,
          tenantId: run.tenantId,
          provider: providerEnum(account.access.provider),
          accountId: account.access.accountId,
          resourceType: resource_type,
          observedAt: observed,
          reason: DELETED_REASON,
          discoveryRunId: run.id,
        }),
        metadata: { key: urn, tenantId: run.tenantId },
      })),
    );
    return gone.length;
  }
}
