import { curLine, type CurRow } from './cur-line';

const base: CurRow = {
  bill_billing_period_start_date: new Date('2026-09-01T00:00:00Z'),
  bill_billing_period_end_date: new Date('2026-10-01T00:00:00Z'),
  bill_payer_account_id: '111111111111',
  line_item_usage_account_id: '123456789012',
  line_item_usage_start_date: new Date('2026-09-05T00:00:00Z'),
  line_item_usage_end_date: new Date('2026-09-06T00:00:00Z'),
  line_item_product_code: 'AmazonEC2',
  line_item_resource_id: 'i-0abc123',
  line_item_usage_amount: 24,
  line_item_currency_code: 'USD',
  product_region_code: 'us-east-1',
  pricing_unit: 'Hrs',
  resource_tags: { user_team: 'payments', user_env: 'production' },
};

const line = (overrides: CurRow) => {
  const parsed = curLine({ ...base, ...overrides });
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
};

describe('a CUR 2.0 row as a FOCUS charge', () => {
  it('bills on-demand usage at its unblended cost, to the instance URN, with its user tags', () => {
    const usage = line({ line_item_line_item_type: 'Usage', line_item_unblended_cost: 2.304 });
    expect(usage).toMatchObject({
      chargeCategory: 'Usage',
      billedCost: 2.304,
      effectiveCost: 2.304,
      resourceUrn: 'codex:aws:123456789012:us-east-1:ec2/instance/i-0abc123',
      tags: { team: 'payments', env: 'production' },
      subAccountId: '123456789012',
      billingAccountId: '111111111111',
    });
  });

  it('amortises savings-plan usage to its effective cost and the negation to nothing', () => {
    const covered = line({
      line_item_line_item_type: 'SavingsPlanCoveredUsage',
      line_item_unblended_cost: 2.304,
      savings_plan_savings_plan_effective_cost: 1.5,
      savings_plan_savings_plan_a_r_n: 'arn:aws:savingsplans::111111111111:savingsplan/sp-1',
    });
    const negation = line({
      line_item_line_item_type: 'SavingsPlanNegation',
      line_item_unblended_cost: -2.304,
      savings_plan_savings_plan_a_r_n: 'arn:aws:savingsplans::111111111111:savingsplan/sp-1',
    });
    expect([covered.billedCost, covered.effectiveCost]).toEqual([2.304, 1.5]);
    expect(covered).toMatchObject({
      commitmentDiscountStatus: 'Used',
      pricingCategory: 'Committed',
      commitmentDiscountId: 'arn:aws:savingsplans::111111111111:savingsplan/sp-1',
    });
    expect([negation.billedCost, negation.effectiveCost]).toEqual([-2.304, 0]);
  });

  it('leaves only the unused commitment on a savings-plan fee, and none of an upfront reservation fee', () => {
    const fee = line({
      line_item_line_item_type: 'SavingsPlanRecurringFee',
      line_item_unblended_cost: 48,
      savings_plan_total_commitment_to_date: 48,
      savings_plan_used_commitment: 45.5,
      savings_plan_savings_plan_a_r_n: 'arn:aws:savingsplans::111111111111:savingsplan/sp-1',
    });
    const upfront = line({
      line_item_line_item_type: 'Fee',
      line_item_unblended_cost: 1000,
      reservation_reservation_a_r_n: 'arn:aws:ec2:us-east-1:111111111111:reserved-instances/ri-1',
    });
    expect(fee).toMatchObject({
      chargeCategory: 'Purchase',
      billedCost: 48,
      effectiveCost: 2.5,
      commitmentDiscountStatus: null,
    });
    expect(upfront).toMatchObject({
      chargeCategory: 'Purchase',
      billedCost: 1000,
      effectiveCost: 0,
    });
  });

  it('keeps credits and refunds as credits, a refund as a correction', () => {
    expect(
      line({ line_item_line_item_type: 'Credit', line_item_unblended_cost: -25 }),
    ).toMatchObject({ chargeCategory: 'Credit', chargeClass: null, effectiveCost: -25 });
    expect(
      line({ line_item_line_item_type: 'Refund', line_item_unblended_cost: -10 }),
    ).toMatchObject({ chargeCategory: 'Credit', chargeClass: 'Correction', effectiveCost: -10 });
  });

  it('names what is malformed', () => {
    expect(
      curLine({ ...base, line_item_line_item_type: 'Usage', line_item_unblended_cost: 'abc' }),
    ).toBe("line_item_unblended_cost 'abc' is not a number");
    expect(
      curLine({ ...base, line_item_line_item_type: 'Bogus', line_item_unblended_cost: 1 }),
    ).toBe("line_item_line_item_type 'Bogus' is not a CUR line item type");
    expect(
      curLine({
        ...base,
        line_item_line_item_type: 'Usage',
        line_item_unblended_cost: 1,
        line_item_usage_start_date: 'yesterday',
      }),
    ).toBe("line_item_usage_start_date 'yesterday' is not a time");
  });
});
