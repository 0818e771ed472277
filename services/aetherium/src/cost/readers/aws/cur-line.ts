import { awsUrns } from '@codex/connectors';

import type { ChargeCategory, ChargeFrequency, CostLine } from '../../focus/cost-line';
import { completePricing } from '../../focus/priced-charge';
import { type Cell, decimal, text, time } from '../values';
import { awsService } from './aws-services';

/** A CUR 2.0 row as read from Parquet or CSV, by column name. */
export type CurRow = Record<string, Cell>;

const CATEGORY: Record<string, ChargeCategory> = {
  Usage: 'Usage',
  DiscountedUsage: 'Usage',
  SavingsPlanCoveredUsage: 'Usage',
  SavingsPlanNegation: 'Usage',
  RIFee: 'Purchase',
  Fee: 'Purchase',
  SavingsPlanRecurringFee: 'Purchase',
  SavingsPlanUpfrontFee: 'Purchase',
  Tax: 'Tax',
  Credit: 'Credit',
  Refund: 'Credit',
  BundledDiscount: 'Credit',
  Discount: 'Credit',
  EdpDiscount: 'Credit',
  PrivateRateDiscount: 'Credit',
};

const FREQUENCY: Partial<Record<string, ChargeFrequency>> = {
  RIFee: 'Recurring',
  SavingsPlanRecurringFee: 'Recurring',
  SavingsPlanUpfrontFee: 'One-Time',
  Fee: 'One-Time',
  Tax: 'Recurring',
  Credit: 'One-Time',
  Refund: 'One-Time',
};

/** The amortised cost of a line by its type (ADR 22), from its unblended cost and columns. */
export function curEffectiveCost(row: CurRow, type: string, unblended: number): number {
  switch (type) {
    case 'DiscountedUsage':
      return decimal(row.reservation_effective_cost) ?? 0;
    case 'SavingsPlanCoveredUsage':
      return decimal(row.savings_plan_savings_plan_effective_cost) ?? 0;
    case 'SavingsPlanNegation':
    case 'SavingsPlanUpfrontFee':
      return 0;
    case 'SavingsPlanRecurringFee':
      return (
        (decimal(row.savings_plan_total_commitment_to_date) ?? 0) -
        (decimal(row.savings_plan_used_commitment) ?? 0)
      );
    case 'RIFee':
      return (
        (decimal(row.reservation_unused_amortized_upfront_fee_for_billing_period) ?? 0) +
        (decimal(row.reservation_unused_recurring_fee) ?? 0)
      );
    case 'Fee':
      return text(row.reservation_reservation_a_r_n) ? 0 : unblended;
    default:
      return unblended;
  }
}

function commitment(row: CurRow, type: string): Partial<CostLine> {
  const savingsPlan = text(row.savings_plan_savings_plan_a_r_n);
  const reservation = text(row.reservation_reservation_a_r_n);
  const id = savingsPlan ?? reservation;
  if (!id) return {};
  const used = type === 'DiscountedUsage' || type === 'SavingsPlanCoveredUsage';
  return {
    commitmentDiscountId: id,
    commitmentDiscountType: savingsPlan ? 'Savings Plan' : 'Reserved Instance',
    commitmentDiscountCategory: savingsPlan ? 'Spend' : 'Usage',
    commitmentDiscountName: id.slice(id.lastIndexOf('/') + 1),
    commitmentDiscountStatus: CATEGORY[type] === 'Usage' ? 'Used' : null,
    pricingCategory: used ? 'Committed' : null,
  };
}

// Every line of a resource carries the same tags: parse each distinct value once, and share it.
const parsedTags = new Map<string, Record<string, string>>();
const NO_TAGS: Record<string, string> = {};

/** `resource_tags` keys are `user_<key>` (and `aws_…` for AWS-generated tags). */
function tags(value: Cell): Record<string, string> {
  if (value === null || value === undefined || value === '') return NO_TAGS;
  const key = typeof value === 'string' ? value : JSON.stringify(value);
  let found = parsedTags.get(key);
  if (!found) {
    found = tagsOf(typeof value === 'string' ? (JSON.parse(value) as unknown) : value);
    if (parsedTags.size > 50_000) parsedTags.clear();
    parsedTags.set(key, found);
  }
  return found;
}

function tagsOf(map: unknown): Record<string, string> {
  if (!map || typeof map !== 'object') return {};
  const entries = map instanceof Map ? [...map.entries()] : Object.entries(map);
  const out: Record<string, string> = {};
  for (const [key, tagValue] of entries as [string, unknown][]) {
    if (tagValue === null || tagValue === undefined || tagValue === '') continue;
    out[key.startsWith('user_') ? key.slice(5) : key] = text(tagValue) ?? '';
  }
  return out;
}

function resourceUrn(
  productCode: string,
  account: string,
  region: string | null,
  id: string | null,
) {
  if (!id || !region) return null;
  if (productCode === 'AmazonEC2' && /^i-[0-9a-f]+$/.test(id)) {
    return awsUrns.format({
      accountId: account,
      region,
      resourceType: 'ec2/instance',
      resourceId: id,
    });
  }
  if (productCode === 'AmazonS3' && !id.includes(':')) {
    return awsUrns.format({
      accountId: account,
      region,
      resourceType: 's3/bucket',
      resourceId: id,
    });
  }
  return null;
}

/** Why a row cannot be a charge, or undefined. */
function problem(row: CurRow, line: CostLine, type: string | null): string | undefined {
  if (!type) return 'line_item_line_item_type is empty';
  if (!CATEGORY[type]) return `line_item_line_item_type '${type}' is not a CUR line item type`;
  for (const [name, value] of [
    ['line_item_usage_start_date', line.chargePeriodStart],
    ['line_item_usage_end_date', line.chargePeriodEnd],
    ['bill_billing_period_start_date', line.billingPeriodStart],
  ] as const) {
    if (Number.isNaN(value.getTime())) return `${name} '${String(row[name])}' is not a time`;
  }
  if (Number.isNaN(line.billedCost))
    return `line_item_unblended_cost '${String(row.line_item_unblended_cost)}' is not a number`;
  if (Number.isNaN(line.effectiveCost)) return 'an amortisation column is not a number';
  if (!/^[A-Z]{3}$/.test(line.billingCurrency))
    return `line_item_currency_code '${line.billingCurrency}' is not a currency`;
  return undefined;
}

const INVALID = new Date(Number.NaN);

/** One CUR 2.0 row as a FOCUS charge, or the reason it is malformed. */
export function curLine(row: CurRow): CostLine | string {
  const type = text(row.line_item_line_item_type);
  const productCode = text(row.line_item_product_code) ?? 'Unknown';
  const unblended = decimal(row.line_item_unblended_cost) ?? Number.NaN;
  const account = text(row.line_item_usage_account_id) ?? text(row.bill_payer_account_id) ?? '';
  const region = text(row.product_region_code);
  const resourceId = text(row.line_item_resource_id);
  const service = awsService(productCode);
  const onDemand = decimal(row.pricing_public_on_demand_cost);
  const quantity = decimal(row.line_item_usage_amount);
  const category = (type && CATEGORY[type]) || 'Usage';
  const usage = category === 'Usage';
  const entity = text(row.bill_billing_entity) ?? 'AWS';
  const line: CostLine = {
    billingPeriodStart: time(row.bill_billing_period_start_date) ?? INVALID,
    billingPeriodEnd: time(row.bill_billing_period_end_date) ?? INVALID,
    chargePeriodStart: time(row.line_item_usage_start_date) ?? INVALID,
    chargePeriodEnd: time(row.line_item_usage_end_date) ?? INVALID,
    billingAccountId: text(row.bill_payer_account_id) ?? account,
    billingAccountName: null,
    subAccountId: account || null,
    subAccountName: account || null,
    invoiceId: text(row.bill_invoice_id),
    invoiceIssuerName: entity,
    publisherName: entity,
    chargeCategory: category,
    chargeClass: type === 'Refund' ? 'Correction' : null,
    chargeFrequency: (type && FREQUENCY[type]) || 'Usage-Based',
    chargeDescription: text(row.line_item_line_item_description),
    pricingCategory: onDemand !== null ? 'Standard' : null,
    billedCost: unblended,
    effectiveCost: type ? curEffectiveCost(row, type, unblended) : Number.NaN,
    listCost: onDemand ?? unblended,
    contractedCost: unblended,
    billingCurrency: text(row.line_item_currency_code) ?? 'USD',
    consumedQuantity: usage ? quantity : null,
    consumedUnit: usage ? text(row.pricing_unit) : null,
    pricingQuantity: quantity,
    pricingUnit: text(row.pricing_unit),
    listUnitPrice: decimal(row.pricing_public_on_demand_rate),
    contractedUnitPrice: decimal(row.line_item_unblended_rate),
    regionId: region,
    regionName: region,
    availabilityZone: null,
    resourceId,
    resourceName: resourceId,
    resourceType: resourceId ? service.name : null,
    resourceUrn: resourceUrn(productCode, account, region, resourceId),
    serviceCategory: service.category,
    serviceName: service.name,
    skuId: text(row.product_sku),
    skuPriceId: text(row.product_sku),
    commitmentDiscountId: null,
    commitmentDiscountType: null,
    commitmentDiscountCategory: null,
    commitmentDiscountStatus: null,
    commitmentDiscountName: null,
    tags: tags(row.resource_tags),
    usageType: text(row.line_item_usage_type),
  };
  if (type && (row.savings_plan_savings_plan_a_r_n || row.reservation_reservation_a_r_n)) {
    Object.assign(line, commitment(row, type));
  }
  return problem(row, line, type) ?? completePricing(line);
}
