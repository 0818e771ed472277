/**
 * The Storage pages' shapes and pure rules. The shapes follow great-library's zod schemas
 * (services/great-library/src/api/storage.schemas.ts): the snapshot in src/api/openapi.json
 * predates the storage routes, so they are typed here by hand until `make console-api`
 * regenerates the client.
 */
export const STORAGE_PROVIDERS = ['aws', 'gcp', 'azure'] as const;
export type StorageProvider = (typeof STORAGE_PROVIDERS)[number];

export const STORAGE_PROVIDER_LABELS: Record<StorageProvider, string> = {
  aws: 'AWS S3',
  gcp: 'Google Cloud Storage',
  azure: 'Azure Blob',
};

/** Where the action catalogue lists a provider's buckets (bucket-urns.ts). */
export const BUCKET_RESOURCE_TYPES: Record<StorageProvider, string> = {
  aws: 's3/bucket',
  gcp: 'storage/bucket',
  azure: 'storage/container',
};

/** The classes (tiers) an object can be changed to, coldest last. */
export const STORAGE_CLASSES: Record<StorageProvider, readonly string[]> = {
  aws: [
    'STANDARD',
    'INTELLIGENT_TIERING',
    'STANDARD_IA',
    'ONEZONE_IA',
    'GLACIER_IR',
    'GLACIER',
    'DEEP_ARCHIVE',
  ],
  gcp: ['STANDARD', 'NEARLINE', 'COLDLINE', 'ARCHIVE'],
  azure: ['Hot', 'Cool', 'Cold', 'Archive'],
};

export const BUCKET_FINDING_KINDS = [
  'public_access',
  'unencrypted',
  'versioning_disabled',
  'no_lifecycle_rules',
  'access_logging_disabled',
  'personal_data',
  'secrets',
] as const;
export type BucketFindingKind = (typeof BUCKET_FINDING_KINDS)[number];

export const BUCKET_FINDING_LABELS: Record<BucketFindingKind, string> = {
  public_access: 'Public access',
  unencrypted: 'Not encrypted',
  versioning_disabled: 'Versioning off',
  no_lifecycle_rules: 'No lifecycle rules',
  access_logging_disabled: 'Access logging off',
  personal_data: 'Personal data',
  secrets: 'Secrets',
};

export type StorageSeverity = 'info' | 'low' | 'medium' | 'high' | 'critical';

export interface BucketFinding {
  kind: BucketFindingKind;
  severity: StorageSeverity;
  detail: string;
}

export interface ChangeClassAction {
  targetUrn: string;
  type: 'change_class';
  params: Record<string, unknown>;
  reason: string;
}

export interface Recommendation {
  prefix: string;
  fromClass: string;
  toClass: string;
  objects: number;
  bytes: number;
  currentMonthlyCost: number;
  projectedMonthlyCost: number;
  monthlySaving: number;
  oneOffTransitionCost: number;
  retrievalCostPerMonth: number;
  minimumDurationDays: number;
  paybackMonths: number;
  explanation: string;
  action: ChangeClassAction;
}

export interface BucketConfiguration {
  publicAccess: string[];
  encryption: string | null;
  versioning: boolean;
  lifecycleRules: number;
  accessLogging: string | null;
}

export interface Bucket {
  id: string;
  urn: string;
  provider: StorageProvider;
  accountId: string;
  externalAccountId: string;
  region: string;
  name: string;
  storageAccount: string | null;
  tags: Record<string, string>;
  objectCount: number;
  totalBytes: number;
  classMix: Record<string, { objects: number; bytes: number }>;
  countsPartial: boolean;
  configuration: BucketConfiguration;
  findings: BucketFinding[];
  personalData: Record<string, number> | null;
  recommendations: Recommendation[];
  createdAt: string | null;
  discoveredAt: string;
}

export interface StorageDiscoverySummary {
  accountId: string;
  provider: StorageProvider;
  buckets: number;
  removed: number;
  objects: number;
  bytes: number;
}

export interface StoredObject {
  key: string;
  size: number;
  storageClass: string;
  lastModified: string;
  etag: string | null;
}

export interface ObjectPage {
  prefixes: string[];
  objects: StoredObject[];
  nextCursor: string | null;
}

export interface ObjectMetadata extends StoredObject {
  contentType: string | null;
  md5: string | null;
  metadata: Record<string, string>;
  versionId: string | null;
}

export interface SignedUrl {
  url: string;
  method: 'GET' | 'PUT';
  expiresAt: string;
  grantId: string;
}

export interface ScanResult {
  objectsScanned: number;
  bytesScanned: number;
  counts: Record<string, number>;
  prefixes: { prefix: string; objects: number; counts: Record<string, number> }[];
}

/** What the scans found in one sampled object. */
export interface Classification {
  key: string;
  prefix: string;
  counts: Record<string, number>;
  /** Per category, masked: the matched values themselves are never kept. */
  examples: Record<string, string[]>;
  /** Why the object was not read (binary, too large…); null when it was. */
  skipped: string | null;
  scannedAt: string;
}

/** The bucket list's filters, exactly the query GET /storage/buckets takes. */
export interface BucketFilters {
  provider?: StorageProvider;
  accountId?: string;
  finding?: BucketFindingKind;
}

const isOneOf = <T extends string>(list: readonly T[], value: string | null): value is T =>
  value !== null && (list as readonly string[]).includes(value);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The filters live in the address; anything the API would refuse is left out. */
export function bucketFiltersFrom(search: URLSearchParams): BucketFilters {
  const filters: BucketFilters = {};
  const provider = search.get('provider');
  if (isOneOf(STORAGE_PROVIDERS, provider)) filters.provider = provider;
  const accountId = search.get('accountId');
  if (accountId && UUID.test(accountId)) filters.accountId = accountId;
  const finding = search.get('finding');
  if (isOneOf(BUCKET_FINDING_KINDS, finding)) filters.finding = finding;
  return filters;
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** `0 B`, `512 B`, `1.5 KB`, `12 MB`: powers of 1024, one decimal below 10. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = unit === 0 || value >= 10 ? Math.round(value).toString() : value.toFixed(1);
  return `${shown.replace(/\.0$/, '')} ${UNITS[unit]}`;
}

/** US dollars as the cost model gives them: cents, or four places below one cent. */
export function formatUsd(amount: number): string {
  const digits = amount !== 0 && Math.abs(amount) < 0.01 ? 4 : 2;
  return `$${amount.toFixed(digits)}`;
}

/** How people know a bucket: an Azure container under its storage account. */
export function bucketLabel(bucket: Pick<Bucket, 'name' | 'storageAccount'>): string {
  return bucket.storageAccount ? `${bucket.storageAccount}/${bucket.name}` : bucket.name;
}

export type Tone = 'good' | 'neutral' | 'busy' | 'warn' | 'bad';

export function storageSeverityTone(severity: StorageSeverity): Tone {
  switch (severity) {
    case 'critical':
    case 'high':
      return 'bad';
    case 'medium':
      return 'warn';
    case 'low':
    case 'info':
      return 'neutral';
  }
}

const SEVERITY_ORDER: Record<StorageSeverity, number> = {
  critical: 0,
  high: 1,
  medium: 2,
  low: 3,
  info: 4,
};

/** Most severe first; the API's order kept among equals. */
export function findingsBySeverity<T extends { severity: StorageSeverity }>(
  findings: readonly T[],
): T[] {
  return findings
    .map((item, index) => ({ item, index }))
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.item.severity] - SEVERITY_ORDER[b.item.severity] || a.index - b.index,
    )
    .map(({ item }) => item);
}

/** How many findings of each severity, most severe first, only those present. */
export function severityCounts(
  findings: readonly { severity: StorageSeverity }[],
): { severity: StorageSeverity; count: number }[] {
  const counts = new Map<StorageSeverity, number>();
  for (const finding of findingsBySeverity(findings))
    counts.set(finding.severity, (counts.get(finding.severity) ?? 0) + 1);
  return [...counts].map(([severity, count]) => ({ severity, count }));
}

/** `email 3, phone 1`, largest first; null before any scan. */
export function personalDataText(personalData: Record<string, number> | null): string {
  if (personalData === null) return 'Not scanned';
  const found = Object.entries(personalData)
    .filter(([, count]) => count > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  if (found.length === 0) return 'None found';
  return found.map(([category, count]) => `${category} ${count.toLocaleString('en')}`).join(', ');
}

/** The class mix as rows, largest by bytes first. */
export function classMixRows(
  classMix: Bucket['classMix'],
): { storageClass: string; objects: number; bytes: number }[] {
  return Object.entries(classMix)
    .map(([storageClass, mix]) => ({ storageClass, ...mix }))
    .sort((a, b) => b.bytes - a.bytes || a.storageClass.localeCompare(b.storageClass));
}

/** The breadcrumbs of a prefix: the bucket's top, then each folder down to it. */
export function prefixCrumbs(prefix: string, delimiter = '/'): { label: string; prefix: string }[] {
  const crumbs = [{ label: 'Top', prefix: '' }];
  let at = 0;
  while (at < prefix.length) {
    const end = prefix.indexOf(delimiter, at);
    const next = end === -1 ? prefix.length : end + delimiter.length;
    crumbs.push({
      label: prefix.slice(at, end === -1 ? undefined : end),
      prefix: prefix.slice(0, next),
    });
    at = next;
  }
  return crumbs;
}

/** A key or common prefix shown inside its folder: without the folder's prefix. */
export function nameInFolder(key: string, prefix: string): string {
  return key.startsWith(prefix) && key.length > prefix.length ? key.slice(prefix.length) : key;
}

const TEXT_EXTENSIONS = new Set([
  'txt',
  'csv',
  'tsv',
  'json',
  'jsonl',
  'ndjson',
  'log',
  'md',
  'xml',
  'yaml',
  'yml',
  'html',
  'htm',
  'css',
  'js',
  'ts',
  'sql',
  'ini',
  'conf',
  'env',
  'sh',
  'py',
  'toml',
]);

/** Whether a preview as text makes sense: by content type when known, else by extension. */
export function isTextLike(key: string, contentType?: string | null): boolean {
  if (contentType) {
    const type = contentType.toLowerCase();
    if (
      type.startsWith('text/') ||
      /[/+](json|xml|yaml|csv|javascript|x-ndjson|x-sh|sql)\b/.test(type)
    )
      return true;
    if (type !== 'application/octet-stream' && type !== 'binary/octet-stream') return false;
  }
  const extension = /\.([a-z0-9]+)$/i.exec(key)?.[1]?.toLowerCase();
  return extension !== undefined && TEXT_EXTENSIONS.has(extension);
}

/** The first bytes a preview reads. */
export const PREVIEW_BYTES = 64 * 1024;

/** The change_class request for some keys of a bucket; the reason is the person's. */
export function changeClassIntent(
  bucket: Pick<Bucket, 'urn'>,
  keys: readonly string[],
  storageClass: string,
): Omit<ChangeClassAction, 'reason'> {
  return { targetUrn: bucket.urn, type: 'change_class', params: { keys: [...keys], storageClass } };
}

/** `3 objects under logs/`, `1 object at the top`. */
export function recommendationScope(recommendation: Pick<Recommendation, 'objects' | 'prefix'>) {
  const objects = `${recommendation.objects.toLocaleString('en')} object${recommendation.objects === 1 ? '' : 's'}`;
  return recommendation.prefix
    ? `${objects} under ${recommendation.prefix}`
    : `${objects} at the top`;
}

/** The sampled objects where something was found, most values first. */
export function objectsWithFindings(items: readonly Classification[]): Classification[] {
  const total = (item: Classification) => Object.values(item.counts).reduce((a, b) => a + b, 0);
  return items
    .filter((item) => total(item) > 0)
    .sort((a, b) => total(b) - total(a) || a.key.localeCompare(b.key));
}

/** `email: j***@e***.com, a***@…; phone: +31 6 ******78`, categories in name order. */
export function examplesText(examples: Record<string, string[]>): string {
  return Object.entries(examples)
    .filter(([, list]) => list.length > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([category, list]) => `${category}: ${list.join(', ')}`)
    .join('; ');
}
