import { createHash } from 'node:crypto';

import {
  CostManagementClient,
  type QueryDefinition,
  type QueryResult,
} from '@azure/arm-costmanagement';
import { createPipelineRequest } from '@azure/core-rest-pipeline';
import type { AzureAccountAccess, AzureClientPool } from '@codex/connectors';

import type { CostLine } from '../../focus/cost-line';
import { aggregatedLine, recentMonths } from '../api-fallback-line';
import {
  BillFormatError,
  type BillPeriod,
  type BillReader,
  monthBounds,
  type SourceContext,
} from '../bill-reader';
import { text } from '../values';

const ARM_SCOPE = 'https://management.azure.com/.default';
const MONTHS = 3;

type Row = { day: string; resourceId: string; service: string; currency: string; cost: number };

/**
 * The Cost Management query API, for a subscription without a FocusCost export: daily actual
 * and amortised cost per resource and service of the last three months. The answers carry no
 * region, so a resource cannot be matched to the inventory and its cost is unallocated.
 */
export class CostQueryReader implements BillReader {
  readonly kind = 'azure-cost-query' as const;
  private readonly answers = new Map<string, CostLine[]>();

  constructor(private readonly pool: AzureClientPool) {}

  async periods(context: SourceContext): Promise<BillPeriod[]> {
    const periods: BillPeriod[] = [];
    for (const period of recentMonths(MONTHS)) {
      const lines = await this.lines(context, period);
      if (lines.length === 0) continue;
      this.answers.set(`${context.source.id}|${period}`, lines);
      const digest = createHash('sha256')
        .update(
          JSON.stringify(
            lines.map((line) => [
              line.chargePeriodStart,
              line.resourceId,
              line.serviceName,
              line.billedCost,
              line.effectiveCost,
            ]),
          ),
        )
        .digest('hex')
        .slice(0, 32);
      periods.push({ period, ...monthBounds(period), version: digest });
    }
    return periods;
  }

  async *read(context: SourceContext, period: BillPeriod): AsyncGenerator<CostLine[]> {
    const key = `${context.source.id}|${period.period}`;
    const lines = this.answers.get(key) ?? (await this.lines(context, period.period));
    this.answers.delete(key);
    yield lines;
  }

  private async lines(context: SourceContext, period: string): Promise<CostLine[]> {
    const access = context.account.access as AzureAccountAccess;
    const bounds = monthBounds(period);
    const last = new Date(Math.min(bounds.end.getTime(), Date.now()) - 86_400_000);
    if (last < bounds.start) return [];
    const actual = await this.query(access, 'ActualCost', bounds.start, last);
    const amortised = new Map(
      (await this.query(access, 'AmortizedCost', bounds.start, last)).map((row) => [
        keyOf(row),
        row.cost,
      ]),
    );
    return actual.map((row) =>
      aggregatedLine(
        {
          day: row.day,
          billingAccountId: access.accountId,
          subAccountId: access.accountId,
          service: row.service,
          serviceCategory: 'Other',
          regionId: null,
          resourceId: row.resourceId || null,
          billed: row.cost,
          effective: amortised.get(keyOf(row)) ?? 0,
          quantity: 0,
          currency: row.currency,
          issuer: 'Microsoft',
        },
        bounds,
      ),
    );
  }

  private async query(
    access: AzureAccountAccess,
    type: 'ActualCost' | 'AmortizedCost',
    from: Date,
    to: Date,
  ): Promise<Row[]> {
    const client = this.pool.client(
      'costmanagement',
      access,
      (credential, options) =>
        new CostManagementClient(credential, { ...options, credentialScopes: [ARM_SCOPE] }),
    );
    const definition: QueryDefinition = {
      type,
      timeframe: 'Custom',
      timePeriod: { from, to },
      dataset: {
        granularity: 'Daily',
        aggregation: { totalCost: { name: 'Cost', function: 'Sum' } },
        grouping: [
          { type: 'Dimension', name: 'ResourceId' },
          { type: 'Dimension', name: 'ServiceName' },
        ],
      },
    };
    const rows: Row[] = [];
    let page: QueryResult = await client.query.usage(
      `subscriptions/${access.accountId}`,
      definition,
    );
    for (;;) {
      rows.push(...rowsOf(page));
      if (!page.nextLink) return rows;
      // The SDK does not follow a query's nextLink; Azure wants the same body POSTed to it.
      const response = await client.sendRequest(
        createPipelineRequest({
          url: page.nextLink,
          method: 'POST',
          body: JSON.stringify(definition),
          headers: undefined,
        }),
      );
      if (response.status !== 200 || !response.bodyAsText) {
        throw new BillFormatError(page.nextLink, `the next page answered ${response.status}`);
      }
      page = (JSON.parse(response.bodyAsText) as { properties?: QueryResult }).properties ?? {};
    }
  }
}

function rowsOf(result: QueryResult): Row[] {
  const columns = (result.columns ?? []).map((column) => column.name ?? '');
  const at = (name: string) => columns.indexOf(name);
  return (result.rows ?? []).map((values: unknown[]) => {
    const date = text(values[at('UsageDate')]) ?? '';
    return {
      day: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`,
      resourceId: text(values[at('ResourceId')]) ?? '',
      service: text(values[at('ServiceName')]) ?? 'Unknown',
      currency: text(values[at('Currency')]) ?? 'USD',
      cost: Number(values[at('Cost')] ?? 0),
    };
  });
}

const keyOf = (row: Row) => `${row.day}|${row.resourceId}|${row.service}|${row.currency}`;
