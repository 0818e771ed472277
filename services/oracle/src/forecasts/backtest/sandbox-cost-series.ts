// The sandbox's bills (tools/sandbox/cost/generate.mjs, 90 days, a fixed estate and end) as the
// product sees them: billed cost per day, per provider, per account and per service.
// The .mjs files are imported by path: the build turns import() into require(), which loads ES
// modules in Node 24.
// Horizon 30 days, origins every 7 days from day 32 to day 60, seasonal naive of a week.
import { join } from 'node:path';

import { DAY_MS } from '../model/series-grid';
import type { BacktestSeries } from './rolling-origin';
import { SANDBOX_AWS_GCP_ESTATE, SANDBOX_END, toCostEstate } from './sandbox-estate';

const DAYS = 90;
const HORIZON = 30;
const ORIGINS = [32, 39, 46, 53, 60];

interface Bills {
  aws: { periods: Record<string, { rows: Record<string, unknown>[] }> };
  gcp: {
    rows: {
      usage_start_time: string;
      cost: number;
      credits: { amount: number }[];
      service: { description: string };
      project: { id: string };
    }[];
  };
  azure: { periods: { rows: Record<string, string>[] }[] };
}

interface DailyCost {
  day: string;
  keys: string[];
  billed: number;
}

function dailyCosts(bills: Bills): DailyCost[] {
  const aws = Object.values(bills.aws.periods).flatMap((p) =>
    p.rows.map((r) => ({
      day: String(r.line_item_usage_start_date).slice(0, 10),
      keys: [
        'aws',
        `aws account ${String(r.line_item_usage_account_id)}`,
        `aws service ${String(r.product_servicecode ?? r.line_item_product_code)}`,
      ],
      billed: Number(r.line_item_unblended_cost ?? 0),
    })),
  );
  const gcp = bills.gcp.rows.map((r) => ({
    day: r.usage_start_time.slice(0, 10),
    keys: ['gcp', `gcp project ${r.project.id}`, `gcp service ${r.service.description}`],
    billed: r.cost + r.credits.reduce((s, c) => s + c.amount, 0),
  }));
  const azure = bills.azure.periods.flatMap((p) =>
    p.rows.map((r) => ({
      day: (r.ChargePeriodStart ?? '').slice(0, 10),
      keys: ['azure', `azure subscription ${r.SubAccountName}`, `azure service ${r.ServiceName}`],
      billed: Number(r.BilledCost),
    })),
  );
  return [...aws, ...gcp, ...azure];
}

export async function sandboxCostSeries(repoRoot: string): Promise<BacktestSeries[]> {
  const tools = join(repoRoot, 'tools/sandbox');
  const generator = (await import(join(tools, 'cost/generate.mjs'))) as {
    generateCost: (options: { end: string; days: number; estate: unknown }) => Bills;
  };
  const azure = (await import(join(tools, 'azure/estate.mjs'))) as {
    buildEstate: (options: { vms: number; now: number }) => { machines: Record<string, unknown>[] };
  };
  const estate = toCostEstate(
    SANDBOX_AWS_GCP_ESTATE,
    azure.buildEstate({ vms: 44, now: Date.parse(SANDBOX_END) }).machines,
  );
  const bills = generator.generateCost({ end: SANDBOX_END, days: DAYS, estate });

  const start = Date.parse(SANDBOX_END) - (DAYS - 1) * DAY_MS;
  const series = new Map<string, number[]>();
  for (const { day, keys, billed } of dailyCosts(bills)) {
    const index = Math.round((Date.parse(day) - start) / DAY_MS);
    if (index < 0 || index >= DAYS) continue;
    for (const key of keys) {
      const values = series.get(key) ?? new Array<number>(DAYS).fill(0);
      values[index]! += billed;
      series.set(key, values);
    }
  }
  return [...series.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, values]) => ({
      name,
      grid: { start, interval: DAY_MS, values },
      period: 7,
      horizon: HORIZON,
      origins: ORIGINS,
    }));
}
