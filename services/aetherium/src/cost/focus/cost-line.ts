/** FOCUS 1.2 charge categories. */
export type ChargeCategory = 'Usage' | 'Purchase' | 'Tax' | 'Credit' | 'Adjustment';
export type ChargeFrequency = 'One-Time' | 'Recurring' | 'Usage-Based';
export type PricingCategory = 'Standard' | 'Dynamic' | 'Committed' | 'Other';

/**
 * One charge as a reader hands it over, already in FOCUS terms (ADR 22). Money and quantities
 * are numbers as the provider wrote them; the database sums them as numeric.
 */
export interface CostLine {
  billingPeriodStart: Date;
  billingPeriodEnd: Date;
  chargePeriodStart: Date;
  chargePeriodEnd: Date;
  billingAccountId: string;
  billingAccountName: string | null;
  subAccountId: string | null;
  subAccountName: string | null;
  invoiceId: string | null;
  invoiceIssuerName: string;
  publisherName: string;
  chargeCategory: ChargeCategory;
  chargeClass: 'Correction' | null;
  chargeFrequency: ChargeFrequency;
  chargeDescription: string | null;
  pricingCategory: PricingCategory | null;
  billedCost: number;
  effectiveCost: number;
  listCost: number;
  contractedCost: number;
  billingCurrency: string;
  consumedQuantity: number | null;
  consumedUnit: string | null;
  pricingQuantity: number | null;
  pricingUnit: string | null;
  listUnitPrice: number | null;
  contractedUnitPrice: number | null;
  regionId: string | null;
  regionName: string | null;
  availabilityZone: string | null;
  resourceId: string | null;
  resourceName: string | null;
  resourceType: string | null;
  resourceUrn: string | null;
  serviceCategory: string;
  serviceName: string;
  skuId: string | null;
  skuPriceId: string | null;
  commitmentDiscountId: string | null;
  commitmentDiscountType: string | null;
  commitmentDiscountCategory: 'Spend' | 'Usage' | null;
  commitmentDiscountStatus: 'Used' | 'Unused' | null;
  commitmentDiscountName: string | null;
  tags: Record<string, string>;
  usageType: string | null;
}

/** A line with every optional column empty, for readers to fill in. */
export function emptyLine(
  required: Pick<
    CostLine,
    | 'billingPeriodStart'
    | 'billingPeriodEnd'
    | 'chargePeriodStart'
    | 'chargePeriodEnd'
    | 'billingAccountId'
    | 'invoiceIssuerName'
    | 'publisherName'
    | 'chargeCategory'
    | 'chargeFrequency'
    | 'billedCost'
    | 'effectiveCost'
    | 'billingCurrency'
    | 'serviceCategory'
    | 'serviceName'
  >,
): CostLine {
  return {
    billingAccountName: null,
    subAccountId: null,
    subAccountName: null,
    invoiceId: null,
    chargeClass: null,
    chargeDescription: null,
    pricingCategory: null,
    listCost: required.billedCost,
    contractedCost: required.billedCost,
    consumedQuantity: null,
    consumedUnit: null,
    pricingQuantity: null,
    pricingUnit: null,
    listUnitPrice: null,
    contractedUnitPrice: null,
    regionId: null,
    regionName: null,
    availabilityZone: null,
    resourceId: null,
    resourceName: null,
    resourceType: null,
    resourceUrn: null,
    skuId: null,
    skuPriceId: null,
    commitmentDiscountId: null,
    commitmentDiscountType: null,
    commitmentDiscountCategory: null,
    commitmentDiscountStatus: null,
    commitmentDiscountName: null,
    tags: {},
    usageType: null,
    ...required,
  };
}
