import type { CostLine } from './cost-line';

/** The columns of cost_line_items the same for every line of one period's ingestion. */
export const PERIOD_COLUMNS = [
  'tenant_id',
  'source_id',
  'account_id',
  'provider',
  'billing_period_start',
  'billing_period_end',
] as const;

/** The columns of cost_line_items each line fills, in the order copyRow writes them. */
export const COPY_COLUMNS = [
  'charge_period_start',
  'charge_period_end',
  'billing_account_id',
  'billing_account_name',
  'sub_account_id',
  'sub_account_name',
  'invoice_id',
  'invoice_issuer_name',
  'publisher_name',
  'charge_category',
  'charge_class',
  'charge_frequency',
  'charge_description',
  'pricing_category',
  'billed_cost',
  'effective_cost',
  'list_cost',
  'contracted_cost',
  'billing_currency',
  'consumed_quantity',
  'consumed_unit',
  'pricing_quantity',
  'pricing_unit',
  'list_unit_price',
  'contracted_unit_price',
  'region_id',
  'region_name',
  'availability_zone',
  'resource_id',
  'resource_name',
  'resource_type',
  'resource_urn',
  'service_category',
  'service_name',
  'sku_id',
  'sku_price_id',
  'commitment_discount_id',
  'commitment_discount_type',
  'commitment_discount_category',
  'commitment_discount_status',
  'commitment_discount_name',
  'tags',
  'usage_type',
] as const;

const NULL = '\\N';

/** Text-format escaping: backslash, and the delimiter and line breaks it would split on. */
function escaped(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : value;
}

function text(value: string | null): string {
  return value === null ? NULL : escaped(value);
}

function num(value: number | null): string {
  if (value === null) return NULL;
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return String(value);
}

// A bill repeats the same few hours and days on every line: format each one once.
const isoTimes = new Map<number, string>();
function time(value: Date): string {
  const at = value.getTime();
  let text = isoTimes.get(at);
  if (text === undefined) {
    text = value.toISOString();
    if (isoTimes.size > 100_000) isoTimes.clear();
    isoTimes.set(at, text);
  }
  return text;
}

// Lines of one resource share one tags object (readers cache them): serialise each once.
const tagTexts = new WeakMap<Record<string, string>, string>();
function tagsText(tags: Record<string, string>): string {
  let text = tagTexts.get(tags);
  if (text === undefined) {
    text = escaped(JSON.stringify(tags));
    tagTexts.set(tags, text);
  }
  return text;
}

/** One line of COPY's text format for a charge, newline included. */
export function copyRow(line: CostLine): string {
  return (
    time(line.chargePeriodStart) +
    '\t' +
    time(line.chargePeriodEnd) +
    '\t' +
    [
      text(line.billingAccountId),
      text(line.billingAccountName),
      text(line.subAccountId),
      text(line.subAccountName),
      text(line.invoiceId),
      text(line.invoiceIssuerName),
      text(line.publisherName),
      text(line.chargeCategory),
      text(line.chargeClass),
      text(line.chargeFrequency),
      text(line.chargeDescription),
      text(line.pricingCategory),
      num(line.billedCost),
      num(line.effectiveCost),
      num(line.listCost),
      num(line.contractedCost),
      text(line.billingCurrency),
      num(line.consumedQuantity),
      text(line.consumedUnit),
      num(line.pricingQuantity),
      text(line.pricingUnit),
      num(line.listUnitPrice),
      num(line.contractedUnitPrice),
      text(line.regionId),
      text(line.regionName),
      text(line.availabilityZone),
      text(line.resourceId),
      text(line.resourceName),
      text(line.resourceType),
      text(line.resourceUrn),
      text(line.serviceCategory),
      text(line.serviceName),
      text(line.skuId),
      text(line.skuPriceId),
      text(line.commitmentDiscountId),
      text(line.commitmentDiscountType),
      text(line.commitmentDiscountCategory),
      text(line.commitmentDiscountStatus),
      text(line.commitmentDiscountName),
      tagsText(line.tags),
      text(line.usageType),
    ].join('\t') +
    '\n'
  );
}
