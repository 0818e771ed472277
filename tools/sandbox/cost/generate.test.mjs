import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';

import { FOCUS_COLUMNS, generateAwsBulk, generateCost } from './generate.mjs';

const SCHEMA = new URL('../bigquery/schema.mjs', import.meta.url);
const END = '2026-11-29';
const ESTATE = {
  aws: [
    ...['payments', 'payments', 'data', 'web'].map((team, i) => ({
      accountId: '123456789012',
      region: i < 3 ? 'us-east-1' : 'eu-west-1',
      resourceId: `i-0a1b2c3d4e5f6070${i}`,
      productCode: 'AmazonEC2',
      usageType: i < 3 ? 'BoxUsage:m5.large' : 'EU-BoxUsage:t3.small',
      tags: { team, env: i < 3 ? 'production' : 'dev', Name: `app-${i}` },
    })),
    {
      accountId: '123456789012',
      region: 'us-east-1',
      resourceId: 'codex-logs',
      productCode: 'AmazonS3',
      usageType: 'TimedStorage-ByteHrs',
      tags: { team: 'platform', env: 'production' },
    },
  ],
  gcp: ['codex-sandbox-analytics', 'codex-sandbox-archive'].map((name, i) => ({
    projectId: 'codex-sandbox',
    projectNumber: '100000000001',
    location: i ? 'europe-west1' : 'us-central1',
    globalName: `//storage.googleapis.com/projects/_/buckets/${name}`,
    name,
    serviceId: '95FF-2EF5-5EA1',
    serviceDescription: 'Cloud Storage',
    labels: { team: 'analytics', env: i ? 'production' : 'dev' },
  })),
  azure: ['sub-a', 'sub-a', 'sub-a', 'sub-b', 'sub-b'].map((sub, i) => ({
    subscriptionId: sub,
    resourceId: `/subscriptions/${sub}/resourceGroups/rg-${i}/providers/Microsoft.Compute/virtualMachines/vm-${i}`,
    resourceGroup: `rg-${i}`,
    name: `vm-${i}`,
    location: 'eastus',
    serviceName: 'Virtual Machines',
    meterCategory: 'Virtual Machines',
    tags: { team: 'web', env: i === 4 ? 'dev' : 'production' },
  })),
};
const bills = generateCost({ end: END, estate: ESTATE });

const toMicros = (value) => Math.round(Number(value ?? 0) * 1e6);
const toCents = (m) => {
  const c = Math.floor((Math.abs(m) + 5000) / 10000) * Math.sign(m || 1);
  return (c / 100).toFixed(2).replace(/^-0\.00$/, '0.00');
};

// The ADR 22 rules, applied to the rows as delivered (a second, separate computation).
function awsEffective(row) {
  switch (row.line_item_line_item_type) {
    case 'DiscountedUsage':
      return toMicros(row.reservation_effective_cost);
    case 'SavingsPlanCoveredUsage':
      return toMicros(row.savings_plan_savings_plan_effective_cost);
    case 'SavingsPlanNegation':
    case 'SavingsPlanUpfrontFee':
      return 0;
    case 'SavingsPlanRecurringFee':
      return (
        toMicros(row.savings_plan_total_commitment_to_date) -
        toMicros(row.savings_plan_used_commitment)
      );
    default:
      return toMicros(row.line_item_unblended_cost);
  }
}

function gcpTotals(rows) {
  const sums = {};
  const add = (month, billed, effective) => {
    sums[month] ??= { billed: 0, effective: 0 };
    sums[month].billed += billed;
    sums[month].effective += effective;
  };
  const covered = {}; // commitment|day → total CUD credit
  for (const row of rows)
    for (const credit of row.credits)
      if (credit.type === 'COMMITTED_USAGE_DISCOUNT') {
        const key = `${credit.id.split(':')[1]}|${row.usage_start_time}`;
        covered[key] = (covered[key] ?? 0) + toMicros(credit.amount);
      }
  for (const row of rows) {
    const month = `${row.invoice.month.slice(0, 4)}-${row.invoice.month.slice(4)}`;
    const cost = toMicros(row.cost);
    let effective = cost;
    if (
      row.subscription?.instance_id &&
      covered[`${row.subscription.instance_id}|${row.usage_start_time}`]
    )
      effective = 0;
    for (const credit of row.credits) {
      const amount = toMicros(credit.amount);
      if (credit.type !== 'COMMITTED_USAGE_DISCOUNT') add(month, amount, amount);
      else {
        add(month, amount, 0);
        effective += amount;
      }
    }
    add(month, cost, effective);
  }
  // the fees moved onto covered usage keep the month's effective total unchanged
  for (const row of rows) {
    if (!row.subscription?.instance_id) continue;
    if (!covered[`${row.subscription.instance_id}|${row.usage_start_time}`]) continue;
    const month = `${row.invoice.month.slice(0, 4)}-${row.invoice.month.slice(4)}`;
    sums[month].effective += toMicros(row.cost);
  }
  return sums;
}

function recomputed({ aws, gcp, azure }) {
  const out = [];
  for (const [period, { rows }] of Object.entries(aws.periods)) {
    const billed = rows.reduce((s, r) => s + toMicros(r.line_item_unblended_cost), 0);
    const effective = rows.reduce((s, r) => s + awsEffective(r), 0);
    out.push({ provider: 'aws', billingPeriod: period, billed, effective });
  }
  for (const [period, sum] of Object.entries(gcpTotals(gcp.rows)))
    out.push({ provider: 'gcp', billingPeriod: period, ...sum });
  const azureSums = {};
  for (const { month, rows } of azure.periods)
    for (const row of rows) {
      azureSums[month] ??= { billed: 0, effective: 0 };
      azureSums[month].billed += toMicros(row.BilledCost);
      azureSums[month].effective += toMicros(row.EffectiveCost);
    }
  for (const [period, sum] of Object.entries(azureSums))
    out.push({ provider: 'azure', billingPeriod: period, ...sum });
  return out
    .map(({ provider, billingPeriod, billed, effective }) => ({
      provider,
      billingPeriod,
      currency: 'USD',
      billed: toCents(billed),
      effective: toCents(effective),
    }))
    .sort((a, b) =>
      `${a.provider}${a.billingPeriod}`.localeCompare(`${b.provider}${b.billingPeriod}`),
    );
}

test('the same inputs give the same bills', () => {
  assert.deepEqual(generateCost({ end: END, estate: ESTATE }), bills);
  assert.notDeepEqual(
    generateCost({ end: END, estate: ESTATE, seed: 8 }).groundTruth,
    bills.groundTruth,
  );
});

test('the ground truth equals the rows summed by the ADR 22 rules', () => {
  const sorted = [...bills.groundTruth.totals].sort((a, b) =>
    `${a.provider}${a.billingPeriod}`.localeCompare(`${b.provider}${b.billingPeriod}`),
  );
  assert.deepEqual(sorted, recomputed(bills));
  assert.equal(sorted.length, 9);
  const azureNov = sorted.find((t) => t.provider === 'azure' && t.billingPeriod === '2026-11');
  assert.notEqual(azureNov.billed, azureNov.effective, 'the reservation is amortised');
});

test('the bills carry the commitments, credits, refund, tax and unallocated cost', () => {
  const aws = Object.values(bills.aws.periods).flatMap((p) => p.rows);
  const types = new Set(aws.map((r) => r.line_item_line_item_type));
  for (const type of [
    'Usage',
    'SavingsPlanCoveredUsage',
    'SavingsPlanNegation',
    'SavingsPlanRecurringFee',
    'Credit',
    'Refund',
    'Tax',
  ])
    assert.ok(types.has(type), type);
  const fees = aws.filter((r) => r.line_item_line_item_type === 'SavingsPlanRecurringFee');
  const unused = fees.map(
    (r) => r.savings_plan_total_commitment_to_date - r.savings_plan_used_commitment,
  );
  assert.ok(unused.every((u) => u > 0 && u < 0.5 * fees[0].savings_plan_total_commitment_to_date));
  assert.ok(aws.some((r) => r.line_item_resource_id.startsWith('nat-')));
  assert.ok(
    aws
      .filter((r) => r.line_item_line_item_type === 'Tax')
      .every((r) => r.line_item_resource_id === ''),
  );
  const gcp = bills.gcp.rows;
  const fee = gcp.find((r) => r.subscription?.instance_id);
  assert.equal(fee.sku.description, 'Commitment v1: Cpu in us-central1 for 1 Year');
  assert.ok(
    gcp.some((r) =>
      r.credits.some(
        (c) =>
          c.type === 'COMMITTED_USAGE_DISCOUNT' &&
          c.id === `CommittedUsageDiscount:${fee.subscription.instance_id}`,
      ),
    ),
  );
  assert.ok(gcp.some((r) => r.credits.some((c) => c.type === 'PROMOTION')));
  assert.equal(gcp.filter((r) => r.cost_type === 'tax').length, 3);
  assert.ok(gcp.some((r) => r.resource?.global_name?.startsWith('//compute.googleapis.com/')));
  const azure = bills.azure.periods.flatMap((p) => p.rows);
  assert.ok(azure.some((r) => r.ChargeCategory === 'Purchase' && r.EffectiveCost === '0.000000'));
  assert.ok(
    azure.some(
      (r) =>
        r.PricingCategory === 'Committed' &&
        r.CommitmentDiscountStatus === 'Used' &&
        r.BilledCost === '0.000000' &&
        Number(r.EffectiveCost) > 0,
    ),
  );
  assert.ok(azure.some((r) => r.ChargeCategory === 'Credit'));
});

test('production costs more on weekdays than at weekends', () => {
  const rows = Object.values(bills.aws.periods)
    .flatMap((p) => p.rows)
    .filter(
      (r) =>
        r.resource_tags.user_env === 'production' &&
        ['Usage', 'SavingsPlanCoveredUsage'].includes(r.line_item_line_item_type) &&
        r.line_item_product_code === 'AmazonEC2',
    );
  const byDay = {};
  for (const r of rows)
    byDay[r.line_item_usage_start_date] =
      (byDay[r.line_item_usage_start_date] ?? 0) + r.line_item_unblended_cost;
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const weekend = (d) => [0, 6].includes(new Date(d).getUTCDay());
  const days = Object.entries(byDay);
  assert.ok(
    mean(days.filter(([d]) => !weekend(d)).map(([, c]) => c)) >
      1.3 * mean(days.filter(([d]) => weekend(d)).map(([, c]) => c)),
  );
});

/** Daily cost per date of the rows an anomaly touches. */
function dailyCost(anomaly) {
  const byDay = {};
  const add = (date, cost) => (byDay[date.slice(0, 10)] = (byDay[date.slice(0, 10)] ?? 0) + cost);
  if (anomaly.provider === 'aws')
    for (const r of Object.values(bills.aws.periods).flatMap((p) => p.rows)) {
      if (!['Usage', 'SavingsPlanCoveredUsage'].includes(r.line_item_line_item_type)) continue;
      const mine = anomaly.resourceId
        ? r.line_item_resource_id === anomaly.resourceId
        : r.resource_tags[`user_${anomaly.tag.key}`] === anomaly.tag.value;
      if (mine) add(r.line_item_usage_start_date, r.line_item_unblended_cost);
    }
  if (anomaly.provider === 'gcp')
    for (const r of bills.gcp.rows)
      if (
        r.resource?.global_name === anomaly.resourceId &&
        (!anomaly.line || r.sku.description.startsWith('Download'))
      )
        add(r.usage_start_time, r.cost);
  if (anomaly.provider === 'azure')
    for (const r of bills.azure.periods.flatMap((p) => p.rows))
      if (r.ResourceId === anomaly.resourceId) add(r.ChargePeriodStart, Number(r.BilledCost));
  return byDay;
}

test('every planted anomaly shows in the rows by its factor, after the first 21 days', () => {
  assert.deepEqual(
    new Set(bills.anomalies.map((a) => a.provider)),
    new Set(['aws', 'gcp', 'azure']),
  );
  assert.deepEqual(
    new Set(bills.anomalies.map((a) => a.kind)),
    new Set(['spike', 'level_shift', 'drop', 'tag_wide']),
  );
  const first = Date.parse(`${END}T00:00:00Z`) - 89 * 86_400_000;
  for (const anomaly of bills.anomalies) {
    const start = Date.parse(`${anomaly.start}T00:00:00Z`);
    assert.ok(start >= first + 21 * 86_400_000, anomaly.id);
    const byDay = dailyCost(anomaly);
    const dates = (from, to) =>
      Object.keys(byDay).length &&
      Array.from({ length: (to - from) / 86_400_000 + 1 }, (_, i) =>
        new Date(from + i * 86_400_000).toISOString().slice(0, 10),
      );
    const mean = (ds) => ds.reduce((s, d) => s + (byDay[d] ?? 0), 0) / ds.length;
    const window = dates(start, Date.parse(`${anomaly.end}T00:00:00Z`));
    const before = mean(dates(start - 14 * 86_400_000, start - 86_400_000));
    if (anomaly.kind === 'level_shift') {
      assert.equal(before, 0, anomaly.id);
      assert.ok(mean(window) > 0, anomaly.id);
      continue;
    }
    const ratio = mean(window) / before;
    assert.ok(
      ratio > anomaly.factor * 0.7 && ratio < anomaly.factor * 1.3,
      `${anomaly.id}: ${ratio} for ${anomaly.factor}`,
    );
    assert.ok(Math.sign(anomaly.expectedImpactUsd) === Math.sign(anomaly.factor - 1), anomaly.id);
  }
});

test('the restated month differs from its original delivery', () => {
  const period = bills.aws.restatedPeriod;
  const original = bills.aws.restated[period];
  const final = bills.aws.periods[period];
  assert.notEqual(original.executionId, final.executionId);
  const sum = (rows) => rows.reduce((s, r) => s + toMicros(r.line_item_unblended_cost), 0);
  assert.ok(original.rows.length < final.rows.length);
  assert.notEqual(sum(original.rows), sum(final.rows));
});

test('every Azure row has every FocusCost column, as a string', () => {
  for (const { rows } of bills.azure.periods)
    for (const row of rows) {
      assert.deepEqual(Object.keys(row).sort(), [...FOCUS_COLUMNS].sort());
      assert.ok(Object.values(row).every((v) => typeof v === 'string'));
      assert.doesNotThrow(() => JSON.parse(row.Tags));
      assert.ok(
        /^-?\d+(\.\d{1,6})?$/.test(row.BilledCost) && /^-?\d+(\.\d{1,6})?$/.test(row.EffectiveCost),
      );
    }
});

/** Whether `value` fits a BigQuery schema field (types as tabledata.insertAll checks them). */
function conforms(fields, row, path = '') {
  const known = new Map(fields.map((f) => [f.name, f]));
  for (const [name, value] of Object.entries(row)) {
    const field = known.get(name);
    assert.ok(field, `${path}${name} is not in the schema`);
    if (value === null || value === undefined) continue;
    const values = field.mode === 'REPEATED' ? value : [value];
    assert.ok(field.mode !== 'REPEATED' || Array.isArray(value), `${path}${name} is repeated`);
    for (const item of values) {
      if (field.type === 'RECORD') conforms(field.fields, item, `${path}${name}.`);
      else if (field.type === 'FLOAT') assert.equal(typeof item, 'number', `${path}${name}`);
      else if (field.type === 'TIMESTAMP')
        assert.ok(!Number.isNaN(Date.parse(item)), `${path}${name}`);
      else if (field.type === 'STRING') assert.equal(typeof item, 'string', `${path}${name}`);
    }
  }
}

test('GCP rows conform to the billing export schema', { skip: !existsSync(SCHEMA) }, async () => {
  const { BILLING_EXPORT_FIELDS } = await import(SCHEMA);
  for (const row of bills.gcp.rows) conforms(BILLING_EXPORT_FIELDS, row);
});

test('bulk generation gives exactly lineItems rows, fast', () => {
  const started = Date.now();
  const bulk = generateAwsBulk({ lineItems: 250_000, resources: 300, month: '2026-10', seed: 1 });
  assert.equal(bulk.length, 250_000);
  for (const column of Object.values(bulk.columns)) assert.equal(column.length, 250_000);
  assert.ok(Date.now() - started < 10_000);
});
