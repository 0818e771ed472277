import type { EntityManager } from 'typeorm';

import type { Budget } from './budget.entity';

/** What a budget's scope has cost in a month (`YYYY-MM`), in its currency and metric. */
export async function budgetSpend(
  manager: EntityManager,
  budget: Budget,
  month: string,
): Promise<number> {
  const column = budget.metric === 'billed' ? 'billed_cost' : 'effective_cost';
  const from = `${month}-01`;
  const params: unknown[] = [budget.tenantId, from, budget.currency];
  let table = 'cost_daily_services';
  let scope = '';
  if (budget.scopeKind === 'account') {
    params.push(budget.scopeValue);
    scope = `AND sub_account_id = $4`;
  } else if (budget.scopeKind === 'service') {
    params.push(budget.scopeValue);
    scope = `AND service_name = $4`;
  } else if (budget.scopeKind === 'tag') {
    const [key = '', ...value] = budget.scopeValue.split('=');
    params.push(key, value.join('='));
    table = 'cost_daily_tags';
    scope = `AND tag_key = $4 AND tag_value = $5`;
  }
  const [row] = await manager.query<{ spent: string }[]>(
    `SELECT COALESCE(SUM(${column}), 0)::text AS spent FROM ${table}
      WHERE tenant_id = $1 AND day >= $2::date AND day < ($2::date + interval '1 month')
        AND billing_currency = $3 ${scope}`,
    params,
  );
  return Number(row?.spent ?? 0);
}

/** The thresholds (percent) the spend has reached, lowest first. */
export function crossedThresholds(
  budget: Pick<Budget, 'thresholds' | 'monthlyAmount'>,
  spent: number,
): number[] {
  const amount = Number(budget.monthlyAmount);
  return [...budget.thresholds]
    .sort((a, b) => a - b)
    .filter((threshold) => amount > 0 && spent * 100 >= amount * threshold);
}
