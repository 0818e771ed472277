import { randomUUID } from 'node:crypto';

import type { AccountAccessSource } from '@codex/connectors';
import { type Outbox } from '@codex/messaging';
import { withTenant } from '@codex/persistence';
import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { type BudgetAlerts } from '../budgets/budget-alerts';
import type { BillPeriod, BillReader, SourceContext } from '../readers/bill-reader';
import { CostSource } from '../sources/cost-source.entity';
import { CostPeriodWriter, type ReplacedPeriod } from '../store/cost-period-writer';
import { publishCostIngested } from './cost-ingested-events';
import { CostIngestion, type IngestionStatus } from './cost-ingestion.entity';
import { ingestionError } from './ingestion-problem';

export interface RunOutcome {
  runId: string;
  status: 'succeeded' | 'failed';
  periods: { period: string; status: IngestionStatus; lineCount: number; error: string | null }[];
}

/**
 * Ingests a source: asks its reader which billing periods it holds and in which version, and
 * replaces each period whose version Codex has not ingested yet (ADR 22). Each period is its
 * own transaction, so one bad file fails its period and leaves the others and what was there
 * before untouched.
 */
export class CostIngestionRunner {
  private readonly logger = new Logger(CostIngestionRunner.name);
  private readonly writer: CostPeriodWriter;
  private readonly readers: Map<string, BillReader>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountAccessSource,
    readers: readonly BillReader[],
    private readonly outbox: Outbox,
    private readonly budgets: BudgetAlerts,
  ) {
    this.writer = new CostPeriodWriter(dataSource);
    this.readers = new Map(readers.map((reader) => [reader.kind, reader]));
  }

  /** Marks the source running under a new run id, or answers undefined when a run is under way. */
  async claim(
    tenantId: string,
    sourceId: string,
    staleAfterMs: number,
  ): Promise<string | undefined> {
    const runId = randomUUID();
    const claimed = await withTenant(this.dataSource, tenantId, (manager) =>
      manager
        .createQueryBuilder()
        .update(CostSource)
        .set({
          lastRunId: runId,
          lastRunStatus: 'running',
          lastRunError: null,
          lastRunAt: new Date(),
        })
        .where('id = :sourceId AND tenant_id = :tenantId', { sourceId, tenantId })
        .andWhere(
          `(last_run_status IS DISTINCT FROM 'running' OR last_run_at < now() - make_interval(secs => :stale))`,
          { stale: staleAfterMs / 1000 },
        )
        .execute(),
    );
    return claimed.affected ? runId : undefined;
  }

  async run(tenantId: string, sourceId: string, runId: string): Promise<RunOutcome> {
    const outcome: RunOutcome = { runId, status: 'succeeded', periods: [] };
    try {
      const source = await withTenant(this.dataSource, tenantId, (manager) =>
        manager.getRepository(CostSource).findOneByOrFail({ id: sourceId, tenantId }),
      );
      const reader = this.readers.get(source.kind);
      if (!reader) throw new Error(`no reader for ${source.kind} sources`);
      const account = await this.accounts.accessFor(tenantId, source.accountId);
      const context: SourceContext = {
        source,
        account,
        externalAccountId: (account.access as { accountId?: string }).accountId ?? '',
      };
      const ingested = await this.ingestedVersions(tenantId, sourceId);
      for (const period of await reader.periods(context)) {
        if (ingested.get(period.period) === period.version) continue;
        outcome.periods.push(await this.ingestPeriod(reader, context, period, runId));
      }
      if (outcome.periods.some((period) => period.status === 'failed')) outcome.status = 'failed';
      await this.finish(tenantId, sourceId, runId, outcome.status, firstError(outcome));
    } catch (error) {
      const message = ingestionError(error);
      this.logger.warn(`cost source ${sourceId}: ${message}`);
      outcome.status = 'failed';
      await this.finish(tenantId, sourceId, runId, 'failed', message);
    }
    return outcome;
  }

  private async ingestPeriod(
    reader: BillReader,
    context: SourceContext,
    period: BillPeriod,
    runId: string,
  ): Promise<RunOutcome['periods'][number]> {
    const { source } = context;
    const record = await this.record(source, runId, period);
    try {
      const replaced = await this.writer.replace(
        {
          tenantId: source.tenantId,
          sourceId: source.id,
          accountId: source.accountId,
          provider: source.provider,
          billingPeriodStart: period.start,
          billingPeriodEnd: period.end,
        },
        reader.read(context, period),
        (manager, done) => this.afterReplace(manager, source, period, record, done),
      );
      this.logger.log(
        `${source.kind} ${source.id} ${period.period}: ${replaced.lineCount} lines (${Object.entries(
          replaced.timings,
        )
          .map(([step, ms]) => `${step} ${ms} ms`)
          .join(', ')})`,
      );
      return {
        period: period.period,
        status: 'succeeded',
        lineCount: replaced.lineCount,
        error: null,
      };
    } catch (error) {
      const message = ingestionError(error);
      await withTenant(this.dataSource, source.tenantId, (manager) =>
        manager
          .getRepository(CostIngestion)
          .update({ id: record.id }, { status: 'failed', error: message, finishedAt: new Date() }),
      );
      return { period: period.period, status: 'failed', lineCount: 0, error: message };
    }
  }

  private async afterReplace(
    manager: EntityManager,
    source: CostSource,
    period: BillPeriod,
    record: CostIngestion,
    replaced: ReplacedPeriod,
  ): Promise<void> {
    await publishCostIngested(this.outbox, manager, {
      tenantId: source.tenantId,
      sourceId: source.id,
      billingPeriodStart: period.start,
      kind: source.kind,
    });
    await manager.getRepository(CostIngestion).update(
      { id: record.id },
      {
        status: 'succeeded',
        lineCount: replaced.lineCount,
        totals: replaced.totals,
        finishedAt: new Date(),
      },
    );
    await this.budgets.evaluate(manager, source.tenantId, period.period);
  }

  private record(source: CostSource, runId: string, period: BillPeriod): Promise<CostIngestion> {
    return withTenant(this.dataSource, source.tenantId, (manager) =>
      manager.getRepository(CostIngestion).save({
        id: randomUUID(),
        tenantId: source.tenantId,
        sourceId: source.id,
        runId,
        billingPeriod: period.period,
        version: period.version.slice(0, 256),
        status: 'running',
        lineCount: 0,
        totals: {},
        error: null,
        startedAt: new Date(),
        finishedAt: null,
      }),
    );
  }

  /** The version of each period's latest successful ingestion. */
  private async ingestedVersions(tenantId: string, sourceId: string): Promise<Map<string, string>> {
    const rows = await withTenant(this.dataSource, tenantId, (manager) =>
      manager.query<{ billing_period: string; version: string }[]>(
        `SELECT DISTINCT ON (billing_period) billing_period, version FROM cost_ingestions
          WHERE tenant_id = $1 AND source_id = $2 AND status = 'succeeded'
          ORDER BY billing_period, finished_at DESC`,
        [tenantId, sourceId],
      ),
    );
    return new Map(rows.map((row) => [row.billing_period, row.version]));
  }

  private finish(
    tenantId: string,
    sourceId: string,
    runId: string,
    status: 'succeeded' | 'failed',
    error: string | null,
  ): Promise<unknown> {
    return withTenant(this.dataSource, tenantId, (manager) =>
      manager
        .getRepository(CostSource)
        .update(
          { id: sourceId, tenantId, lastRunId: runId },
          { lastRunStatus: status, lastRunError: error, lastRunAt: new Date() },
        ),
    );
  }
}

function firstError(outcome: RunOutcome): string | null {
  return outcome.periods.find((period) => period.error)?.error ?? null;
}
