import { createHash } from 'node:crypto';

import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  type ResultByTime,
} from '@aws-sdk/client-cost-explorer';
import type { AwsAccountAccess, AwsClientPool } from '@codex/connectors';

import type { CostLine } from '../../focus/cost-line';
import { aggregatedLine, recentMonths } from '../api-fallback-line';
import { type BillPeriod, type BillReader, monthBounds, type SourceContext } from '../bill-reader';
import { decimal } from '../values';
import { awsService } from './aws-services';

const MONTHS = 3;

/**
 * Cost Explorer, for an account without a Data Export: daily unblended and amortised cost per
 * service and region of the last three months. Nothing names a resource, so all of it is
 * unallocated. A month's version is a digest of what Cost Explorer answered for it.
 */
export class CostExplorerReader implements BillReader {
  readonly kind = 'aws-cost-explorer' as const;
  private readonly answers = new Map<string, ResultByTime[]>();

  constructor(private readonly pool: AwsClientPool) {}

  async periods(context: SourceContext): Promise<BillPeriod[]> {
    const periods: BillPeriod[] = [];
    for (const period of recentMonths(MONTHS)) {
      const results = await this.fetch(context, period);
      this.answers.set(`${context.source.id}|${period}`, results);
      const digest = createHash('sha256')
        .update(JSON.stringify(results))
        .digest('hex')
        .slice(0, 32);
      if (results.some((result) => (result.Groups ?? []).length > 0)) {
        periods.push({ period, ...monthBounds(period), version: digest });
      }
    }
    return periods;
  }

  async *read(context: SourceContext, period: BillPeriod): AsyncGenerator<CostLine[]> {
    const key = `${context.source.id}|${period.period}`;
    const results = this.answers.get(key) ?? (await this.fetch(context, period.period));
    this.answers.delete(key);
    const lines: CostLine[] = [];
    for (const result of results) {
      const day = result.TimePeriod?.Start ?? '';
      for (const group of result.Groups ?? []) {
        const [service = 'Unknown', region = ''] = group.Keys ?? [];
        const metric = (name: string) => decimal(group.Metrics?.[name]?.Amount) ?? 0;
        lines.push(
          aggregatedLine(
            {
              day,
              billingAccountId: context.externalAccountId,
              subAccountId: context.externalAccountId,
              service,
              serviceCategory: awsService(service).category,
              regionId: region && region !== 'NoRegion' ? region : null,
              resourceId: null,
              billed: metric('UnblendedCost'),
              effective: metric('AmortizedCost'),
              quantity: metric('UsageQuantity'),
              currency: group.Metrics?.UnblendedCost?.Unit ?? 'USD',
              issuer: 'AWS',
            },
            period,
          ),
        );
      }
    }
    yield lines;
  }

  private async fetch(context: SourceContext, period: string): Promise<ResultByTime[]> {
    const client = this.pool.client(
      CostExplorerClient,
      context.account.access as AwsAccountAccess,
      'us-east-1',
    );
    const { start, end } = monthBounds(period);
    const today = new Date().toISOString().slice(0, 10);
    const until = end.toISOString().slice(0, 10) < today ? end.toISOString().slice(0, 10) : today;
    if (until <= start.toISOString().slice(0, 10)) return [];
    const results: ResultByTime[] = [];
    let token: string | undefined;
    do {
      const answer = await client.send(
        new GetCostAndUsageCommand({
          TimePeriod: { Start: start.toISOString().slice(0, 10), End: until },
          Granularity: 'DAILY',
          Metrics: ['UnblendedCost', 'AmortizedCost', 'UsageQuantity'],
          GroupBy: [
            { Type: 'DIMENSION', Key: 'SERVICE' },
            { Type: 'DIMENSION', Key: 'REGION' },
          ],
          NextPageToken: token,
        }),
      );
      results.push(...(answer.ResultsByTime ?? []));
      token = answer.NextPageToken;
    } while (token);
    return results;
  }
}
