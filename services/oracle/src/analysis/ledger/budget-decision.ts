export interface Spend {
  tokens: number;
  costUsd: number;
}

export interface TenantBudget {
  /** Past it, the tenant is warned once a month. */
  monthlyTokenBudget: number;
  /** A call that could pass it is refused. */
  monthlyTokenCap: number;
  monthlyCostCapUsd: number | null;
}

export type BudgetDecision =
  | { allowed: true }
  | {
      allowed: false;
      cap: 'monthly_token_cap' | 'monthly_cost_cap_usd';
      used: number;
      limit: number;
    };

/**
 * Whether a call may start: what the month used (with calls still running), plus the most
 * this call can use, must stay within each hard cap.
 */
export function decideBudget(used: Spend, call: Spend, budget: TenantBudget): BudgetDecision {
  if (used.tokens + call.tokens > budget.monthlyTokenCap) {
    return {
      allowed: false,
      cap: 'monthly_token_cap',
      used: used.tokens,
      limit: budget.monthlyTokenCap,
    };
  }
  if (budget.monthlyCostCapUsd !== null && used.costUsd + call.costUsd > budget.monthlyCostCapUsd) {
    return {
      allowed: false,
      cap: 'monthly_cost_cap_usd',
      used: used.costUsd,
      limit: budget.monthlyCostCapUsd,
    };
  }
  return { allowed: true };
}

/** The month's tokens reached the budget and the tenant has not been warned this month. */
export function shouldWarn(
  usedTokens: number,
  budget: TenantBudget,
  warnedThisMonth: boolean,
): boolean {
  return !warnedThisMonth && usedTokens >= budget.monthlyTokenBudget;
}

/** `YYYY-MM` of an instant, in UTC; the ledger's months are calendar months in UTC. */
export function monthOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

export function monthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}
