import { gcpUrns } from '@codex/connectors';

import { type ChargeCategory, type CostLine, emptyLine } from '../../focus/cost-line';
import { monthBounds } from '../bill-reader';
import { decimal, text, time } from '../values';
import { gcpServiceCategory } from './gcp-services';

/** A row of the detailed usage cost export, as the BigQuery client returns it. */
export interface BillingExportRow {
  billing_account_id: string;
  service?: { id?: string; description?: string } | null;
  sku?: { id?: string; description?: string } | null;
  usage_start_time: unknown;
  usage_end_time: unknown;
  project?: { id?: string; number?: string; name?: string } | null;
  labels?: { key: string; value: string }[] | null;
  location?: { location?: string; region?: string; zone?: string } | null;
  resource?: { name?: string; global_name?: string } | null;
  cost: unknown;
  currency: string;
  usage?: {
    amount?: unknown;
    unit?: string;
    amount_in_pricing_units?: unknown;
    pricing_unit?: string;
  } | null;
  credits?:
    { name?: string; amount: unknown; full_name?: string; id?: string; type?: string }[] | null;
  invoice?: { month?: string } | null;
  cost_type?: string | null;
  cost_at_list?: unknown;
  subscription?: { instance_id?: string } | null;
}

const CUD = 'COMMITTED_USAGE_DISCOUNT';
const CUD_ID = /^CommittedUsageDiscount:(.+)$/;

/** BigQuery answers TIMESTAMP as `{ value }`; anything else is read as it is. */
function timeOf(value: unknown): Date {
  const raw = value && typeof value === 'object' && 'value' in value ? value.value : value;
  return time(raw) ?? new Date(Number.NaN);
}

function category(row: BillingExportRow): ChargeCategory {
  switch (row.cost_type) {
    case 'tax':
      return 'Tax';
    case 'adjustment':
    case 'rounding_error':
      return 'Adjustment';
    default:
      return row.subscription?.instance_id ? 'Purchase' : 'Usage';
  }
}

function resourceUrn(row: BillingExportRow, project: string | null): string | null {
  const bucket = /^\/\/storage\.googleapis\.com\/projects\/_\/buckets\/([^/]+)$/.exec(
    row.resource?.global_name ?? '',
  );
  const location = row.location?.location ?? row.location?.region;
  if (!bucket?.[1] || !project || !location) return null;
  return gcpUrns.format({
    accountId: project,
    region: location.toLowerCase(),
    resourceType: 'storage/bucket',
    resourceId: bucket[1],
  });
}

/** A charge line of the row, before credits and commitment amortisation. */
function chargeLine(row: BillingExportRow): CostLine {
  const month = row.invoice?.month ?? '';
  const bounds = monthBounds(`${month.slice(0, 4)}-${month.slice(4, 6)}`);
  const chargeCategory = category(row);
  const cost = decimal(row.cost) ?? Number.NaN;
  const service = row.service?.description ?? 'Unknown';
  const project = row.project?.id ?? null;
  const priced = chargeCategory === 'Usage' || chargeCategory === 'Purchase';
  const pricingQuantity = decimal(row.usage?.amount_in_pricing_units) ?? (priced ? 0 : null);
  const listCost = decimal(row.cost_at_list) ?? cost;
  const unit = (amount: number) => (pricingQuantity ? amount / pricingQuantity : 0);
  const line = emptyLine({
    billingPeriodStart: bounds.start,
    billingPeriodEnd: bounds.end,
    chargePeriodStart: timeOf(row.usage_start_time),
    chargePeriodEnd: timeOf(row.usage_end_time),
    billingAccountId: row.billing_account_id,
    invoiceIssuerName: 'Google Cloud',
    publisherName: 'Google Cloud',
    chargeCategory,
    chargeFrequency:
      chargeCategory === 'Purchase'
        ? 'Recurring'
        : chargeCategory === 'Usage'
          ? 'Usage-Based'
          : 'One-Time',
    billedCost: cost,
    effectiveCost: cost,
    billingCurrency: row.currency,
    serviceCategory: gcpServiceCategory(service),
    serviceName: service,
  });
  const resourceId = text(row.resource?.global_name) ?? text(row.resource?.name);
  return Object.assign(line, {
    listCost,
    subAccountId: project,
    subAccountName: row.project?.name ?? project,
    chargeDescription: text(row.sku?.description),
    pricingCategory: priced ? ('Standard' as const) : null,
    consumedQuantity: chargeCategory === 'Usage' ? (decimal(row.usage?.amount) ?? 0) : null,
    consumedUnit: chargeCategory === 'Usage' ? (text(row.usage?.unit) ?? 'Count') : null,
    pricingQuantity: priced ? pricingQuantity : null,
    pricingUnit: priced ? (text(row.usage?.pricing_unit) ?? 'Count') : null,
    listUnitPrice: priced ? unit(listCost) : null,
    contractedUnitPrice: priced ? unit(cost) : null,
    regionId: text(row.location?.region) ?? text(row.location?.location),
    regionName: text(row.location?.region) ?? text(row.location?.location),
    availabilityZone: text(row.location?.zone),
    resourceId,
    resourceName: text(row.resource?.name),
    resourceType: resourceId ? service : null,
    resourceUrn: resourceUrn(row, project),
    skuId: priced ? (text(row.sku?.id) ?? 'unknown') : null,
    skuPriceId: priced ? (text(row.sku?.id) ?? 'unknown') : null,
    tags: Object.fromEntries((row.labels ?? []).map((label) => [label.key, label.value])),
    usageType: text(row.sku?.description),
    ...(row.subscription?.instance_id
      ? {
          commitmentDiscountId: row.subscription.instance_id,
          commitmentDiscountType: 'Committed Use Discount',
          commitmentDiscountCategory: 'Usage' as const,
          commitmentDiscountName: text(row.sku?.description),
        }
      : {}),
  });
}

function creditLine(
  usage: CostLine,
  credit: NonNullable<BillingExportRow['credits']>[number],
): CostLine {
  const amount = decimal(credit.amount) ?? Number.NaN;
  const committed = credit.type === CUD;
  return {
    ...usage,
    chargeCategory: 'Credit',
    chargeFrequency: 'Usage-Based',
    chargeDescription: text(credit.full_name) ?? text(credit.name),
    billedCost: amount,
    effectiveCost: committed ? 0 : amount,
    listCost: 0,
    contractedCost: amount,
    pricingCategory: null,
    consumedQuantity: null,
    consumedUnit: null,
    pricingQuantity: null,
    pricingUnit: null,
    listUnitPrice: null,
    contractedUnitPrice: null,
    skuId: null,
    skuPriceId: null,
    commitmentDiscountId: null,
    commitmentDiscountType: null,
    commitmentDiscountCategory: null,
    commitmentDiscountStatus: null,
    commitmentDiscountName: null,
    usageType: text(credit.type),
  };
}

/**
 * A month of export rows as FOCUS charges (ADR 22): each row a charge, each credit its own
 * Credit line, and each commitment's daily fee spread over the usage its discount covered
 * that day, in proportion to the discount; a day with none keeps the fee as unused.
 */
export function billingExportLines(rows: BillingExportRow[]): CostLine[] {
  const lines: CostLine[] = [];
  const covered: { line: CostLine; commitment: string; weight: number }[] = [];
  const fees: CostLine[] = [];
  for (const row of rows) {
    const line = chargeLine(row);
    lines.push(line);
    if (line.chargeCategory === 'Purchase' && line.commitmentDiscountId) fees.push(line);
    for (const credit of row.credits ?? []) {
      lines.push(creditLine(line, credit));
      const commitment = credit.type === CUD ? CUD_ID.exec(credit.id ?? '')?.[1] : undefined;
      if (!commitment) continue;
      const discount = decimal(credit.amount) ?? 0;
      line.effectiveCost += discount;
      line.pricingCategory = 'Committed';
      Object.assign(line, {
        commitmentDiscountId: commitment,
        commitmentDiscountType: 'Committed Use Discount',
        commitmentDiscountCategory: 'Usage',
        commitmentDiscountStatus: 'Used',
        commitmentDiscountName: text(credit.full_name) ?? text(credit.name),
      });
      covered.push({ line, commitment, weight: Math.abs(discount) });
    }
  }
  amortise(fees, covered);
  return lines;
}

const dayOf = (date: Date) => date.toISOString().slice(0, 10);

function amortise(
  fees: CostLine[],
  covered: { line: CostLine; commitment: string; weight: number }[],
): void {
  const usage = new Map<string, { line: CostLine; weight: number }[]>();
  for (const entry of covered) {
    const key = `${entry.commitment}|${dayOf(entry.line.chargePeriodStart)}`;
    usage.set(key, [...(usage.get(key) ?? []), entry]);
  }
  for (const fee of fees) {
    const lines = usage.get(`${fee.commitmentDiscountId}|${dayOf(fee.chargePeriodStart)}`) ?? [];
    const total = lines.reduce((sum, entry) => sum + entry.weight, 0);
    if (total === 0) {
      fee.commitmentDiscountStatus = null;
      continue;
    }
    for (const entry of lines) entry.line.effectiveCost += (fee.billedCost * entry.weight) / total;
    fee.effectiveCost = 0;
  }
}

/** Why a line cannot be stored, or undefined. */
export function billingExportProblem(line: CostLine): string | undefined {
  if (Number.isNaN(line.chargePeriodStart.getTime())) return 'usage_start_time is not a time';
  if (Number.isNaN(line.chargePeriodEnd.getTime())) return 'usage_end_time is not a time';
  if (Number.isNaN(line.billingPeriodStart.getTime())) return 'invoice.month is not a YYYYMM month';
  if (Number.isNaN(line.billedCost) || Number.isNaN(line.effectiveCost))
    return 'cost or a credit amount is not a number';
  if (!/^[A-Z]{3}$/.test(line.billingCurrency))
    return `currency '${line.billingCurrency}' is not a currency`;
  return undefined;
}
