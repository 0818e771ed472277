// Azure: FocusCost export rows (FOCUS 1.0 as Microsoft writes them, every value a string),
// per subscription and month, with one reserved VM and a monthly credit.
import { planted } from './anomalies.mjs';
import { dailyShape, isProduction, monthBounds, stableDigits, stableUuid, usd } from './model.mjs';

export const FOCUS_COLUMNS = [
  'BilledCost',
  'EffectiveCost',
  'ListCost',
  'ContractedCost',
  'BillingCurrency',
  'BillingAccountId',
  'BillingAccountName',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'CommitmentDiscountCategory',
  'CommitmentDiscountId',
  'CommitmentDiscountName',
  'CommitmentDiscountStatus',
  'CommitmentDiscountType',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedUnitPrice',
  'InvoiceIssuerName',
  'ListUnitPrice',
  'PricingCategory',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceCategory',
  'ServiceName',
  'SkuId',
  'SkuPriceId',
  'SubAccountId',
  'SubAccountName',
  'Tags',
  'x_ResourceGroupName',
  'x_SkuMeterCategory',
];

const REGION_NAMES = {
  eastus: 'East US',
  eastus2: 'East US 2',
  westeurope: 'West Europe',
  northeurope: 'North Europe',
  southeastasia: 'Southeast Asia',
};
const BILLING_ACCOUNT = '/providers/Microsoft.Billing/billingAccounts/8608480';
const RESERVED_SHARE = 0.6; // a reserved VM's amortised cost against on-demand
const azureTime = (iso) => iso.replace('.000Z', 'Z');
const price = (value) => String(Math.round(value * 1e6) / 1e6);

function emptyRow(subscriptionId, month) {
  const bounds = monthBounds(month);
  const row = Object.fromEntries(FOCUS_COLUMNS.map((name) => [name, '']));
  return Object.assign(row, {
    BillingCurrency: 'USD',
    BillingAccountId: BILLING_ACCOUNT,
    BillingAccountName: 'Codex Sandbox',
    BillingPeriodStart: azureTime(bounds.start),
    BillingPeriodEnd: azureTime(bounds.end),
    InvoiceIssuerName: 'Microsoft',
    ProviderName: 'Microsoft',
    PublisherName: 'Microsoft',
    SubAccountId: `/subscriptions/${subscriptionId}`,
    SubAccountName: subscriptionId,
    Tags: '{}',
  });
}

function usageRow(vm, day, amounts, reservation) {
  const hoursUsed = Math.round((amounts.list / 1e6 / amounts.rate) * 1e6) / 1e6;
  const sku = stableDigits(4, vm.location, vm.meterCategory);
  return Object.assign(emptyRow(vm.subscriptionId, day.month), {
    BilledCost: usd(amounts.billed),
    EffectiveCost: usd(amounts.effective),
    ListCost: usd(amounts.list),
    ContractedCost: usd(amounts.list),
    ChargeCategory: 'Usage',
    ChargeDescription: `${vm.meterCategory} D2s v5 - ${REGION_NAMES[vm.location] ?? vm.location}`,
    ChargeFrequency: 'Usage-Based',
    ChargePeriodStart: azureTime(day.start),
    ChargePeriodEnd: azureTime(day.end),
    ConsumedQuantity: String(hoursUsed),
    ConsumedUnit: 'Hours',
    ContractedUnitPrice: price(amounts.rate),
    ListUnitPrice: price(amounts.rate),
    PricingCategory: reservation ? 'Committed' : 'Standard',
    PricingQuantity: String(hoursUsed),
    PricingUnit: '1 Hour',
    RegionId: vm.location,
    RegionName: REGION_NAMES[vm.location] ?? vm.location,
    ResourceId: vm.resourceId,
    ResourceName: vm.name,
    ResourceType: 'Virtual machine',
    ServiceCategory: 'Compute',
    ServiceName: vm.serviceName,
    SkuId: `DZH318Z0${sku}`,
    SkuPriceId: `DZH318Z0${sku}/0001`,
    Tags: JSON.stringify(vm.tags ?? {}),
    x_ResourceGroupName: vm.resourceGroup,
    x_SkuMeterCategory: vm.meterCategory,
    ...(reservation
      ? {
          CommitmentDiscountCategory: 'Usage',
          CommitmentDiscountId: reservation.id,
          CommitmentDiscountName: reservation.name,
          CommitmentDiscountStatus: 'Used',
          CommitmentDiscountType: 'Reservation',
        }
      : {}),
  });
}

function purchaseRow(vm, day, amount, reservation) {
  return Object.assign(emptyRow(vm.subscriptionId, day.month), {
    BilledCost: usd(amount),
    EffectiveCost: usd(0),
    ListCost: usd(amount),
    ContractedCost: usd(amount),
    ChargeCategory: 'Purchase',
    ChargeDescription: `Reservation ${reservation.name}`,
    ChargeFrequency: 'Recurring',
    ChargePeriodStart: azureTime(day.start),
    ChargePeriodEnd: azureTime(day.end),
    CommitmentDiscountCategory: 'Usage',
    CommitmentDiscountId: reservation.id,
    CommitmentDiscountName: reservation.name,
    CommitmentDiscountType: 'Reservation',
    ContractedUnitPrice: usd(amount),
    ListUnitPrice: usd(amount),
    PricingCategory: 'Standard',
    PricingQuantity: '1',
    PricingUnit: '1 Month',
    RegionId: vm.location,
    RegionName: REGION_NAMES[vm.location] ?? vm.location,
    ResourceId: reservation.id,
    ResourceName: reservation.name,
    ResourceType: 'Reservation',
    ServiceCategory: 'Compute',
    ServiceName: vm.serviceName,
    SkuId: 'DZH318Z0BQ4R',
    SkuPriceId: 'DZH318Z0BQ4R/00D4',
    x_SkuMeterCategory: vm.meterCategory,
  });
}

function creditRow(subscriptionId, day, amount) {
  return Object.assign(emptyRow(subscriptionId, day.month), {
    BilledCost: usd(amount),
    EffectiveCost: usd(amount),
    ListCost: usd(0),
    ContractedCost: usd(amount),
    ChargeCategory: 'Credit',
    ChargeDescription: 'Azure sponsorship credit',
    ChargeFrequency: 'One-Time',
    ChargePeriodStart: azureTime(day.start),
    ChargePeriodEnd: azureTime(day.end),
    ServiceCategory: 'Other',
    ServiceName: 'Azure Sponsorship',
  });
}

export function azureBill({ estate, days, random, plans, seed, end }) {
  const reserved = estate[0];
  const reservation = reserved && {
    id: `/providers/Microsoft.Capacity/reservationOrders/${stableUuid(seed, 'order')}/reservations/${stableUuid(seed, 'reservation')}`,
    name: `VM_RI_${reserved.name}`,
  };
  const rates = new Map(
    estate.map((vm) => [vm.resourceId, 0.06 + Math.floor(random() * 30) / 100]),
  );
  const byPeriod = new Map();
  const lines = [];
  const add = (subscriptionId, month, row, billed, effective) => {
    const key = `${subscriptionId}|${month}`;
    if (!byPeriod.has(key)) byPeriod.set(key, { subscriptionId, month, rows: [] });
    byPeriod.get(key).rows.push(row);
    lines.push({ subscriptionId, month, billed, effective });
  };
  for (const day of days) {
    for (const vm of estate) {
      const rate = rates.get(vm.resourceId);
      const subject = { id: vm.resourceId, tags: vm.tags };
      if (vm === reserved) {
        const list = Math.round(24 * rate * 1e6);
        const effective = Math.round(list * RESERVED_SHARE);
        add(
          vm.subscriptionId,
          day.month,
          usageRow(vm, day, { rate, list, billed: 0, effective }, reservation),
          0,
          effective,
        );
        continue;
      }
      const shaped = Math.round(24 * rate * 1e6 * dailyShape(random, day, isProduction(vm.tags)));
      const amount = planted(plans, 'azure', subject, day.index, 'usage', shaped);
      if (amount === 0) continue;
      add(
        vm.subscriptionId,
        day.month,
        usageRow(vm, day, { rate, list: amount, billed: amount, effective: amount }),
        amount,
        amount,
      );
    }
  }
  for (const month of [...new Set(days.map((d) => d.month))]) {
    const first = days.find((d) => d.month === month);
    if (reserved) {
      const monthly =
        Math.round(24 * rates.get(reserved.resourceId) * 1e6 * RESERVED_SHARE) *
        monthBounds(month).days;
      add(
        reserved.subscriptionId,
        month,
        purchaseRow(reserved, first, monthly, reservation),
        monthly,
        0,
      );
      add(
        reserved.subscriptionId,
        month,
        creditRow(reserved.subscriptionId, first, -10_000_000),
        -10_000_000,
        -10_000_000,
      );
    }
  }
  const periods = [...byPeriod.values()].map((period) => ({
    ...period,
    runId: stableUuid(seed, end, period.subscriptionId, period.month, 'run'),
  }));
  return { lines, periods };
}
