import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { withTenant } from '@codex/persistence';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource, EntityManager } from 'typeorm';

import { type BatchColumns, batchPrefix, COPY_COLUMNS, copyRow } from '../focus/copy-rows';
import type { CostLine } from '../focus/cost-line';
import { type PeriodTotals, toPeriodTotals } from './period-totals';
import { DELETE_ROLLUPS, groupLines, INSERT_ROLLUPS } from './rollup-sql';

export interface PeriodToReplace extends BatchColumns {
  billingPeriodStart: Date;
}

export interface ReplacedPeriod {
  lineCount: number;
  totals: PeriodTotals;
  /** Milliseconds of each step, for the ingestion's log line. */
  timings: Record<string, number>;
}

/** Runs after the period's rows and rollups are in place, in the same transaction. */
export type AfterReplace = (manager: EntityManager, replaced: ReplacedPeriod) => Promise<void>;

const COLUMNS = COPY_COLUMNS.join(', ');
const STAGE = 'cost_line_items_stage';

/**
 * Replaces one billing period of a source with the lines read now, in one transaction (ADR 22):
 * the lines are COPYed into a temporary table (COPY FROM does not run under row-level security),
 * checked to belong to the period, then swapped in for the period's old rows; the rollups of the
 * period are rebuilt from them. Anything that fails — a file that does not parse, a line outside
 * the period — rolls all of it back, so a period is never half-ingested.
 */
export class CostPeriodWriter {
  constructor(private readonly dataSource: DataSource) {}

  replace(
    period: PeriodToReplace,
    batches: AsyncIterable<CostLine[]>,
    after: AfterReplace,
  ): Promise<ReplacedPeriod> {
    return withTenant(this.dataSource, period.tenantId, async (manager) => {
      const timings: Record<string, number> = {};
      let mark = performance.now();
      const lap = (step: string) => {
        const now = performance.now();
        timings[step] = Math.round(now - mark);
        mark = now;
      };
      // Sums over a period's lines group in memory rather than sort on disk.
      await manager.query(`SET LOCAL work_mem = '128MB'`);
      await manager.query(
        `CREATE TEMPORARY TABLE ${STAGE} ON COMMIT DROP AS SELECT ${COLUMNS} FROM cost_line_items WITH NO DATA`,
      );
      const lineCount = await this.copy(manager, period, batches);
      lap('read and copy');
      await this.checkPeriod(manager, period);
      const key = [period.tenantId, period.sourceId, period.billingPeriodStart];
      await manager.query(
        `DELETE FROM cost_line_items WHERE tenant_id = $1 AND source_id = $2 AND billing_period_start = $3`,
        key,
      );
      lap('delete');
      await manager.query(
        `INSERT INTO cost_line_items (${COLUMNS}) SELECT ${COLUMNS} FROM ${STAGE}`,
      );
      lap('insert');
      for (const statement of DELETE_ROLLUPS) await manager.query(statement, key);
      await manager.query(groupLines(STAGE));
      for (const statement of INSERT_ROLLUPS) await manager.query(statement, key);
      lap('rollups');
      const totals = toPeriodTotals(
        await manager.query(
          `SELECT billing_currency, SUM(billed_cost)::text AS billed, SUM(effective_cost)::text AS effective
             FROM ${STAGE} GROUP BY billing_currency ORDER BY billing_currency`,
        ),
      );
      const replaced = { lineCount, totals, timings };
      await after(manager, replaced);
      lap('events and budgets');
      return replaced;
    });
  }

  private async copy(
    manager: EntityManager,
    period: PeriodToReplace,
    batches: AsyncIterable<CostLine[]>,
  ): Promise<number> {
    const client = manager.queryRunner?.connection.driver && (await rawClient(manager));
    if (!client) throw new Error('COPY needs the transaction of a PostgreSQL connection');
    const prefix = batchPrefix(period);
    let count = 0;
    async function* text(): AsyncGenerator<string> {
      for await (const lines of batches) {
        let chunk = '';
        for (const line of lines) chunk += copyRow(prefix, line);
        count += lines.length;
        if (chunk) yield chunk;
      }
    }
    await pipeline(
      Readable.from(text()),
      client.query(copyFrom(`COPY ${STAGE} (${COLUMNS}) FROM STDIN`)),
    );
    return count;
  }

  private async checkPeriod(manager: EntityManager, period: PeriodToReplace): Promise<void> {
    const [outside] = await manager.query<{ billing_period_start: Date }[]>(
      `SELECT billing_period_start FROM ${STAGE} WHERE billing_period_start <> $1 LIMIT 1`,
      [period.billingPeriodStart],
    );
    if (outside) {
      throw new Error(
        `a line of billing period ${outside.billing_period_start.toISOString()} was delivered with ${period.billingPeriodStart.toISOString()}`,
      );
    }
  }
}

async function rawClient(manager: EntityManager): Promise<PoolClient> {
  const runner = manager.queryRunner as unknown as { connect(): Promise<PoolClient> };
  return runner.connect();
}
