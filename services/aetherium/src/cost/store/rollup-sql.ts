/**
 * Rebuilding one (tenant, source, billing period) of each daily rollup from the period's new
 * lines, summed while they were read per day and everything a rollup may group by (far fewer
 * rows than lines, see PeriodGroups); each rollup sums those groups.
 * Parameters: $1 tenant, $2 source, $3 billing period start.
 */
const PERIOD = `tenant_id = $1 AND source_id = $2 AND billing_period_start = $3`;
const SUMS = `SUM(billed_cost), SUM(effective_cost), SUM(list_cost)`;
export const GROUPS = 'cost_period_groups';

export const DELETE_ROLLUPS = [
  'cost_daily_services',
  'cost_daily_resources',
  'cost_daily_tags',
].map((table) => `DELETE FROM ${table} WHERE ${PERIOD}`);

/** The temporary table PeriodGroups are copied into. */
export const CREATE_GROUPS = `CREATE TEMPORARY TABLE ${GROUPS} (
    day date, provider varchar, sub_account_id varchar, sub_account_name varchar, service_name varchar,
    service_category varchar, region_id varchar, charge_category varchar, billing_currency char(3),
    resource_id varchar, resource_urn varchar, tags jsonb, billed_cost numeric, effective_cost numeric,
    list_cost numeric, line_count integer) ON COMMIT DROP`;

export const INSERT_ROLLUPS = [
  `INSERT INTO cost_daily_services (tenant_id, source_id, billing_period_start, day, provider,
     sub_account_id, sub_account_name, service_name, service_category, region_id, charge_category,
     billing_currency, billed_cost, effective_cost, list_cost, line_count)
   SELECT $1::varchar, $2::uuid, $3::timestamptz, day, provider, sub_account_id, COALESCE(MAX(sub_account_name), sub_account_id),
     service_name, service_category, region_id, charge_category, billing_currency, ${SUMS}, SUM(line_count)
     FROM ${GROUPS}
    GROUP BY day, provider, sub_account_id, service_name, service_category, region_id, charge_category, billing_currency`,
  `INSERT INTO cost_daily_resources (tenant_id, source_id, billing_period_start, day, provider,
     sub_account_id, resource_id, resource_urn, service_name, region_id, billing_currency,
     billed_cost, effective_cost, list_cost)
   SELECT $1::varchar, $2::uuid, $3::timestamptz, day, provider, sub_account_id, resource_id, resource_urn, service_name, region_id,
     billing_currency, ${SUMS}
     FROM ${GROUPS}
    GROUP BY day, provider, sub_account_id, resource_id, resource_urn, service_name, region_id, billing_currency`,
  `INSERT INTO cost_daily_tags (tenant_id, source_id, billing_period_start, day, provider,
     sub_account_id, tag_key, tag_value, billing_currency, billed_cost, effective_cost, list_cost)
   SELECT $1::varchar, $2::uuid, $3::timestamptz, day, provider, sub_account_id, tag.key, tag.value, billing_currency, ${SUMS}
     FROM ${GROUPS}, jsonb_each_text(tags) AS tag
    GROUP BY day, provider, sub_account_id, tag.key, tag.value, billing_currency`,
];
