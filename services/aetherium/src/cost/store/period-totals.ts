/** Sums per currency, as numeric text, of one ingested period. */
export type PeriodTotals = Record<string, { billed: string; effective: string }>;

export function toPeriodTotals(
  rows: { billing_currency: string; billed: string; effective: string }[],
): PeriodTotals {
  return Object.fromEntries(
    rows.map((row) => [row.billing_currency, { billed: row.billed, effective: row.effective }]),
  );
}
