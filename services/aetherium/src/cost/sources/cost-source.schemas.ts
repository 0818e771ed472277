import { z } from 'zod';

import type { CostIngestion } from '../ingestion/cost-ingestion.entity';
import type { CostSource } from './cost-source.entity';

const name = (what: string, pattern: RegExp, hint: string) =>
  z.string().regex(pattern, `expected ${hint}`).describe(what);

const s3Bucket = name(
  'The bucket the export is delivered to',
  /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
  'an S3 bucket name',
);
const exportName = name(
  "The export's name",
  /^[\w.-]{1,128}$/,
  'an export name (letters, digits, . _ -)',
);

export const newCostSource = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('aws-data-export'),
    accountId: z.uuid('expected an account id (UUID)'),
    bucket: s3Bucket,
    prefix: z
      .string()
      .max(512, 'expected at most 512 characters')
      .regex(/^[^/].*[^/]$|^$/, 'expected a prefix without leading or trailing /')
      .default(''),
    exportName,
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region code')
      .default('us-east-1'),
  }),
  z.strictObject({
    kind: z.literal('aws-cost-explorer'),
    accountId: z.uuid('expected an account id (UUID)'),
  }),
  z.strictObject({
    kind: z.literal('gcp-billing-export'),
    accountId: z.uuid('expected an account id (UUID)'),
    projectId: name(
      "The project that holds the export dataset; the account's project when omitted",
      /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
      'a GCP project id',
    ).optional(),
    datasetId: name(
      'The BigQuery dataset of the export',
      /^\w{1,1024}$/,
      'a BigQuery dataset id (letters, digits, _)',
    ),
    tableId: name(
      'The export table, gcp_billing_export_resource_v1_<billing account>',
      /^gcp_billing_export_resource_v1_[A-Z0-9_]+$/,
      'the detailed export table gcp_billing_export_resource_v1_<BILLING_ACCOUNT_ID>',
    ),
  }),
  z.strictObject({
    kind: z.literal('azure-cost-export'),
    accountId: z.uuid('expected an account id (UUID)'),
    exportName: exportName
      .optional()
      .describe('Only this export of the subscription; every FocusCost export when omitted'),
  }),
  z.strictObject({
    kind: z.literal('azure-cost-query'),
    accountId: z.uuid('expected an account id (UUID)'),
  }),
]);
export type NewCostSource = z.infer<typeof newCostSource>;

export const PROVIDER_OF_KIND = {
  'aws-data-export': 'aws',
  'aws-cost-explorer': 'aws',
  'gcp-billing-export': 'gcp',
  'azure-cost-export': 'azure',
  'azure-cost-query': 'azure',
} as const;

export const costSourceView = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  provider: z.enum(['aws', 'azure', 'gcp']),
  kind: z.string(),
  settings: z.record(z.string(), z.string()),
  createdAt: z.iso.datetime(),
  lastRun: z
    .object({
      runId: z.uuid(),
      status: z.enum(['running', 'succeeded', 'failed']),
      error: z.string().nullable(),
      at: z.iso.datetime(),
    })
    .nullable(),
});
export type CostSourceView = z.infer<typeof costSourceView>;

export function toCostSourceView(source: CostSource): CostSourceView {
  return {
    id: source.id,
    accountId: source.accountId,
    provider: source.provider as CostSourceView['provider'],
    kind: source.kind,
    settings: source.settings,
    createdAt: source.createdAt.toISOString(),
    lastRun:
      source.lastRunId && source.lastRunStatus && source.lastRunAt
        ? {
            runId: source.lastRunId,
            status: source.lastRunStatus,
            error: source.lastRunError,
            at: source.lastRunAt.toISOString(),
          }
        : null,
  };
}

export const costSourceList = z.object({ items: z.array(costSourceView) });

export const ingestionView = z.object({
  id: z.uuid(),
  runId: z.uuid(),
  billingPeriod: z.string(),
  version: z.string(),
  status: z.enum(['running', 'succeeded', 'failed', 'unchanged']),
  lineCount: z.number().int(),
  totals: z.record(z.string(), z.object({ billed: z.string(), effective: z.string() })),
  error: z.string().nullable(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
});
export type IngestionView = z.infer<typeof ingestionView>;
export const ingestionList = z.object({ items: z.array(ingestionView) });

export function toIngestionView(row: CostIngestion): IngestionView {
  return {
    id: row.id,
    runId: row.runId,
    billingPeriod: row.billingPeriod,
    version: row.version,
    status: row.status,
    lineCount: row.lineCount,
    totals: row.totals,
    error: row.error,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export const runStarted = z.object({ runId: z.uuid(), sourceId: z.uuid() });
