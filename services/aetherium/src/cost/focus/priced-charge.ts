import type { CostLine } from './cost-line';

/**
 * FOCUS wants a SKU, a price and a quantity on every Usage and Purchase charge (Correction
 * aside) and none on Tax. Where a bill leaves them out, the line's own figures stand in: its
 * usage type for the SKU, its cost over its quantity for the unit prices.
 */
export function completePricing(line: CostLine): CostLine {
  if (line.chargeCategory === 'Tax') {
    line.pricingCategory = null;
    line.pricingQuantity = null;
    line.pricingUnit = null;
    line.listUnitPrice = null;
    line.contractedUnitPrice = null;
    line.skuId = null;
    line.skuPriceId = null;
    line.consumedQuantity = null;
    line.consumedUnit = null;
    return line;
  }
  const priced = line.chargeCategory === 'Usage' || line.chargeCategory === 'Purchase';
  if (!priced || line.chargeClass === 'Correction') return line;
  const quantity = line.pricingQuantity ?? (line.chargeCategory === 'Purchase' ? 1 : 0);
  line.pricingQuantity = quantity;
  line.pricingUnit ??= 'Units';
  line.pricingCategory ??= 'Standard';
  line.listUnitPrice ??= quantity ? line.listCost / quantity : 0;
  line.contractedUnitPrice ??= quantity ? line.contractedCost / quantity : 0;
  line.skuId ??= line.usageType ?? line.serviceName;
  line.skuPriceId ??= line.skuId;
  if (line.chargeCategory === 'Usage' && line.commitmentDiscountStatus !== 'Unused') {
    line.consumedQuantity ??= quantity;
    line.consumedUnit ??= line.pricingUnit;
  } else {
    line.consumedQuantity = null;
    line.consumedUnit = null;
  }
  return line;
}
