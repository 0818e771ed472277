import { randomUUID } from 'node:crypto';

import type { Principal } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { NotFoundProblem, ProblemException } from '@codex/platform';
import type { DataSource } from 'typeorm';

import { tenantAccount } from '../../accounts/account-directory';
import { CostIngestion } from '../ingestion/cost-ingestion.entity';
import { CostSource } from './cost-source.entity';
import {
  type CostSourceView,
  type IngestionView,
  type NewCostSource,
  PROVIDER_OF_KIND,
  toCostSourceView,
  toIngestionView,
} from './cost-source.schemas';

const PERIOD_TABLES = [
  'cost_line_items',
  'cost_daily_services',
  'cost_daily_resources',
  'cost_daily_tags',
];

/** A tenant's cost sources: one per account and kind, on an account of the kind's provider. */
export class CostSources {
  constructor(private readonly dataSource: DataSource) {}

  create(caller: Principal, body: NewCostSource): Promise<CostSourceView> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const account = await tenantAccount(manager, caller.tenantId, body.accountId);
      const provider = PROVIDER_OF_KIND[body.kind];
      if (account.provider !== provider) {
        throw new ProblemException(
          422,
          'source_provider_mismatch',
          `a ${body.kind} source needs a ${provider} account; account ${account.id} is ${account.provider}`,
        );
      }
      if (account.status !== 'connected') {
        throw new ProblemException(
          422,
          'account_disconnected',
          `account ${account.id} is disconnected`,
        );
      }
      const repository = manager.getRepository(CostSource);
      if (
        await repository.existsBy({
          tenantId: caller.tenantId,
          accountId: account.id,
          kind: body.kind,
        })
      ) {
        throw new ProblemException(
          409,
          'source_exists',
          `account ${account.id} already has a ${body.kind} source`,
        );
      }
      const { kind, accountId, ...settings } = body;
      const source = await repository.save({
        id: randomUUID(),
        tenantId: caller.tenantId,
        accountId,
        provider,
        kind,
        settings: Object.fromEntries(
          Object.entries(settings).filter(
            (entry): entry is [string, string] => typeof entry[1] === 'string',
          ),
        ),
        createdBy: caller.subject,
        createdAt: new Date(),
        lastRunId: null,
        lastRunStatus: null,
        lastRunError: null,
        lastRunAt: null,
      });
      return toCostSourceView(source);
    });
  }

  list(caller: Principal): Promise<CostSourceView[]> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) =>
      (
        await manager
          .getRepository(CostSource)
          .find({ where: { tenantId: caller.tenantId }, order: { createdAt: 'ASC', id: 'ASC' } })
      ).map(toCostSourceView),
    );
  }

  async get(caller: Principal, id: string): Promise<CostSourceView> {
    return toCostSourceView(await this.source(caller.tenantId, id));
  }

  source(tenantId: string, id: string): Promise<CostSource> {
    return withTenant(this.dataSource, tenantId, async (manager) => {
      const source = await manager.getRepository(CostSource).findOneBy({ tenantId, id });
      if (!source) throw new NotFoundProblem(`cost source ${id}`);
      return source;
    });
  }

  ingestions(caller: Principal, id: string): Promise<IngestionView[]> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      if (!(await manager.getRepository(CostSource).existsBy({ tenantId: caller.tenantId, id }))) {
        throw new NotFoundProblem(`cost source ${id}`);
      }
      const rows = await manager.getRepository(CostIngestion).find({
        where: { tenantId: caller.tenantId, sourceId: id },
        order: { startedAt: 'DESC' },
        take: 200,
      });
      return rows.map(toIngestionView);
    });
  }

  /** Removes the source and every cost it brought in. */
  remove(caller: Principal, id: string): Promise<void> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const deleted = await manager
        .getRepository(CostSource)
        .delete({ tenantId: caller.tenantId, id });
      if (!deleted.affected) throw new NotFoundProblem(`cost source ${id}`);
      for (const table of [...PERIOD_TABLES, 'cost_ingestions']) {
        await manager.query(`DELETE FROM ${table} WHERE tenant_id = $1 AND source_id = $2`, [
          caller.tenantId,
          id,
        ]);
      }
    });
  }
}
