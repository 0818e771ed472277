import { type CostLine, emptyLine } from '../focus/cost-line';

/** One day of a service's cost as a provider's cost API aggregates it (no export). */
export interface AggregatedDay {
  day: string;
  billingAccountId: string;
  subAccountId: string;
  service: string;
  serviceCategory: string;
  regionId: string | null;
  resourceId: string | null;
  billed: number;
  effective: number;
  quantity: number;
  currency: string;
  issuer: string;
}

/**
 * A cost API's daily aggregate as a Usage charge. The API names no SKU or price, so the
 * service stands for the SKU and the unit price is the cost over the quantity.
 */
export function aggregatedLine(
  day: AggregatedDay,
  billingPeriod: { start: Date; end: Date },
): CostLine {
  const start = new Date(`${day.day}T00:00:00Z`);
  const line = emptyLine({
    billingPeriodStart: billingPeriod.start,
    billingPeriodEnd: billingPeriod.end,
    chargePeriodStart: start,
    chargePeriodEnd: new Date(start.getTime() + 86_400_000),
    billingAccountId: day.billingAccountId,
    invoiceIssuerName: day.issuer,
    publisherName: day.issuer,
    chargeCategory: 'Usage',
    chargeFrequency: 'Usage-Based',
    billedCost: day.billed,
    effectiveCost: day.effective,
    billingCurrency: day.currency,
    serviceCategory: day.serviceCategory,
    serviceName: day.service,
  });
  const unitPrice = day.quantity > 0 ? day.billed / day.quantity : 0;
  return Object.assign(line, {
    subAccountId: day.subAccountId,
    subAccountName: day.subAccountId,
    pricingCategory: 'Standard' as const,
    consumedQuantity: day.quantity,
    consumedUnit: 'Units',
    pricingQuantity: day.quantity,
    pricingUnit: 'Units',
    listUnitPrice: unitPrice,
    contractedUnitPrice: unitPrice,
    regionId: day.regionId,
    regionName: day.regionId,
    resourceId: day.resourceId,
    resourceName: day.resourceId,
    resourceType: day.resourceId ? day.service : null,
    skuId: day.service,
    skuPriceId: day.service,
  });
}

/** The billing months from `months - 1` months before the current one through the current one. */
export function recentMonths(months: number, now = new Date()): string[] {
  const periods: string[] = [];
  for (let back = months - 1; back >= 0; back--) {
    periods.push(
      new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1))
        .toISOString()
        .slice(0, 7),
    );
  }
  return periods;
}
