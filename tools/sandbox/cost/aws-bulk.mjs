// Many CUR 2.0 usage lines fast, for benchmarks: hourly EC2 usage over `resources`
// instances, as columns (what the Parquet writer takes), `lineItems` rows exactly.
import { mulberry32 } from '../rng.mjs';
import { CUR_COLUMNS } from './aws-bill.mjs';
import { monthBounds } from './model.mjs';

const TYPES = [
  ['m5.large', 0.096],
  ['t3.medium', 0.0416],
  ['c5.xlarge', 0.17],
  ['r5.large', 0.126],
];

export function generateAwsBulk({ lineItems, resources = 1000, month, seed = 7 }) {
  const random = mulberry32(seed);
  const bounds = monthBounds(month);
  const start = Date.parse(bounds.start);
  const hours = bounds.days * 24;
  const account = '123456789012';
  const ids = Array.from(
    { length: resources },
    (_, i) => `i-${(0x0a000000000000 + i * 7919 + seed).toString(16).padStart(17, '0')}`,
  );
  const teams = ['payments', 'web', 'data', 'platform'];
  const tagMaps = teams.map((team) => ({ user_team: team, user_env: 'production' }));
  const columns = Object.fromEntries(
    CUR_COLUMNS.map(({ name, type }) => [
      name,
      type === 'double' ? new Float64Array(lineItems) : new Array(lineItems),
    ]),
  );
  const startDates = Array.from({ length: hours }, (_, h) => new Date(start + h * 3_600_000));
  const periodStart = new Date(bounds.start);
  const periodEnd = new Date(bounds.end);
  for (let i = 0; i < lineItems; i++) {
    const resource = i % resources;
    const hour = Math.floor(i / resources) % hours;
    const [type, rate] = TYPES[resource % TYPES.length];
    const amount = 0.5 + Math.round(random() * 500) / 1000;
    columns.bill_billing_period_start_date[i] = periodStart;
    columns.bill_billing_period_end_date[i] = periodEnd;
    columns.bill_payer_account_id[i] = account;
    columns.bill_invoice_id[i] = '';
    columns.bill_billing_entity[i] = 'AWS';
    columns.line_item_usage_account_id[i] = account;
    columns.line_item_line_item_type[i] = 'Usage';
    columns.line_item_usage_start_date[i] = startDates[hour];
    columns.line_item_usage_end_date[i] = startDates[hour + 1] ?? periodEnd;
    columns.line_item_product_code[i] = 'AmazonEC2';
    columns.line_item_usage_type[i] = `BoxUsage:${type}`;
    columns.line_item_operation[i] = 'RunInstances';
    columns.line_item_resource_id[i] = ids[resource];
    columns.line_item_usage_amount[i] = amount;
    columns.line_item_unblended_rate[i] = rate;
    columns.line_item_unblended_cost[i] = Math.round(amount * rate * 1e6) / 1e6;
    columns.line_item_currency_code[i] = 'USD';
    columns.line_item_line_item_description[i] =
      `$${rate} per On Demand Linux ${type} Instance Hour`;
    columns.product_region_code[i] = 'us-east-1';
    columns.product_servicecode[i] = 'AmazonEC2';
    columns.product_product_family[i] = 'Compute Instance';
    columns.product_sku[i] = type;
    columns.pricing_unit[i] = 'Hrs';
    columns.pricing_public_on_demand_cost[i] = columns.line_item_unblended_cost[i];
    columns.pricing_public_on_demand_rate[i] = rate;
    columns.reservation_reservation_a_r_n[i] = '';
    columns.savings_plan_savings_plan_a_r_n[i] = '';
    columns.resource_tags[i] = tagMaps[resource % tagMaps.length];
  }
  for (const name of [
    'reservation_effective_cost',
    'reservation_unused_amortized_upfront_fee_for_billing_period',
    'reservation_unused_recurring_fee',
    'savings_plan_savings_plan_effective_cost',
    'savings_plan_total_commitment_to_date',
    'savings_plan_used_commitment',
  ]) {
    columns[name] = new Array(lineItems).fill(null);
  }
  return { length: lineItems, columns };
}
