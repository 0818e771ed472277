import {
  STORAGE_LIST_PRICES_AS_OF,
  STORAGE_LIST_PRICES_SOURCES,
  storageListPrice,
  storageListPriceRegions,
  storageListPrices,
} from './storage-list-prices';

describe('storage list prices', () => {
  it('prices S3 classes in us-east-1', () => {
    expect(storageListPrice('aws', 'us-east-1', 'STANDARD_IA')).toMatchObject({
      storageUsdPerGbMonth: 0.0125,
      retrievalUsdPerGb: 0.01,
      minimumStorageDays: 30,
      minimumBillableBytes: 128 * 1024,
      writeUsdPer1000: 0.01,
      archive: false,
      confirmed: true,
    });
    expect(storageListPrice('aws', 'us-east-1', 'GLACIER_IR')).toMatchObject({
      storageUsdPerGbMonth: 0.004,
      minimumStorageDays: 90,
      writeUsdPer1000: 0.02,
    });
    expect(storageListPrice('aws', 'US-EAST-1', 'DEEP_ARCHIVE')).toMatchObject({
      region: 'us-east-1',
      storageUsdPerGbMonth: 0.00099,
      minimumStorageDays: 180,
      archive: true,
      perObjectOverhead: { bytesAtStandardRate: 8192, bytesAtClassRate: 32768 },
    });
    expect(storageListPrice('aws', 'eu-west-1', 'GLACIER')?.confirmed).toBe(false);
  });

  it('prices Cloud Storage classes per GiB-month as the hourly page rates × 730', () => {
    // NEARLINE: $0.000013699 per GiB-hour × 730 = $0.0100
    expect(storageListPrice('gcp', 'us-central1', 'NEARLINE')).toMatchObject({
      storageUsdPerGbMonth: 0.01,
      retrievalUsdPerGb: 0.01,
      minimumStorageDays: 30,
      minimumBillableBytes: 0,
    });
    expect(storageListPrice('gcp', 'europe-west1', 'ARCHIVE')).toMatchObject({
      storageUsdPerGbMonth: 0.0012,
      retrievalUsdPerGb: 0.05,
      minimumStorageDays: 365,
      archive: true,
    });
  });

  it('prices Azure tiers, operations converted from per 10,000 to per 1,000', () => {
    expect(storageListPrice('azure', 'eastus', 'Cool')).toMatchObject({
      storageUsdPerGbMonth: 0.0152,
      retrievalUsdPerGb: 0.01,
      minimumStorageDays: 30,
      writeUsdPer1000: 0.01, // $0.10 per 10,000
    });
    expect(storageListPrice('azure', 'westeurope', 'Archive')).toMatchObject({
      minimumStorageDays: 180,
      archive: true,
      confirmed: false,
    });
  });

  it('answers undefined for what it does not know', () => {
    expect(storageListPrice('aws', 'ap-south-2', 'STANDARD')).toBeUndefined();
    expect(storageListPrice('aws', 'us-east-1', 'Standard_IA')).toBeUndefined();
    expect(storageListPrice('azure', 'eastus', 'COOL')).toBeUndefined();
    expect(storageListPrice('gcp', 'us-central1', 'REGIONAL')).toBeUndefined();
    expect(storageListPrice('gcp', 'constructor', 'STANDARD')).toBeUndefined();
  });

  it('orders each provider’s classes warm to cold and says where the figures come from', () => {
    expect(storageListPrices('azure', 'eastus').map((p) => [p.storageClass, p.coldness])).toEqual([
      ['Hot', 0],
      ['Cool', 1],
      ['Cold', 2],
      ['Archive', 3],
    ]);
    expect(storageListPriceRegions('gcp')).toEqual(['us-central1', 'europe-west1']);
    expect(STORAGE_LIST_PRICES_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(STORAGE_LIST_PRICES_SOURCES.map((s) => s.provider)).toEqual(['aws', 'gcp', 'azure']);
  });
});
