import { randomBytes } from 'node:crypto';

import {
  type AccountAccess,
  AccountBreakers,
  type AwsAccountAccess,
  AwsClientPool,
  type AzureAccountAccess,
  AzureClientPool,
} from '@codex/connectors';
import { AZURE_SANDBOX, type AzureSandbox, localInfra, startAzureSandbox } from '@codex/testing';

import type { CostLine } from '../focus/cost-line';
import type { CostSource } from '../sources/cost-source.entity';
import { recentMonths } from './api-fallback-line';
import { CostExplorerReader } from './aws/cost-explorer-reader';
import { CostQueryReader } from './azure/cost-query-reader';
import type { BillReader, SourceContext } from './bill-reader';

jest.setTimeout(90_000);

const contextOf = (
  access: AccountAccess & { accountId: string },
  kind: CostSource['kind'],
): SourceContext => ({
  source: { id: `source-${randomBytes(4).toString('hex')}`, kind, settings: {} } as CostSource,
  account: { accountId: 'codex-account', tenantId: 'tenant', access },
  externalAccountId: access.accountId,
});

async function everyLine(
  reader: BillReader,
  context: SourceContext,
): Promise<Map<string, CostLine[]>> {
  const byPeriod = new Map<string, CostLine[]>();
  for (const period of await reader.periods(context)) {
    const lines: CostLine[] = [];
    for await (const batch of reader.read(context, period)) lines.push(...batch);
    byPeriod.set(period.period, lines);
  }
  return byPeriod;
}

const cents = (lines: CostLine[], field: 'billedCost' | 'effectiveCost') =>
  Math.round(lines.reduce((sum, line) => sum + line[field], 0) * 100);

describe('the cost API fallbacks against their peers', () => {
  const months = recentMonths(3);

  it('Cost Explorer (moto): daily unblended and amortised cost per service and region of three months, nothing allocated', async () => {
    const accountId = '123456789012';
    const access: AwsAccountAccess = {
      provider: 'aws',
      accountId,
      regions: ['us-east-1'],
      endpoint: localInfra().motoUrl,
      credentials: {
        kind: 'access-keys',
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      },
    };
    const day = (period: string, index: number) =>
      `${period}-${String(index + 1).padStart(2, '0')}`;
    const results = months.map((period, month) => ({
      ResultsByTime: [0, 1].map((index) => ({
        TimePeriod: { Start: day(period, index), End: day(period, index + 1) },
        Total: {},
        Estimated: false,
        Groups: [
          {
            Keys: ['AmazonEC2', 'us-east-1'],
            Metrics: {
              UnblendedCost: { Amount: String(10 + month + index / 100), Unit: 'USD' },
              AmortizedCost: { Amount: String(8 + month), Unit: 'USD' },
              UsageQuantity: { Amount: '24', Unit: 'N/A' },
            },
          },
          {
            Keys: ['AmazonS3', 'NoRegion'],
            Metrics: {
              UnblendedCost: { Amount: '0.25', Unit: 'USD' },
              AmortizedCost: { Amount: '0.25', Unit: 'USD' },
              UsageQuantity: { Amount: '0', Unit: 'N/A' },
            },
          },
        ],
      })),
      DimensionValueAttributes: [],
    }));
    const seeded = await fetch(
      `${localInfra().motoUrl}/moto-api/static/ce/cost-and-usage-results`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ results }),
      },
    );
    expect(seeded.status).toBe(201);
    const reader = new CostExplorerReader(new AwsClientPool(new AccountBreakers()));
    const lines = await everyLine(reader, contextOf(access, 'aws-cost-explorer'));
    // Cost Explorer's end date is exclusive: on a month's first day that month has no day yet.
    const today = new Date().toISOString().slice(0, 10);
    const begun = months.filter((period) => `${period}-01` < today);
    expect([...lines.keys()]).toEqual(begun);
    begun.forEach((period, month) => {
      const monthLines = lines.get(period) ?? [];
      expect(monthLines).toHaveLength(4);
      expect(cents(monthLines, 'billedCost')).toBe(
        Math.round((2 * (10 + month) + 0.01 + 0.5) * 100),
      );
      expect(cents(monthLines, 'effectiveCost')).toBe(Math.round((2 * (8 + month) + 0.5) * 100));
      expect(
        monthLines.every((line) => line.resourceId === null && line.resourceUrn === null),
      ).toBe(true);
      expect(new Set(monthLines.map((line) => line.regionId))).toEqual(
        new Set(['us-east-1', null]),
      );
    });
  });

  describe('the Cost Management query (Azure sandbox)', () => {
    let sandbox: AzureSandbox;
    const subscription = AZURE_SANDBOX.subscriptions[0];
    const access = (): AzureAccountAccess => ({
      provider: 'azure',
      accountId: subscription,
      regions: [],
      endpoint: sandbox.url,
      credentials: {
        kind: 'client-secret',
        tenantId: AZURE_SANDBOX.tenantId,
        clientId: AZURE_SANDBOX.clientId,
        clientSecret: AZURE_SANDBOX.clientSecret,
      },
    });
    const control = async (method: string, path: string, body: unknown) => {
      const response = await fetch(`${sandbox.url}/_sandbox/${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBeLessThan(300);
    };

    beforeAll(async () => {
      sandbox = await startAzureSandbox();
    });

    afterAll(async () => {
      await sandbox?.stop();
    });

    it('reads actual and amortised cost per resource and service, following nextLink pages and riding out 429s', async () => {
      const rows = months.flatMap((period) =>
        Array.from({ length: 120 }, (_, index) => {
          const vm = `vm-${index % 40}`;
          return {
            ChargePeriodStart: `${period}-${String((index % 2) + 1).padStart(2, '0')}T00:00:00Z`,
            BilledCost: (1 + index / 1000).toFixed(6),
            EffectiveCost: (0.75 + index / 1000).toFixed(6),
            BillingCurrency: 'USD',
            ChargeCategory: 'Usage',
            ServiceName: index % 3 === 0 ? 'Storage' : 'Virtual Machines',
            ResourceId: `/subscriptions/${subscription}/resourceGroups/rg-cost/providers/Microsoft.Compute/virtualMachines/${vm}`,
            RegionId: 'eastus',
            x_ResourceGroupName: 'rg-cost',
          };
        }),
      );
      await control('PUT', `cost/subscriptions/${subscription}/rows`, { rows });
      await control('POST', 'config', { costPageSize: 25 });
      await control('POST', 'cost/faults', { status: 429, count: 2 });
      const reader = new CostQueryReader(
        new AzureClientPool(new AccountBreakers(), { maxRetries: 4, maxRetryDelayMs: 2_000 }),
      );
      const lines = await everyLine(reader, contextOf(access(), 'azure-cost-query'));
      const faults = (await (await fetch(`${sandbox.url}/_sandbox/cost/faults`)).json()) as {
        remaining: number;
        throttled: number;
      };
      expect(faults).toMatchObject({ remaining: 0, throttled: 2 });
      const today = new Date().toISOString().slice(0, 10);
      for (const period of months) {
        const seeded = rows.filter(
          (row) =>
            row.ChargePeriodStart.startsWith(period) && row.ChargePeriodStart.slice(0, 10) < today,
        );
        const monthLines = lines.get(period) ?? [];
        const sum = (field: 'BilledCost' | 'EffectiveCost') =>
          Math.round(seeded.reduce((total, row) => total + Number(row[field]), 0) * 100);
        expect({
          period,
          billed: cents(monthLines, 'billedCost'),
          effective: cents(monthLines, 'effectiveCost'),
        }).toEqual({
          period,
          billed: sum('BilledCost'),
          effective: sum('EffectiveCost'),
        });
        expect(
          monthLines.every(
            (line) =>
              line.resourceId?.toLowerCase().includes('/virtualmachines/vm-') &&
              line.resourceUrn === null,
          ),
        ).toBe(true);
      }
    });
  });
});
