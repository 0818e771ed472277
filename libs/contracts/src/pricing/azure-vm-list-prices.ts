/**
 * Hourly list prices of the Azure VM sizes Codex's sandbox and tests use, shown to approvers of
 * a resize. Pay-as-you-go (Consumption), Linux, USD per hour, before any discount, reservation,
 * savings plan or Azure Hybrid Benefit; compute only (disks, IPs and traffic are billed apart).
 *
 * Source: the Azure Retail Prices API (`https://prices.azure.com/api/retail/prices`, filter
 * `serviceName eq 'Virtual Machines' and armRegionName eq '<region>' and armSkuName eq '<size>'
 * and type eq 'Consumption'`, the row whose productName has no `Windows` and whose meterName has
 * no `Spot` / `Low Priority`), as its published rows are quoted by public price tables and
 * recorded API responses; compiled on {@link AZURE_VM_LIST_PRICES_AS_OF}, not fetched live.
 *
 * Only East US could be confirmed from more than one published source per size. The other
 * regions the sandbox uses (eastus2, westeurope, northeurope, southeastasia) are left out on
 * purpose: the sources disagreed or had none, and a guessed number is worse than none, so a plan
 * there says the price is unknown. Add a region only from the Retail Prices API's own rows.
 */
export const AZURE_VM_LIST_PRICES_AS_OF = '2026-11-30';

export const AZURE_VM_LIST_PRICES_SOURCE =
  'Azure Retail Prices API (prices.azure.com), pay-as-you-go Linux';

/** USD per hour by region (Resource Manager's spelling) and size. */
const HOURLY_USD: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  eastus: {
    Standard_B1s: 0.0104,
    Standard_B2s: 0.0416,
    Standard_B2ms: 0.0832,
    Standard_D2s_v5: 0.096,
    Standard_D4s_v5: 0.192,
    Standard_D8s_v5: 0.384,
    Standard_E2s_v5: 0.126,
    Standard_E4s_v5: 0.252,
    Standard_F2s_v2: 0.0846,
    Standard_F4s_v2: 0.169,
  },
};

/** An hourly list price as a plan shows it; `usd` is null when the price book does not have it. */
export interface AzureVmListPrice {
  vmSize: string;
  region: string;
  usd: number | null;
  per: 'hour';
  /** What the number is, or why there is none. */
  basis: string;
}

/** The regions the price book has prices for. */
export function azureVmListPriceRegions(): string[] {
  return Object.keys(HOURLY_USD);
}

/**
 * The hourly pay-as-you-go Linux list price of a size in a region, in USD; undefined when the
 * price book does not have it. Sizes and regions compare without case, as Azure does.
 */
export function azureVmHourlyListPrice(region: string, vmSize: string): number | undefined {
  const prices = HOURLY_USD[region.replace(/\s+/g, '').toLowerCase()];
  if (!prices) return undefined;
  const wanted = vmSize.toLowerCase();
  const key = Object.keys(prices).find((size) => size.toLowerCase() === wanted);
  return key === undefined ? undefined : prices[key];
}

/** The price of a size in a region as an approver sees it, saying so when it is unknown. */
export function azureVmListPrice(region: string, vmSize: string): AzureVmListPrice {
  const usd = azureVmHourlyListPrice(region, vmSize);
  return {
    vmSize,
    region,
    usd: usd ?? null,
    per: 'hour',
    basis:
      usd === undefined
        ? `unknown: Codex's price book has no list price for ${vmSize} in ${region}`
        : `${AZURE_VM_LIST_PRICES_SOURCE}, as of ${AZURE_VM_LIST_PRICES_AS_OF}`,
  };
}
