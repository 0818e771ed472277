import { decideBudget, monthStart, shouldWarn, type TenantBudget } from './budget-decision';
import { callCostUsd } from './call-cost';

const budget: TenantBudget = {
  monthlyTokenBudget: 800,
  monthlyTokenCap: 1000,
  monthlyCostCapUsd: null,
};

describe('decideBudget', () => {
  it('allows a call that fits under the token cap with what the month used', () => {
    expect(decideBudget({ tokens: 600, costUsd: 0 }, { tokens: 400, costUsd: 0 }, budget)).toEqual({
      allowed: true,
    });
  });

  it('refuses a call that could pass the token cap, naming the cap, used and limit', () => {
    expect(decideBudget({ tokens: 601, costUsd: 0 }, { tokens: 400, costUsd: 0 }, budget)).toEqual({
      allowed: false,
      cap: 'monthly_token_cap',
      used: 601,
      limit: 1000,
    });
  });

  it('refuses on the cost cap when the tenant set one', () => {
    const withCost = { ...budget, monthlyCostCapUsd: 1 };
    expect(
      decideBudget({ tokens: 0, costUsd: 0.9 }, { tokens: 10, costUsd: 0.2 }, withCost),
    ).toEqual({
      allowed: false,
      cap: 'monthly_cost_cap_usd',
      used: 0.9,
      limit: 1,
    });
    expect(
      decideBudget({ tokens: 0, costUsd: 0.7 }, { tokens: 10, costUsd: 0.2 }, withCost),
    ).toEqual({
      allowed: true,
    });
  });
});

describe('shouldWarn', () => {
  it('warns once the month reaches the budget, and not again that month', () => {
    expect(shouldWarn(799, budget, false)).toBe(false);
    expect(shouldWarn(800, budget, false)).toBe(true);
    expect(shouldWarn(900, budget, true)).toBe(false);
  });
});

describe('monthStart', () => {
  it('is the first instant of the UTC month', () => {
    expect(monthStart(new Date('2026-11-30T23:59:59Z')).toISOString()).toBe(
      '2026-11-01T00:00:00.000Z',
    );
  });
});

describe('callCostUsd', () => {
  const prices = { big: { input: 0.13, output: 0.39 } };

  it('prices input and output tokens per million', () => {
    expect(callCostUsd(prices, 'big', { promptTokens: 1_000_000, completionTokens: 0 })).toBe(0.13);
    expect(callCostUsd(prices, 'big', { promptTokens: 2000, completionTokens: 1000 })).toBe(
      0.00065,
    );
  });

  it('a model without a price costs nothing (its tokens still count against caps)', () => {
    expect(callCostUsd(prices, 'other', { promptTokens: 5000, completionTokens: 5000 })).toBe(0);
  });
});
