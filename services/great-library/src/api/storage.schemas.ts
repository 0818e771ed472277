import { z } from 'zod';

import { BUCKET_FINDING_KINDS, SEVERITIES } from '../findings/bucket-findings';

export const STORAGE_API = 'api/v1/storage';

const provider = z.enum(['aws', 'gcp', 'azure']);

export const objectKey = z
  .string({ error: 'expected an object key' })
  .min(1, 'expected an object key')
  .refine((key) => Buffer.byteLength(key) <= 1024, 'expected at most 1024 bytes of UTF-8');

export const bucketListQuery = z.strictObject({
  provider: provider.optional().describe('Only buckets of this provider'),
  accountId: z.uuid().optional().describe('Only buckets of this connected account'),
  finding: z.enum(BUCKET_FINDING_KINDS).optional().describe('Only buckets with this finding'),
});
export type BucketListQuery = z.output<typeof bucketListQuery>;

const finding = z.object({
  kind: z.enum(BUCKET_FINDING_KINDS),
  severity: z.enum(SEVERITIES),
  detail: z.string(),
});

const recommendation = z.object({
  prefix: z
    .string()
    .describe("The top-level prefix the objects are under ('' for keys at the top)"),
  fromClass: z.string(),
  toClass: z.string(),
  objects: z.number(),
  bytes: z.number(),
  currentMonthlyCost: z.number().describe('USD a month now: storage and expected reads'),
  projectedMonthlyCost: z.number().describe('USD a month in the new class'),
  monthlySaving: z.number().describe('USD a month, the transition cost spread over 12 months'),
  oneOffTransitionCost: z.number(),
  retrievalCostPerMonth: z.number(),
  minimumDurationDays: z.number(),
  paybackMonths: z.number(),
  explanation: z.string(),
  action: z
    .object({
      targetUrn: z.string(),
      type: z.literal('change_class'),
      params: z.record(z.string(), z.unknown()),
      reason: z.string(),
      draft: z.literal(true),
    })
    .describe(
      'The action request that applies it: POSTed to /api/v1/actions it becomes a draft, sent once someone submits it',
    ),
});

export const bucketView = z.object({
  id: z.uuid(),
  urn: z.string(),
  provider,
  accountId: z.uuid().describe("Codex's id of the connected account"),
  externalAccountId: z.string(),
  region: z.string(),
  name: z.string(),
  storageAccount: z.string().nullable().describe('Azure: the storage account of the container'),
  tags: z.record(z.string(), z.string()),
  objectCount: z.number(),
  totalBytes: z.number(),
  classMix: z.record(z.string(), z.object({ objects: z.number(), bytes: z.number() })),
  countsPartial: z.boolean().describe('The census stopped at its object limit'),
  configuration: z.object({
    publicAccess: z.array(z.string()).describe('Why anyone on the internet can read it'),
    encryption: z.string().nullable(),
    versioning: z.boolean(),
    lifecycleRules: z.number(),
    accessLogging: z.string().nullable(),
  }),
  findings: z.array(finding),
  personalData: z
    .record(z.string(), z.number())
    .nullable()
    .describe('Values of each category the classifier found; null before a scan'),
  recommendations: z.array(recommendation),
  createdAt: z.iso.datetime().nullable(),
  discoveredAt: z.iso.datetime(),
});
export type BucketView = z.output<typeof bucketView>;

export const bucketList = z.object({ items: z.array(bucketView) });

export const discoverySummary = z.object({
  accountId: z.uuid(),
  provider,
  buckets: z.number(),
  removed: z.number(),
  objects: z.number(),
  bytes: z.number(),
});

export const objectListQuery = z.strictObject({
  prefix: z
    .string()
    .refine((prefix) => Buffer.byteLength(prefix) <= 1024, 'expected at most 1024 bytes')
    .default('')
    .describe('Only keys that start with it'),
  delimiter: z
    .string()
    .max(8, 'expected at most 8 characters')
    .default('/')
    .describe("Groups keys into common prefixes at it; '' lists every key"),
  limit: z.coerce
    .number({ error: 'expected a whole number' })
    .int('expected a whole number')
    .min(1, 'expected at least 1')
    .max(5000, 'expected at most 5000')
    .default(1000)
    .describe('Entries per page at most (objects and prefixes); the provider may answer fewer'),
  cursor: z.string().max(8192).optional().describe('The nextCursor of the previous page'),
});
export type ObjectListQuery = z.output<typeof objectListQuery>;

const objectEntry = z.object({
  key: z.string(),
  size: z.number(),
  storageClass: z.string(),
  lastModified: z.iso.datetime(),
  etag: z.string().nullable(),
});

export const objectPage = z.object({
  prefixes: z.array(z.string()).describe('Common prefixes at the delimiter, in provider order'),
  objects: z.array(objectEntry),
  nextCursor: z.string().nullable(),
});
export type ObjectPageView = z.output<typeof objectPage>;

export const objectQuery = z.strictObject({ key: objectKey });

export const objectMetadataView = objectEntry.extend({
  contentType: z.string().nullable(),
  md5: z.string().nullable().describe('Hex MD5 of the bytes where the provider keeps one'),
  metadata: z.record(z.string(), z.string()),
  versionId: z.string().nullable(),
});

export const signedUrlRequest = z.strictObject({
  key: objectKey,
  method: z.enum(['GET', 'PUT']).default('GET').describe('GET downloads, PUT uploads'),
  expiresInSeconds: z.coerce
    .number()
    .int('expected a whole number')
    .min(1, 'expected at least 1 second')
    .default(300),
  contentType: z.string().max(255).optional().describe('PUT only: the Content-Type to sign'),
});
export type SignedUrlRequest = z.output<typeof signedUrlRequest>;

export const signedUrlView = z.object({
  url: z.string(),
  method: z.enum(['GET', 'PUT']),
  expiresAt: z.iso.datetime(),
  grantId: z.uuid().describe('The audit record of this URL'),
});

export const scanRequest = z
  .strictObject({
    prefix: z
      .string()
      .refine((prefix) => Buffer.byteLength(prefix) <= 1024, 'expected at most 1024 bytes')
      .default('')
      .describe("Only objects under it; '' for the whole bucket"),
    objectsPerPrefix: z
      .number()
      .int('expected a whole number')
      .min(1, 'expected at least 1')
      .max(10_000, 'expected at most 10000')
      .optional()
      .describe('Objects sampled under each top-level prefix (STORAGE_SCAN_OBJECTS_PER_PREFIX)'),
    bytesPerObject: z
      .number()
      .int('expected a whole number')
      .min(1, 'expected at least 1')
      .max(16 * 1024 * 1024, 'expected at most 16 MiB')
      .optional()
      .describe('Bytes read from the start of each sampled object (STORAGE_SCAN_BYTES_PER_OBJECT)'),
  })
  .default({ prefix: '' });
export type ScanRequest = z.output<typeof scanRequest>;

const categoryCounts = z.record(z.string(), z.number());

export const scanSummary = z.object({
  objectsScanned: z.number(),
  bytesScanned: z.number(),
  counts: categoryCounts.describe('Values found per category, validated (Luhn, mod-97, …)'),
  prefixes: z.array(z.object({ prefix: z.string(), objects: z.number(), counts: categoryCounts })),
});

export const classificationQuery = z.strictObject({
  prefix: z.string().max(1024).optional().describe('Only objects whose top-level prefix is this'),
});

export const classificationList = z.object({
  items: z.array(
    z.object({
      key: z.string(),
      prefix: z.string(),
      counts: categoryCounts,
      examples: z
        .record(z.string(), z.array(z.string()))
        .describe('Masked examples; the matched values themselves are never kept'),
      skipped: z.string().nullable(),
      scannedAt: z.iso.datetime(),
    }),
  ),
});

export const previewRequest = z.strictObject({
  type: z.enum(['copy', 'move', 'change_class', 'delete']).describe('The storage action'),
  params: z.record(z.string(), z.unknown()).default({}).describe("The action's parameters"),
});
export type PreviewRequest = z.output<typeof previewRequest>;

export const actionPreview = z.object({
  objects: z.number().describe('Objects the action would touch now'),
  bytes: z.number(),
  byClass: z.record(z.string(), z.object({ objects: z.number(), bytes: z.number() })),
  keys: z.array(z.string()).describe('The first of them'),
  destination: z.string().nullable(),
  monthlyCostDelta: z
    .number()
    .nullable()
    .describe('USD a month after minus before, at list prices; null where a price is unknown'),
  oneOffCost: z.number().nullable().describe('USD once: one write request per object'),
  costBasis: z.string(),
});
