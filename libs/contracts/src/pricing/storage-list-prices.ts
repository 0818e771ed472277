/**
 * On-demand list prices of object storage classes, used to weigh a storage class change: what a
 * GiB costs a month in each class, what reading it back costs, the request that moves an object
 * into the class, and the class's minimum storage duration and minimum billable object size.
 * USD, pay-as-you-go, before any discount, reservation or committed-use contract; the first
 * volume tier (S3 first 50 TB, Azure first 50 TB); single-region (GCS regional, Azure LRS);
 * network egress left out. "GB" is taken as a GiB (2^30 bytes), which is how S3 and Cloud
 * Storage meter; Azure's GB is treated the same.
 *
 * Sources and how far each figure could be confirmed are in {@link STORAGE_LIST_PRICES_SOURCES};
 * compiled on {@link STORAGE_LIST_PRICES_AS_OF} from stored copies of public pages, not fetched
 * live. Rows marked `confirmed: false` are the best published figures known to us that no stored
 * copy showed for that region: check them against the provider before quoting them to a customer.
 */
export const STORAGE_LIST_PRICES_AS_OF = '2026-11-30';

export type StorageProvider = 'aws' | 'gcp' | 'azure';

export interface StorageListPriceSource {
  provider: StorageProvider;
  urls: string[];
  note: string;
}

export const STORAGE_LIST_PRICES_SOURCES: readonly StorageListPriceSource[] = [
  {
    provider: 'aws',
    urls: [
      'https://aws.amazon.com/s3/pricing/',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-class-intro.html',
    ],
    note:
      'us-east-1: storage (STANDARD_IA 0.0125, GLACIER 0.0036, DEEP_ARCHIVE 0.00099), request and ' +
      'restore prices as quoted from the S3 pricing page by public write-ups (AWS re:Post ' +
      'knowledge-center "s3-manage-data-retrieval", a 2023 price summary gist); the others are the ' +
      'best published figures known to us. Lifecycle transition prices per 1,000: STANDARD_IA and ' +
      'ONEZONE_IA 0.01, GLACIER_IR 0.02, GLACIER 0.03, DEEP_ARCHIVE 0.05. eu-west-1 (Ireland) is ' +
      'listed at the same figures as us-east-1, as the pricing page shows them; not re-confirmed. ' +
      'Minimum durations and the 128 KiB minimum billable size, and the 40 KB per-object overhead ' +
      'of GLACIER/DEEP_ARCHIVE (8 KB at STANDARD + 32 KB at the archive rate), from the S3 user guide.',
  },
  {
    provider: 'gcp',
    urls: [
      'https://cloud.google.com/storage/pricing',
      'https://cloud.google.com/storage/docs/storage-classes',
    ],
    note:
      'us-central1: storage per GiB-hour as published on the pricing page (read 2026-09-20 by a ' +
      'public transcription): STANDARD 0.000027397, NEARLINE 0.000013699, COLDLINE 0.000005479, ' +
      'ARCHIVE 0.000001644, i.e. x730 h = 0.020 / 0.010 / 0.004 / 0.0012 per GiB-month; retrieval ' +
      '0.01 / 0.02 / 0.05 per GiB; STANDARD class A 0.005 and class B 0.0004 per 1,000. Class A / B ' +
      'of NEARLINE (0.01 / 0.001), COLDLINE (0.02 / 0.01) and ARCHIVE (0.05 / 0.05) per 1,000 are ' +
      'the best published figures known to us. europe-west1 is listed at the us-central1 figures, ' +
      'as the pricing page shows them; not re-confirmed.',
  },
  {
    provider: 'azure',
    urls: [
      'https://azure.microsoft.com/en-us/pricing/details/storage/blobs/',
      'https://prices.azure.com/api/retail/prices',
      'https://learn.microsoft.com/en-us/azure/storage/blobs/access-tiers-overview',
    ],
    note:
      'eastus LRS: the Retail Prices API rows "General Block Blob v2" (Hot/Cool/Cold/Archive LRS ' +
      'Data Stored, Read Operations, LRS Write Operations) as recorded from the live API in 2026-09 ' +
      'by a public test fixture: storage 0.0208 / 0.0152 / 0.0036 / 0.00099 per GB-month; writes ' +
      '0.05 / 0.10 / 0.18 / 0.10 and reads 0.004 / 0.01 / 0.10 / 5.00 per 10,000 (stored here per ' +
      '1,000). Retrieval 0.01 / 0.03 / 0.02 (Archive, standard priority) per GB from the pricing ' +
      'page. westeurope LRS: no stored copy had its rows; listed at the headline LRS figures the ' +
      'pricing page shows (Hot 0.018, Cool 0.01, Cold 0.0036, Archive 0.00099) with the eastus ' +
      'operation prices; best known, not confirmed. Early-deletion periods (Cool 30, Cold 90, ' +
      'Archive 180 days) from the access tiers overview.',
  },
];

/** The list price of one storage class in one region. Money in USD. */
export interface StorageClassListPrice {
  provider: StorageProvider;
  region: string;
  /** As the provider's API spells it: S3 `STANDARD_IA`, GCS `NEARLINE`, Azure `Cool`. */
  storageClass: string;
  /** Warm to cold: 0 is the provider's hottest class; a higher number is a colder class. */
  coldness: number;
  /** Reading an object needs a restore (rehydration) first: hours, not milliseconds. */
  archive: boolean;
  storageUsdPerGbMonth: number;
  /** Per GB read back (S3/GCS retrieval, Azure data retrieval); 0 where there is none. */
  retrievalUsdPerGb: number;
  /** Days an object is billed for at least (early-deletion charge); 0 where there is none. */
  minimumStorageDays: number;
  /** An object smaller than this is billed as this size; 0 where there is no minimum. */
  minimumBillableBytes: number;
  /**
   * What putting one object into the class costs, per 1,000 objects: S3 lifecycle transition
   * (PUT/COPY) into the class, GCS class A operation of the class, Azure write operation of the
   * tier (published per 10,000, stored here per 1,000).
   */
  writeUsdPer1000: number;
  /** One read request (GET; S3 Glacier classes: a standard restore request), per 1,000. */
  readUsdPer1000: number;
  /**
   * Metadata billed per object besides its data (S3 GLACIER, DEEP_ARCHIVE): bytes billed at the
   * region's STANDARD rate and bytes billed at this class's rate.
   */
  perObjectOverhead?: { bytesAtStandardRate: number; bytesAtClassRate: number };
  /** False when the figure is a best known one that no source read for this table showed. */
  confirmed: boolean;
}

type ClassRow = Omit<StorageClassListPrice, 'provider' | 'region' | 'confirmed' | 'coldness'>;

const KIB = 1024;

const S3_CLASSES: readonly ClassRow[] = [
  {
    storageClass: 'STANDARD',
    archive: false,
    storageUsdPerGbMonth: 0.023,
    retrievalUsdPerGb: 0,
    minimumStorageDays: 0,
    minimumBillableBytes: 0,
    writeUsdPer1000: 0.005,
    readUsdPer1000: 0.0004,
  },
  {
    storageClass: 'INTELLIGENT_TIERING',
    archive: false,
    // Frequent Access tier; monitoring ($0.0025 per 1,000 objects a month) is not modelled.
    storageUsdPerGbMonth: 0.023,
    retrievalUsdPerGb: 0,
    minimumStorageDays: 0,
    minimumBillableBytes: 0,
    writeUsdPer1000: 0.01,
    readUsdPer1000: 0.0004,
  },
  {
    storageClass: 'STANDARD_IA',
    archive: false,
    storageUsdPerGbMonth: 0.0125,
    retrievalUsdPerGb: 0.01,
    minimumStorageDays: 30,
    minimumBillableBytes: 128 * KIB,
    writeUsdPer1000: 0.01,
    readUsdPer1000: 0.001,
  },
  {
    storageClass: 'ONEZONE_IA',
    archive: false,
    storageUsdPerGbMonth: 0.01,
    retrievalUsdPerGb: 0.01,
    minimumStorageDays: 30,
    minimumBillableBytes: 128 * KIB,
    writeUsdPer1000: 0.01,
    readUsdPer1000: 0.001,
  },
  {
    storageClass: 'GLACIER_IR',
    archive: false,
    storageUsdPerGbMonth: 0.004,
    retrievalUsdPerGb: 0.03,
    minimumStorageDays: 90,
    minimumBillableBytes: 128 * KIB,
    writeUsdPer1000: 0.02,
    readUsdPer1000: 0.01,
  },
  {
    storageClass: 'GLACIER',
    archive: true,
    storageUsdPerGbMonth: 0.0036,
    // Standard retrieval (3-5 hours); bulk is free, expedited $0.03.
    retrievalUsdPerGb: 0.01,
    minimumStorageDays: 90,
    minimumBillableBytes: 0,
    writeUsdPer1000: 0.03,
    readUsdPer1000: 0.05,
    perObjectOverhead: { bytesAtStandardRate: 8 * KIB, bytesAtClassRate: 32 * KIB },
  },
  {
    storageClass: 'DEEP_ARCHIVE',
    archive: true,
    storageUsdPerGbMonth: 0.00099,
    // Standard retrieval (within 12 hours); bulk $0.0025.
    retrievalUsdPerGb: 0.02,
    minimumStorageDays: 180,
    minimumBillableBytes: 0,
    writeUsdPer1000: 0.05,
    readUsdPer1000: 0.1,
    perObjectOverhead: { bytesAtStandardRate: 8 * KIB, bytesAtClassRate: 32 * KIB },
  },
];

const GCS_CLASSES: readonly ClassRow[] = [
  {
    storageClass: 'STANDARD',
    archive: false,
    storageUsdPerGbMonth: 0.02,
    retrievalUsdPerGb: 0,
    minimumStorageDays: 0,
    minimumBillableBytes: 0,
    writeUsdPer1000: 0.005,
    readUsdPer1000: 0.0004,
  },
  {
    storageClass: 'NEARLINE',
    archive: false,
    storageUsdPerGbMonth: 0.01,
    retrievalUsdPerGb: 0.01,
    minimumStorageDays: 30,
    minimumBillableBytes: 0,
    writeUsdPer1000: 0.01,
    readUsdPer1000: 0.001,
  },
  {
    storageClass: 'COLDLINE',
    archive: false,
    storageUsdPerGbMonth: 0.004,
    retrievalUsdPerGb: 0.02,
    minimumStorageDays: 90,
    minimumBillableBytes: 0,
    writeUsdPer1000: 0.02,
    readUsdPer1000: 0.01,
  },
  {
    // Online (milliseconds) in GCS, but priced and meant as an archive: treated as one.
    storageClass: 'ARCHIVE',
    archive: true,
    storageUsdPerGbMonth: 0.0012,
    retrievalUsdPerGb: 0.05,
    minimumStorageDays: 365,
    minimumBillableBytes: 0,
    writeUsdPer1000: 0.05,
    readUsdPer1000: 0.05,
  },
];

/** Azure LRS operation prices are published per 10,000; the table keeps them per 1,000. */
const per1000 = (usdPer10000: number): number => usdPer10000 / 10;

const azureClasses = (storage: {
  Hot: number;
  Cool: number;
  Cold: number;
  Archive: number;
}): readonly ClassRow[] => [
  {
    storageClass: 'Hot',
    archive: false,
    storageUsdPerGbMonth: storage.Hot,
    retrievalUsdPerGb: 0,
    minimumStorageDays: 0,
    minimumBillableBytes: 0,
    writeUsdPer1000: per1000(0.05),
    readUsdPer1000: per1000(0.004),
  },
  {
    storageClass: 'Cool',
    archive: false,
    storageUsdPerGbMonth: storage.Cool,
    retrievalUsdPerGb: 0.01,
    minimumStorageDays: 30,
    minimumBillableBytes: 0,
    writeUsdPer1000: per1000(0.1),
    readUsdPer1000: per1000(0.01),
  },
  {
    storageClass: 'Cold',
    archive: false,
    storageUsdPerGbMonth: storage.Cold,
    retrievalUsdPerGb: 0.03,
    minimumStorageDays: 90,
    minimumBillableBytes: 0,
    writeUsdPer1000: per1000(0.18),
    readUsdPer1000: per1000(0.1),
  },
  {
    storageClass: 'Archive',
    archive: true,
    storageUsdPerGbMonth: storage.Archive,
    // Standard-priority rehydration; high priority is $0.10 per GB.
    retrievalUsdPerGb: 0.02,
    minimumStorageDays: 180,
    minimumBillableBytes: 0,
    writeUsdPer1000: per1000(0.1),
    readUsdPer1000: per1000(5),
  },
];

interface RegionBook {
  confirmed: boolean;
  classes: readonly ClassRow[];
}

const BOOK: Readonly<Record<StorageProvider, Readonly<Record<string, RegionBook>>>> = {
  aws: {
    'us-east-1': { confirmed: true, classes: S3_CLASSES },
    'eu-west-1': { confirmed: false, classes: S3_CLASSES },
  },
  gcp: {
    'us-central1': { confirmed: true, classes: GCS_CLASSES },
    'europe-west1': { confirmed: false, classes: GCS_CLASSES },
  },
  azure: {
    eastus: {
      confirmed: true,
      classes: azureClasses({ Hot: 0.0208, Cool: 0.0152, Cold: 0.0036, Archive: 0.00099 }),
    },
    westeurope: {
      confirmed: false,
      classes: azureClasses({ Hot: 0.018, Cool: 0.01, Cold: 0.0036, Archive: 0.00099 }),
    },
  },
};

function regionBook(provider: StorageProvider, region: string): RegionBook | undefined {
  const books = BOOK[provider] as Readonly<Record<string, RegionBook>> | undefined;
  if (!books) return undefined;
  const wanted = region.replace(/\s+/g, '').toLowerCase();
  return Object.hasOwn(books, wanted) ? books[wanted] : undefined;
}

function priced(
  provider: StorageProvider,
  region: string,
  book: RegionBook,
  row: ClassRow,
): StorageClassListPrice {
  return {
    ...row,
    provider,
    region,
    coldness: book.classes.indexOf(row),
    confirmed: book.confirmed,
  };
}

/**
 * The list price of a storage class in a region; undefined when the table does not have it.
 * The class is spelled as the provider's API spells it (`STANDARD_IA`, `NEARLINE`, `Cool`);
 * regions compare without case.
 */
export function storageListPrice(
  provider: StorageProvider,
  region: string,
  storageClass: string,
): StorageClassListPrice | undefined {
  const book = regionBook(provider, region);
  const row = book?.classes.find((candidate) => candidate.storageClass === storageClass);
  return book && row ? priced(provider, region.toLowerCase(), book, row) : undefined;
}

/** Every class the table prices in a region, warmest first; empty for an unknown region. */
export function storageListPrices(
  provider: StorageProvider,
  region: string,
): StorageClassListPrice[] {
  const book = regionBook(provider, region);
  return book ? book.classes.map((row) => priced(provider, region.toLowerCase(), book, row)) : [];
}

/** The regions the table has prices for, per provider. */
export function storageListPriceRegions(provider: StorageProvider): string[] {
  return Object.keys(BOOK[provider] ?? {});
}
