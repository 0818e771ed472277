import { azureResourceKey, azureUrns, parseAzureResourceId } from '@codex/connectors';

import type {
  ChargeCategory,
  ChargeFrequency,
  CostLine,
  PricingCategory,
} from '../../focus/cost-line';
import { completePricing } from '../../focus/priced-charge';
import type { Row } from '../tabular-files';
import { decimal, text, time } from '../values';

const CATEGORIES = new Set(['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment']);
const VIRTUAL_MACHINE = /\/providers\/Microsoft\.Compute\/virtualMachines\/[^/]+$/i;

function tags(value: unknown): Record<string, string> {
  const raw = text(value);
  if (!raw) return {};
  const parsed = JSON.parse(raw) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(parsed).map(([key, tagValue]) => [key, String(tagValue)]),
  );
}

function resourceUrn(resourceId: string | null, region: string | null): string | null {
  if (!resourceId || !region || !VIRTUAL_MACHINE.test(resourceId)) return null;
  const id = parseAzureResourceId(resourceId);
  if (!id) return null;
  return azureUrns.format({
    accountId: id.subscriptionId.toLowerCase(),
    region: region.toLowerCase(),
    resourceType: 'compute/virtualMachine',
    resourceId: azureResourceKey(id.resourceGroup, id.name),
  });
}

/** A row of a FocusCost export (already FOCUS, already amortised), or why it is malformed. */
export function focusCsvLine(row: Row): CostLine | string {
  const category = text(row.ChargeCategory);
  if (!category || !CATEGORIES.has(category))
    return `ChargeCategory '${category ?? ''}' is not a FOCUS charge category`;
  const periods = [
    'BillingPeriodStart',
    'BillingPeriodEnd',
    'ChargePeriodStart',
    'ChargePeriodEnd',
  ] as const;
  const [billingPeriodStart, billingPeriodEnd, chargePeriodStart, chargePeriodEnd] = periods.map(
    (name) => time(row[name]) ?? new Date(Number.NaN),
  ) as [Date, Date, Date, Date];
  for (const [index, value] of [
    billingPeriodStart,
    billingPeriodEnd,
    chargePeriodStart,
    chargePeriodEnd,
  ].entries()) {
    if (Number.isNaN(value.getTime()))
      return `${periods[index]} '${String(row[periods[index]!])}' is not a time`;
  }
  const billed = decimal(row.BilledCost);
  const effective = decimal(row.EffectiveCost);
  if (billed === null || Number.isNaN(billed))
    return `BilledCost '${String(row.BilledCost)}' is not a number`;
  if (effective === null || Number.isNaN(effective))
    return `EffectiveCost '${String(row.EffectiveCost)}' is not a number`;
  const currency = text(row.BillingCurrency) ?? '';
  if (!/^[A-Z]{3}$/.test(currency)) return `BillingCurrency '${currency}' is not a currency`;
  let parsedTags: Record<string, string>;
  try {
    parsedTags = tags(row.Tags);
  } catch {
    return `Tags '${String(row.Tags)}' is not a JSON object`;
  }
  const resourceId = text(row.ResourceId);
  const region = text(row.RegionId);
  const subscription = text(row.SubAccountId);
  return completePricing({
    billingPeriodStart,
    billingPeriodEnd,
    chargePeriodStart,
    chargePeriodEnd,
    billingAccountId: text(row.BillingAccountId) ?? subscription ?? '',
    billingAccountName: text(row.BillingAccountName),
    subAccountId: subscription,
    subAccountName: text(row.SubAccountName),
    invoiceId: text(row.InvoiceId),
    invoiceIssuerName: text(row.InvoiceIssuerName) ?? 'Microsoft',
    publisherName: text(row.PublisherName) ?? 'Microsoft',
    chargeCategory: category as ChargeCategory,
    chargeClass: text(row.ChargeClass) === 'Correction' ? 'Correction' : null,
    chargeFrequency: (text(row.ChargeFrequency) ?? 'Usage-Based') as ChargeFrequency,
    chargeDescription: text(row.ChargeDescription),
    pricingCategory: text(row.PricingCategory) as PricingCategory | null,
    billedCost: billed,
    effectiveCost: effective,
    listCost: decimal(row.ListCost) ?? billed,
    contractedCost: decimal(row.ContractedCost) ?? billed,
    billingCurrency: currency,
    consumedQuantity: decimal(row.ConsumedQuantity),
    consumedUnit: text(row.ConsumedUnit),
    pricingQuantity: decimal(row.PricingQuantity),
    pricingUnit: text(row.PricingUnit),
    listUnitPrice: decimal(row.ListUnitPrice),
    contractedUnitPrice: decimal(row.ContractedUnitPrice),
    regionId: region,
    regionName: text(row.RegionName),
    availabilityZone: text(row.AvailabilityZone),
    resourceId,
    resourceName: text(row.ResourceName),
    resourceType: text(row.ResourceType),
    resourceUrn: resourceUrn(resourceId, region),
    serviceCategory: text(row.ServiceCategory) ?? 'Other',
    serviceName: text(row.ServiceName) ?? 'Unknown',
    skuId: text(row.SkuId),
    skuPriceId: text(row.SkuPriceId),
    commitmentDiscountId: text(row.CommitmentDiscountId),
    commitmentDiscountType: text(row.CommitmentDiscountType),
    commitmentDiscountCategory: text(
      row.CommitmentDiscountCategory,
    ) as CostLine['commitmentDiscountCategory'],
    commitmentDiscountStatus: text(
      row.CommitmentDiscountStatus,
    ) as CostLine['commitmentDiscountStatus'],
    commitmentDiscountName: text(row.CommitmentDiscountName),
    tags: parsedTags,
    usageType: text(row.x_SkuMeterCategory),
  });
}
