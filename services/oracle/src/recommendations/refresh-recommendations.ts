import { asSystem, withTenant } from '@codex/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { ServiceConfig } from '../config';
import { SERVICE_CONFIG } from '../service-config.token';
import { type RealisedCounts, RealisedSavings } from './realised-savings';
import { recommend } from './recommend';
import { type ReconcileCounts, ReconcileRecommendations } from './reconcile-recommendations';
import { ResourceFactsReader } from './resource-facts';
import { DEFAULT_RULE_SETTINGS, type RuleSettings } from './rules/rule-settings';

export type RefreshCounts = ReconcileCounts & RealisedCounts & { resources: number };

/** Recomputes a tenant's recommendations from what the oracle knows now, and measures what applied ones saved. */
@Injectable()
export class RefreshRecommendations {
  private readonly settings: RuleSettings;

  constructor(
    private readonly dataSource: DataSource,
    private readonly facts: ResourceFactsReader,
    private readonly reconciler: ReconcileRecommendations,
    private readonly realised: RealisedSavings,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
  ) {
    this.settings = { ...DEFAULT_RULE_SETTINGS, minSamples: config.recommendationMinCpuSamples };
  }

  refresh(tenantId: string): Promise<RefreshCounts> {
    return withTenant(this.dataSource, tenantId, async (manager) => {
      const resources = await this.facts.read(manager, tenantId, this.settings.windowDays);
      const found = resources.flatMap((facts) => recommend(facts, this.settings));
      const reconciled = await this.reconciler.reconcile(manager, tenantId, found);
      const realised = await this.realised.measure(manager, tenantId);
      return { resources: resources.length, ...reconciled, ...realised };
    });
  }

  /** Every tenant the oracle knows resources or recommendations of. */
  tenants(): Promise<string[]> {
    return asSystem(this.dataSource, 'lists the tenants to recommend for', async (system) => {
      const rows = await system.query<{ tenant_id: string }[]>(
        `SELECT tenant_id FROM known_resources UNION SELECT tenant_id FROM recommendations`,
      );
      return rows.map((row) => row.tenant_id);
    });
  }
}
