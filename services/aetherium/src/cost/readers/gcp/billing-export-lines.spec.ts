import { billingExportLines, type BillingExportRow } from './billing-export-lines';

const row = (overrides: Partial<BillingExportRow>): BillingExportRow => ({
  billing_account_id: '01A2B3-C4D5E6-F7A8B9',
  service: { id: '6F81-5844-456A', description: 'Compute Engine' },
  sku: { id: 'CP-1', description: 'N2 Instance Core' },
  usage_start_time: { value: '2026-09-03T00:00:00.000Z' },
  usage_end_time: { value: '2026-09-04T00:00:00.000Z' },
  project: { id: 'codex-sandbox', name: 'Codex Sandbox' },
  labels: [{ key: 'team', value: 'data' }],
  location: { location: 'us-central1', region: 'us-central1' },
  resource: {
    name: 'vm-1',
    global_name: '//compute.googleapis.com/projects/codex-sandbox/zones/us-central1-a/instances/1',
  },
  cost: 10,
  currency: 'USD',
  usage: { amount: 86400, unit: 'seconds', amount_in_pricing_units: 24, pricing_unit: 'hour' },
  credits: [],
  invoice: { month: '202609' },
  cost_type: 'regular',
  ...overrides,
});

const cud = (amount: number) => ({
  name: 'Committed use discount: CPU',
  amount,
  id: 'CommittedUsageDiscount:c-1',
  type: 'COMMITTED_USAGE_DISCOUNT',
});
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('a month of the BigQuery billing export as FOCUS charges', () => {
  it('spreads a commitment fee over the usage its discount covered that day, in proportion to the discount', () => {
    const lines = billingExportLines([
      row({ cost: 10, credits: [cud(-10)] }),
      row({ cost: 30, credits: [cud(-30)], resource: { name: 'vm-2' } }),
      row({
        cost: 24,
        subscription: { instance_id: 'c-1' },
        sku: { id: 'CUD', description: 'Commitment v1: Cpu in us-central1 for 1 Year' },
        resource: null,
      }),
    ]);
    const usage = lines.filter((line) => line.chargeCategory === 'Usage');
    const fee = lines.find((line) => line.chargeCategory === 'Purchase');
    expect(usage.map((line) => line.effectiveCost)).toEqual([6, 18]);
    expect(fee).toMatchObject({ billedCost: 24, effectiveCost: 0, commitmentDiscountId: 'c-1' });
    expect(sum(lines.map((line) => line.billedCost))).toBeCloseTo(24, 10);
    expect(sum(lines.map((line) => line.effectiveCost))).toBeCloseTo(24, 10);
  });

  it('keeps the fee as unused on a day without covered usage', () => {
    const lines = billingExportLines([
      row({ cost: 24, subscription: { instance_id: 'c-1' }, resource: null }),
    ]);
    expect(lines[0]).toMatchObject({
      chargeCategory: 'Purchase',
      billedCost: 24,
      effectiveCost: 24,
    });
  });

  it('writes each credit as its own Credit charge on the same resource', () => {
    const lines = billingExportLines([
      row({
        cost: 10,
        credits: [{ name: 'Free trial', amount: -4, id: 'p-1', type: 'PROMOTION' }],
      }),
    ]);
    expect(
      lines.map((line) => [
        line.chargeCategory,
        line.billedCost,
        line.effectiveCost,
        line.resourceName,
      ]),
    ).toEqual([
      ['Usage', 10, 10, 'vm-1'],
      ['Credit', -4, -4, 'vm-1'],
    ]);
  });

  it('maps a GCS bucket to its inventory URN and tax to a Tax charge without prices', () => {
    const [bucket] = billingExportLines([
      row({
        service: { description: 'Cloud Storage' },
        resource: { name: 'logs', global_name: '//storage.googleapis.com/projects/_/buckets/logs' },
        location: { location: 'US-CENTRAL1' },
      }),
    ]);
    expect(bucket?.resourceUrn).toBe('codex:gcp:codex-sandbox:us-central1:storage/bucket/logs');
    const [tax] = billingExportLines([row({ cost_type: 'tax', resource: null, usage: null })]);
    expect(tax).toMatchObject({
      chargeCategory: 'Tax',
      pricingQuantity: null,
      skuId: null,
      listUnitPrice: null,
    });
  });
});
