import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { localInfra, REPO_ROOT } from '@codex/testing';

/** One EC2 instance's usage of one day, as a CUR 2.0 line bills it. */
export interface InstanceDay {
  day: string;
  instanceType: string;
  hourlyRate: number;
}

export interface InstanceBillTarget {
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  bucket: string;
  prefix: string;
  exportName: string;
  accountId: string;
  region: string;
  instanceId: string;
}

const DAY_MS = 86_400_000;

/** The line item of one day: 24 hours of the instance at its rate. */
function usageRow(target: InstanceBillTarget, { day, instanceType, hourlyRate }: InstanceDay) {
  const start = new Date(`${day}T00:00:00Z`);
  const month = day.slice(0, 7);
  const periodStart = new Date(`${month}-01T00:00:00Z`);
  const periodEnd = new Date(
    Date.UTC(periodStart.getUTCFullYear(), periodStart.getUTCMonth() + 1, 1),
  );
  const cost = Math.round(hourlyRate * 24 * 1e6) / 1e6;
  return {
    bill_billing_period_start_date: periodStart.toISOString(),
    bill_billing_period_end_date: periodEnd.toISOString(),
    bill_payer_account_id: target.accountId,
    bill_invoice_id: '100000001',
    bill_billing_entity: 'AWS',
    line_item_usage_account_id: target.accountId,
    line_item_line_item_type: 'Usage',
    line_item_usage_start_date: start.toISOString(),
    line_item_usage_end_date: new Date(start.getTime() + DAY_MS).toISOString(),
    line_item_product_code: 'AmazonEC2',
    line_item_usage_type: `BoxUsage:${instanceType}`,
    line_item_operation: 'RunInstances',
    line_item_resource_id: target.instanceId,
    line_item_usage_amount: 24,
    line_item_unblended_rate: hourlyRate,
    line_item_unblended_cost: cost,
    line_item_currency_code: 'USD',
    line_item_line_item_description: `$${hourlyRate} per On Demand Linux ${instanceType} Instance Hour`,
    product_region_code: target.region,
    product_servicecode: 'AmazonEC2',
    product_product_family: 'Compute Instance',
    product_sku: `SKU${instanceType.replace(/\W/g, '')}`,
    pricing_unit: 'Hrs',
    pricing_public_on_demand_cost: cost,
    pricing_public_on_demand_rate: hourlyRate,
    reservation_effective_cost: null,
    reservation_reservation_a_r_n: '',
    reservation_unused_amortized_upfront_fee_for_billing_period: null,
    reservation_unused_recurring_fee: null,
    savings_plan_savings_plan_a_r_n: '',
    savings_plan_savings_plan_effective_cost: null,
    savings_plan_total_commitment_to_date: null,
    savings_plan_used_commitment: null,
    resource_tags: {},
  };
}

/**
 * Delivers a CUR 2.0 Data Export (Parquet) billing one instance day by day into moto S3, one
 * delivery per billing period, with the sandbox's own writer (tools/sandbox/cost), run as a
 * child process since that code is plain ES modules.
 */
export function writeInstanceBills(
  target: InstanceBillTarget,
  days: readonly InstanceDay[],
  executionId: string,
): void {
  const out = mkdtempSync(join(tmpdir(), 'codex-instance-bills-'));
  const periods: Record<string, ReturnType<typeof usageRow>[]> = {};
  for (const day of days) (periods[day.day.slice(0, 7)] ??= []).push(usageRow(target, day));
  const plan = join(out, 'plan.json');
  writeFileSync(
    plan,
    JSON.stringify({ endpoint: localInfra().motoUrl, target, periods, executionId }),
  );
  const tools = join(REPO_ROOT, 'tools/sandbox/cost');
  const script = `
    import { readFileSync } from 'node:fs';
    import { s3Client } from ${JSON.stringify(pathToFileURL(join(tools, 'deliver.mjs')).href)};
    import { writeCurExport } from ${JSON.stringify(pathToFileURL(join(tools, 'writers.mjs')).href)};
    const { endpoint, target, periods, executionId } = JSON.parse(readFileSync(process.argv[1], 'utf8'));
    const s3 = s3Client(endpoint, target.credentials, target.region);
    for (const [period, rows] of Object.entries(periods)) {
      await writeCurExport(s3, { bucket: target.bucket, prefix: target.prefix, exportName: target.exportName,
        period, executionId: executionId + '-' + period, rows, format: 'parquet', accountId: target.accountId });
    }`;
  execFileSync(process.execPath, ['--input-type=module', '-e', script, plan], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
