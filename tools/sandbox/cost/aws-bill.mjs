// AWS: CUR 2.0 (Data Exports) rows, daily, with a savings plan, credits, a refund, tax and a
// NAT gateway Codex does not inventory. Amounts are micro-dollars until a row is written.
import { planted } from './anomalies.mjs';
import { dailyShape, isProduction, monthBounds, stableDigits, stableUuid, usd } from './model.mjs';

/** The CUR 2.0 columns the bill carries, with their Parquet/manifest types. */
export const CUR_COLUMNS = [
  ['bill_billing_period_start_date', 'timestamp'],
  ['bill_billing_period_end_date', 'timestamp'],
  ['bill_payer_account_id', 'string'],
  ['bill_invoice_id', 'string'],
  ['bill_billing_entity', 'string'],
  ['line_item_usage_account_id', 'string'],
  ['line_item_line_item_type', 'string'],
  ['line_item_usage_start_date', 'timestamp'],
  ['line_item_usage_end_date', 'timestamp'],
  ['line_item_product_code', 'string'],
  ['line_item_usage_type', 'string'],
  ['line_item_operation', 'string'],
  ['line_item_resource_id', 'string'],
  ['line_item_usage_amount', 'double'],
  ['line_item_unblended_rate', 'double'],
  ['line_item_unblended_cost', 'double'],
  ['line_item_currency_code', 'string'],
  ['line_item_line_item_description', 'string'],
  ['product_region_code', 'string'],
  ['product_servicecode', 'string'],
  ['product_product_family', 'string'],
  ['product_sku', 'string'],
  ['pricing_unit', 'string'],
  ['pricing_public_on_demand_cost', 'double'],
  ['pricing_public_on_demand_rate', 'double'],
  ['reservation_effective_cost', 'double'],
  ['reservation_reservation_a_r_n', 'string'],
  ['reservation_unused_amortized_upfront_fee_for_billing_period', 'double'],
  ['reservation_unused_recurring_fee', 'double'],
  ['savings_plan_savings_plan_a_r_n', 'string'],
  ['savings_plan_savings_plan_effective_cost', 'double'],
  ['savings_plan_total_commitment_to_date', 'double'],
  ['savings_plan_used_commitment', 'double'],
  ['resource_tags', 'map<string,string>'],
].map(([name, type]) => ({ name, type }));

const HOURLY = {
  't3.micro': 0.0104,
  't3.small': 0.0208,
  't3.medium': 0.0416,
  't3.large': 0.0832,
  'm5.large': 0.096,
  'm5.xlarge': 0.192,
  'r5.large': 0.126,
  'c5.xlarge': 0.17,
};
const REGION_PRICE = { 'us-east-1': 1, 'eu-west-1': 1.07, 'ap-southeast-2': 1.2 };
const SP_DISCOUNT = 0.72; // savings plan rate / on-demand rate
const TAX_RATE = 0.07;

const hours = (cost, rate) => Math.round((cost / 1e6 / rate) * 1e6) / 1e6;

function usageLine(resource, day, cost, extra) {
  return {
    type: 'Usage',
    accountId: resource.accountId,
    productCode: resource.productCode,
    usageType: resource.usageType,
    region: resource.region,
    resourceId: resource.resourceId,
    tags: resource.tags ?? {},
    start: day.start,
    end: day.end,
    unblended: cost,
    onDemand: cost,
    effective: cost,
    ...extra,
  };
}

/** One day's usage line for an estate resource, before savings plans. */
function resourceLine(resource, day, random, plans, bucketSizes) {
  const shape = dailyShape(random, day, isProduction(resource.tags));
  const subject = { id: resource.resourceId, tags: resource.tags };
  if (resource.productCode === 'AmazonS3') {
    const gb = bucketSizes.get(resource.resourceId);
    const monthDays = monthBounds(day.month).days;
    const rate = 0.023;
    const base = Math.round(((gb * rate) / monthDays) * 1e6 * shape);
    const cost = planted(plans, 'aws', subject, day.index, 'usage', base);
    return usageLine(resource, day, cost, {
      operation: 'StandardStorage',
      amount: Math.round((cost / 1e6 / rate) * 1e6) / 1e6,
      rate,
      unit: 'GB-Mo',
      family: 'Storage',
      description: '$0.023 per GB - first 50 TB / month of storage used',
    });
  }
  const type = resource.usageType.split(':')[1] ?? 'm5.large';
  const rate =
    Math.round((HOURLY[type] ?? 0.1) * (REGION_PRICE[resource.region] ?? 1.1) * 1e4) / 1e4;
  const base = Math.round(24 * rate * 1e6 * shape);
  const cost = planted(plans, 'aws', subject, day.index, 'usage', base);
  return usageLine(resource, day, cost, {
    operation: 'RunInstances',
    amount: hours(cost, rate),
    rate,
    unit: 'Hrs',
    family: 'Compute Instance',
    description: `$${rate} per On Demand Linux ${type} Instance Hour`,
  });
}

function natLine(accountId, day, random) {
  const rate = 0.045;
  const cost = Math.round(24 * rate * 1e6 * (0.97 + random() * 0.06));
  return usageLine(
    {
      accountId,
      productCode: 'AmazonVPC',
      usageType: 'NatGateway-Hours',
      region: 'us-east-1',
      resourceId: `nat-0${stableDigits(16, accountId, 'nat')}`,
      tags: { team: 'platform', env: 'production' },
    },
    day,
    cost,
    {
      operation: 'NatGateway',
      amount: hours(cost, rate),
      rate,
      unit: 'Hrs',
      family: 'NAT Gateway',
      description: '$0.045 per NAT Gateway Hour',
    },
  );
}

/**
 * The savings plan covers us-east-1 EC2 usage, cheapest first, up to its hourly commitment
 * (a line is split when the commitment runs out). Covered usage gets a negation; the day's
 * recurring fee carries what of the commitment was used.
 */
function applySavingsPlan(lines, plan, day) {
  let left = plan.dailyCommitment - plan.headroom;
  const out = [];
  for (const line of lines) {
    const eligible = line.productCode === 'AmazonEC2' && line.region === 'us-east-1';
    if (!eligible || left <= 1000) {
      out.push(line);
      continue;
    }
    let covered = line.unblended;
    if (Math.round(covered * SP_DISCOUNT) > left) covered = Math.floor(left / SP_DISCOUNT);
    const effective = Math.round(covered * SP_DISCOUNT);
    left -= effective;
    const coveredHours = hours(covered, line.rate);
    out.push({
      ...line,
      type: 'SavingsPlanCoveredUsage',
      unblended: covered,
      onDemand: covered,
      amount: coveredHours,
      spArn: plan.arn,
      spEffective: effective,
      effective,
    });
    out.push({
      ...line,
      type: 'SavingsPlanNegation',
      unblended: -covered,
      onDemand: 0,
      amount: 0,
      spArn: plan.arn,
      effective: 0,
      description: `SavingsPlanCoveredUsage by ${plan.arn}`,
    });
    if (covered < line.unblended) {
      const rest = line.unblended - covered;
      out.push({
        ...line,
        unblended: rest,
        onDemand: rest,
        effective: rest,
        amount: hours(rest, line.rate),
      });
    }
  }
  const used = plan.dailyCommitment - plan.headroom - left;
  out.push({
    type: 'SavingsPlanRecurringFee',
    accountId: plan.accountId,
    productCode: 'ComputeSavingsPlans',
    usageType: 'ComputeSP:1yrNoUpfront',
    operation: '',
    region: '',
    resourceId: plan.arn,
    tags: {},
    start: day.start,
    end: day.end,
    unblended: plan.dailyCommitment,
    onDemand: plan.dailyCommitment,
    amount: 24,
    rate: Math.round((plan.dailyCommitment / 24 / 1e6) * 1e6) / 1e6,
    unit: 'Hrs',
    family: 'Savings Plan',
    spArn: plan.arn,
    commitTotal: plan.dailyCommitment,
    commitUsed: used,
    effective: plan.dailyCommitment - used,
    description: '1 year No Upfront Compute Savings Plan',
  });
  return out;
}

function oneOff(type, accountId, day, amount, description, productCode = 'AmazonEC2') {
  return {
    type,
    accountId,
    productCode,
    usageType: '',
    operation: '',
    region: '',
    resourceId: '',
    tags: {},
    start: day.start,
    end: day.end,
    unblended: amount,
    onDemand: null,
    amount: null,
    rate: null,
    unit: '',
    family: '',
    effective: amount,
    description,
  };
}

const num = (value) => (value === null || value === undefined ? null : Number(usd(value)));

function row(line, payer, month) {
  const bounds = monthBounds(month);
  const tags = Object.fromEntries(Object.entries(line.tags).map(([k, v]) => [`user_${k}`, v]));
  return {
    bill_billing_period_start_date: bounds.start,
    bill_billing_period_end_date: bounds.end,
    bill_payer_account_id: payer,
    bill_invoice_id: stableDigits(9, payer, month),
    bill_billing_entity: 'AWS',
    line_item_usage_account_id: line.accountId,
    line_item_line_item_type: line.type,
    line_item_usage_start_date: line.start,
    line_item_usage_end_date: line.end,
    line_item_product_code: line.productCode,
    line_item_usage_type: line.usageType,
    line_item_operation: line.operation,
    line_item_resource_id: line.resourceId,
    line_item_usage_amount: line.amount,
    line_item_unblended_rate: line.rate,
    line_item_unblended_cost: num(line.unblended),
    line_item_currency_code: 'USD',
    line_item_line_item_description: line.description,
    product_region_code: line.region,
    product_servicecode: line.productCode,
    product_product_family: line.family,
    product_sku: line.usageType
      ? stableDigits(12, line.productCode, line.usageType, line.region).replace(/^/, 'SKU')
      : '',
    pricing_unit: line.unit,
    pricing_public_on_demand_cost: num(line.onDemand),
    pricing_public_on_demand_rate: line.onDemand === null ? null : line.rate,
    reservation_effective_cost: null,
    reservation_reservation_a_r_n: '',
    reservation_unused_amortized_upfront_fee_for_billing_period: null,
    reservation_unused_recurring_fee: null,
    savings_plan_savings_plan_a_r_n: line.spArn ?? '',
    savings_plan_savings_plan_effective_cost: num(line.spEffective),
    savings_plan_total_commitment_to_date: num(line.commitTotal),
    savings_plan_used_commitment: num(line.commitUsed),
    resource_tags: tags,
  };
}

/** The sandbox's CUR 2.0 bill: final periods, the original of the restated month, the model. */
export function awsBill({ estate, days, random, plans, seed, end }) {
  const payer = estate[0]?.accountId ?? '123456789012';
  const bucketSizes = new Map(
    estate
      .filter((r) => r.productCode === 'AmazonS3')
      .map((r) => [r.resourceId, 150 + Math.floor(random() * 1800)]),
  );
  const covered = estate.filter((r) => r.productCode === 'AmazonEC2' && r.region === 'us-east-1');
  const coveredBase = covered
    .slice(0, Math.ceil(covered.length / 2))
    .reduce((sum, r) => sum + 24 * (HOURLY[r.usageType.split(':')[1]] ?? 0.1), 0);
  const plan = covered.length
    ? {
        accountId: payer,
        arn: `arn:aws:savingsplans::${payer}:savingsplan/${stableUuid(seed, payer, 'savings-plan')}`,
        dailyCommitment: Math.round(coveredBase * SP_DISCOUNT * 0.8 * 1e6),
        headroom: 0,
      }
    : null;
  if (plan) plan.headroom = Math.round(plan.dailyCommitment * 0.006);

  const months = [...new Set(days.map((d) => d.month))];
  const lines = new Map(months.map((m) => [m, []]));
  for (const day of days) {
    let today = estate.map((r) => resourceLine(r, day, random, plans, bucketSizes));
    today.push(natLine(payer, day, random));
    if (plan) today = applySavingsPlan(today, plan, day);
    lines.get(day.month).push(...today);
  }
  for (const [index, month] of months.entries()) {
    const first = days.find((d) => d.month === month);
    const monthLines = lines.get(month);
    const charged = monthLines.reduce((sum, l) => sum + l.unblended, 0);
    const credit = -Math.min(20_000_000, Math.round(charged * 0.1));
    monthLines.push(oneOff('Credit', payer, first, credit, 'AWS Promotional Credit'));
    if (index === 1 || (months.length === 1 && index === 0)) {
      monthLines.push(
        oneOff(
          'Refund',
          payer,
          first,
          -Math.min(7_500_000, Math.round(charged * 0.02)),
          'Refund for EC2 service interruption',
        ),
      );
    }
    const tax = Math.round(Math.max(0, charged) * TAX_RATE);
    monthLines.push(
      oneOff('Tax', payer, first, tax, 'Tax for product code AmazonEC2', 'AmazonEC2'),
    );
  }

  const restatedMonth = months[Math.floor(months.length / 2)];
  const periods = {};
  for (const month of months) {
    periods[month] = {
      executionId: stableUuid(seed, end, month, 'final'),
      rows: lines.get(month).map((l) => row(l, payer, month)),
    };
  }
  const original = restatedOriginal(lines.get(restatedMonth), days, restatedMonth).map((l) =>
    row(l, payer, restatedMonth),
  );
  return {
    lines,
    periods,
    restated: {
      [restatedMonth]: {
        executionId: stableUuid(seed, end, restatedMonth, 'original'),
        rows: original,
      },
    },
    restatedMonth,
  };
}

/** The first delivery of a month: one day still missing and one usage line mispriced. */
function restatedOriginal(monthLines, days, month) {
  const inMonth = days.filter((d) => d.month === month);
  const missing = inMonth[Math.min(9, inMonth.length - 1)].start;
  const kept = monthLines.filter(
    (l) => l.start !== missing || ['Credit', 'Refund', 'Tax'].includes(l.type),
  );
  const wrong = kept.findIndex((l) => l.type === 'Usage' && l.unblended > 0);
  return kept.map((l, index) =>
    index === wrong
      ? {
          ...l,
          unblended: Math.round(l.unblended * 1.15),
          onDemand: Math.round(l.unblended * 1.15),
          effective: Math.round(l.unblended * 1.15),
        }
      : l,
  );
}
