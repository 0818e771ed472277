// The sandbox's cost: 90 days of bills on AWS, GCP and Azure, each as its provider delivers
// it (ADR 22), with planted anomalies and the totals they must add up to. Pure: no I/O.
import { mulberry32 } from '../rng.mjs';
import { describeAnomalies, planAnomalies } from './anomalies.mjs';
import { awsBill, CUR_COLUMNS } from './aws-bill.mjs';
import { azureBill, FOCUS_COLUMNS } from './azure-bill.mjs';
import { gcpBill, gcpLineAmounts } from './gcp-bill.mjs';
import { calendar, cents } from './model.mjs';

export { CUR_COLUMNS, FOCUS_COLUMNS };
export { generateAwsBulk } from './aws-bulk.mjs';

function totals(entries) {
  const sums = new Map();
  for (const { provider, account, period, billed, effective } of entries) {
    for (const key of [`${provider}||${period}`, `${provider}|${account}|${period}`]) {
      const sum = sums.get(key) ?? { billed: 0, effective: 0 };
      sum.billed += billed;
      sum.effective += effective;
      sums.set(key, sum);
    }
  }
  const out = { totals: [], byAccount: [] };
  for (const [key, sum] of [...sums.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const [provider, account, billingPeriod] = key.split('|');
    const total = {
      provider,
      billingPeriod,
      currency: 'USD',
      billed: cents(sum.billed),
      effective: cents(sum.effective),
    };
    if (account) out.byAccount.push({ provider, accountId: account, ...total });
    else out.totals.push(total);
  }
  return out;
}

/** The bills of `days` days ending with `end` (included) for the estate. */
export function generateCost({ end, days = 90, seed = 7, estate }) {
  const calendarDays = calendar(end, days);
  const plans = planAnomalies(estate, calendarDays);
  const aws = awsBill({
    estate: estate.aws,
    days: calendarDays,
    random: mulberry32(seed * 3 + 1),
    plans,
    seed,
    end,
  });
  const gcp = gcpBill({
    estate: estate.gcp,
    days: calendarDays,
    random: mulberry32(seed * 3 + 2),
    plans,
    seed,
  });
  const azure = azureBill({
    estate: estate.azure,
    days: calendarDays,
    random: mulberry32(seed * 3 + 3),
    plans,
    seed,
    end,
  });

  const entries = [
    ...[...aws.lines.entries()].flatMap(([period, lines]) =>
      lines.map((l) => ({
        provider: 'aws',
        account: l.accountId,
        period,
        billed: l.unblended,
        effective: l.effective,
      })),
    ),
    ...gcp.lines.map((l) => ({
      provider: 'gcp',
      account: l.resource.projectId,
      period: l.day.month,
      ...gcpLineAmounts(l),
    })),
    ...azure.lines.map((l) => ({
      provider: 'azure',
      account: l.subscriptionId,
      period: l.month,
      billed: l.billed,
      effective: l.effective,
    })),
  ];
  return {
    aws: { periods: aws.periods, restated: aws.restated, restatedPeriod: aws.restatedMonth },
    gcp: { rows: gcp.rows },
    azure: { periods: azure.periods },
    anomalies: describeAnomalies(plans, calendarDays),
    groundTruth: totals(entries),
  };
}
