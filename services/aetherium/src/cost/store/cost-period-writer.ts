import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { withTenant } from '@codex/persistence';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource, EntityManager } from 'typeorm';

import { COPY_COLUMNS, copyRow, PERIOD_COLUMNS } from '../focus/copy-rows';
import type { CostLine } from '../focus/cost-line';
import { GROUP_COLUMNS, PeriodGroups } from './period-groups';
import { type PeriodTotals, toPeriodTotals } from './period-totals';
import { CREATE_GROUPS, DELETE_ROLLUPS, GROUPS, INSERT_ROLLUPS } from './rollup-sql';

export interface PeriodToReplace {
  tenantId: string;
  sourceId: string;
  accountId: string;
  provider: string;
  billingPeriodStart: Date;
  billingPeriodEnd: Date;
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
const ALL_COLUMNS = [...PERIOD_COLUMNS, ...COPY_COLUMNS].join(', ');
const STAGE = 'cost_line_items_stage';

/**
 * Replaces one billing period of a source with the lines read now, in one transaction (ADR 22):
 * the lines are checked to belong to the period and COPYed into a temporary table (COPY FROM does
 * not run under row-level security), then swapped in for the period's old rows; the rollups of
 * the period are rebuilt from the groups summed on the way. Anything that fails — a file that does not parse, a line outside
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
      const groups = new PeriodGroups(period.provider);
      const lineCount = await this.copy(manager, period, batches, groups);
      lap('read and copy');
      const key = [period.tenantId, period.sourceId, period.billingPeriodStart];
      await manager.query(
        `DELETE FROM cost_line_items WHERE tenant_id = $1 AND source_id = $2 AND billing_period_start = $3`,
        key,
      );
      lap('delete');
      await manager.query(
        `INSERT INTO cost_line_items (${ALL_COLUMNS})
         SELECT $1, $2, $3, $4, $5, $6, ${COLUMNS} FROM ${STAGE}`,
        [
          period.tenantId,
          period.sourceId,
          period.accountId,
          period.provider,
          period.billingPeriodStart,
          period.billingPeriodEnd,
        ],
      );
      lap('insert');
      await this.rebuildRollups(manager, key, groups);
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

  /** The period's rollup rows, replaced by sums of its groups. */
  private async rebuildRollups(
    manager: EntityManager,
    key: unknown[],
    groups: PeriodGroups,
  ): Promise<void> {
    for (const statement of DELETE_ROLLUPS) await manager.query(statement, key);
    await manager.query(CREATE_GROUPS);
    await pipeline(
      Readable.from(groups.rows()),
      (await rawClient(manager)).query(copyFrom(`COPY ${GROUPS} (${GROUP_COLUMNS}) FROM STDIN`)),
    );
    for (const statement of INSERT_ROLLUPS) await manager.query(statement, key);
  }

  private async copy(
    manager: EntityManager,
    period: PeriodToReplace,
    batches: AsyncIterable<CostLine[]>,
    groups: PeriodGroups,
  ): Promise<number> {
    const client = manager.queryRunner?.connection.driver && (await rawClient(manager));
    if (!client) throw new Error('COPY needs the transaction of a PostgreSQL connection');
    const start = period.billingPeriodStart.getTime();
    let count = 0;
    async function* text(): AsyncGenerator<string> {
      for await (const lines of batches) {
        let chunk = '';
        for (const line of lines) {
          if (line.billingPeriodStart.getTime() !== start) outsidePeriod(line, period);
          chunk += copyRow(line);
          groups.add(line);
        }
        count += lines.length;
        if (chunk) yield chunk;
      }
    }
    await pipeline(
      // Batches are decoded ahead while PostgreSQL parses the last ones, on the other core.
      Readable.from(text(), { highWaterMark: 4 }),
      client.query(copyFrom(`COPY ${STAGE} (${COLUMNS}) FROM STDIN`)),
    );
    return count;
  }
}

function outsidePeriod(line: CostLine, period: PeriodToReplace): never {
  throw new Error(
    `a line of billing period ${line.billingPeriodStart.toISOString()} was delivered with ${period.billingPeriodStart.toISOString()}`,
  );
}

async function rawClient(manager: EntityManager): Promise<PoolClient> {
  const runner = manager.queryRunner as unknown as { connect(): Promise<PoolClient> };
  return runner.connect();
}
