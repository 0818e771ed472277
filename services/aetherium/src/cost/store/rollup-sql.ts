/**
 * Rebuilding one (tenant, source, billing period) of each daily rollup from its line items.
 * Parameters: $1 tenant, $2 source, $3 billing period start.
 */
const PERIOD = `tenant_id = $1 AND source_id = $2 AND billing_period_start = $3`;
const DAY = `(charge_period_start AT TIME ZONE 'UTC')::date`;
const SUMS = `SUM(billed_cost), SUM(effective_cost), SUM(list_cost)`;

export const DELETE_ROLLUPS = [
  'cost_daily_services',
  'cost_daily_resources',
  'cost_daily_tags',
].map((table) => `DELETE FROM ${table} WHERE ${PERIOD}`);

export const INSERT_ROLLUPS = [
  `INSERT INTO cost_daily_services (tenant_id, source_id, billing_period_start, day, provider,
     sub_account_id, sub_account_name, service_name, service_category, region_id, charge_category,
     billing_currency, billed_cost, effective_cost, list_cost, line_count)
   SELECT tenant_id, source_id, billing_period_start, ${DAY}, provider,
     COALESCE(sub_account_id, ''), COALESCE(MAX(sub_account_name), COALESCE(sub_account_id, '')),
     service_name, service_category, COALESCE(region_id, ''), charge_category,
     billing_currency, ${SUMS}, COUNT(*)
     FROM cost_line_items WHERE ${PERIOD}
    GROUP BY tenant_id, source_id, billing_period_start, ${DAY}, provider, COALESCE(sub_account_id, ''),
      service_name, service_category, COALESCE(region_id, ''), charge_category, billing_currency`,
  `INSERT INTO cost_daily_resources (tenant_id, source_id, billing_period_start, day, provider,
     sub_account_id, resource_id, resource_urn, service_name, region_id, billing_currency,
     billed_cost, effective_cost, list_cost)
   SELECT tenant_id, source_id, billing_period_start, ${DAY}, provider, COALESCE(sub_account_id, ''),
     COALESCE(resource_id, ''), resource_urn, service_name, COALESCE(region_id, ''), billing_currency, ${SUMS}
     FROM cost_line_items WHERE ${PERIOD}
    GROUP BY tenant_id, source_id, billing_period_start, ${DAY}, provider, COALESCE(sub_account_id, ''),
      COALESCE(resource_id, ''), resource_urn, service_name, COALESCE(region_id, ''), billing_currency`,
  `INSERT INTO cost_daily_tags (tenant_id, source_id, billing_period_start, day, provider,
     sub_account_id, tag_key, tag_value, billing_currency, billed_cost, effective_cost, list_cost)
   SELECT tenant_id, source_id, billing_period_start, ${DAY}, provider, COALESCE(sub_account_id, ''),
     tag.key, tag.value, billing_currency, ${SUMS}
     FROM cost_line_items, jsonb_each_text(tags) AS tag WHERE ${PERIOD}
    GROUP BY tenant_id, source_id, billing_period_start, ${DAY}, provider, COALESCE(sub_account_id, ''),
      tag.key, tag.value, billing_currency`,
];
