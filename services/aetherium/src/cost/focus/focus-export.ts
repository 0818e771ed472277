/**
 * Writing stored charges as FOCUS 1.2 CSV (docs/focus.md): the FOCUS column of each stored
 * column, date/times in the spec's `YYYY-MM-DDTHH:mm:ssZ`, x_ columns for what only Codex has.
 */
const COLUMNS: [focus: string, stored: string][] = [
  ['AvailabilityZone', 'availability_zone'],
  ['BilledCost', 'billed_cost'],
  ['BillingAccountId', 'billing_account_id'],
  ['BillingAccountName', 'billing_account_name'],
  ['BillingCurrency', 'billing_currency'],
  ['BillingPeriodEnd', 'billing_period_end'],
  ['BillingPeriodStart', 'billing_period_start'],
  ['ChargeCategory', 'charge_category'],
  ['ChargeClass', 'charge_class'],
  ['ChargeDescription', 'charge_description'],
  ['ChargeFrequency', 'charge_frequency'],
  ['ChargePeriodEnd', 'charge_period_end'],
  ['ChargePeriodStart', 'charge_period_start'],
  ['CommitmentDiscountCategory', 'commitment_discount_category'],
  ['CommitmentDiscountId', 'commitment_discount_id'],
  ['CommitmentDiscountName', 'commitment_discount_name'],
  ['CommitmentDiscountStatus', 'commitment_discount_status'],
  ['CommitmentDiscountType', 'commitment_discount_type'],
  ['ConsumedQuantity', 'consumed_quantity'],
  ['ConsumedUnit', 'consumed_unit'],
  ['ContractedCost', 'contracted_cost'],
  ['ContractedUnitPrice', 'contracted_unit_price'],
  ['EffectiveCost', 'effective_cost'],
  ['InvoiceId', 'invoice_id'],
  ['InvoiceIssuerName', 'invoice_issuer_name'],
  ['ListCost', 'list_cost'],
  ['ListUnitPrice', 'list_unit_price'],
  ['PricingCategory', 'pricing_category'],
  ['PricingQuantity', 'pricing_quantity'],
  ['PricingUnit', 'pricing_unit'],
  ['ProviderName', 'provider_name'],
  ['PublisherName', 'publisher_name'],
  ['RegionId', 'region_id'],
  ['RegionName', 'region_name'],
  ['ResourceId', 'resource_id'],
  ['ResourceName', 'resource_name'],
  ['ResourceType', 'resource_type'],
  ['ServiceCategory', 'service_category'],
  ['ServiceName', 'service_name'],
  ['SkuId', 'sku_id'],
  ['SkuPriceId', 'sku_price_id'],
  ['SubAccountId', 'sub_account_id'],
  ['SubAccountName', 'sub_account_name'],
  ['Tags', 'tags'],
  ['x_CodexAccountId', 'account_id'],
  ['x_ResourceUrn', 'resource_urn'],
  ['x_UsageType', 'usage_type'],
];

export const FOCUS_EXPORT_HEADER = `${COLUMNS.map(([focus]) => focus).join(',')}\r\n`;

/** The SELECT list that reads a line item for the export, in header order. */
export const FOCUS_EXPORT_SELECT = COLUMNS.map(
  ([, stored], index) => `${selected(stored)} AS c${index}`,
).join(', ');

function selected(stored: string): string {
  if (stored === 'provider_name') {
    return `CASE provider WHEN 'aws' THEN 'AWS' WHEN 'azure' THEN 'Microsoft' WHEN 'gcp' THEN 'Google Cloud' ELSE provider END`;
  }
  if (stored.endsWith('_start') || stored.endsWith('_end')) {
    return `to_char(${stored} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
  }
  if (stored === 'tags') return 'tags::text';
  return `${stored}::text`;
}

/** RFC 4180 quoting where a value needs it; null is an empty field. */
function field(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function focusCsvLine(values: (string | null)[]): string {
  return `${values.map(field).join(',')}\r\n`;
}
