// Delivering the bills where each provider delivers them (ADR 22), with the official SDKs:
// a CUR 2.0 Data Export in S3, the BigQuery billing export table, an Azure FocusCost export
// in a blob container (and the export registered in Cost Management).
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';

import { PutObjectCommand } from '@aws-sdk/client-s3';
import { CostManagementClient } from '@azure/arm-costmanagement';
import { ByteWriter, parquetWrite } from 'hyparquet-writer';

import { CUR_COLUMNS } from './aws-bill.mjs';
import { FOCUS_COLUMNS } from './azure-bill.mjs';
import { monthBounds } from './model.mjs';

const ARM_SCOPE = 'https://management.azure.com/.default';

const utf8 = (name, repetition = 'OPTIONAL') => ({
  name,
  type: 'BYTE_ARRAY',
  converted_type: 'UTF8',
  repetition_type: repetition,
});

/** The Parquet schema of the CUR columns: doubles, millisecond timestamps, strings, a MAP. */
function curSchema() {
  const elements = [{ name: 'schema', num_children: CUR_COLUMNS.length }];
  for (const { name, type } of CUR_COLUMNS) {
    if (type === 'double') elements.push({ name, type: 'DOUBLE', repetition_type: 'OPTIONAL' });
    else if (type === 'timestamp')
      elements.push({
        name,
        type: 'INT64',
        converted_type: 'TIMESTAMP_MILLIS',
        repetition_type: 'OPTIONAL',
      });
    else if (type === 'string') elements.push(utf8(name));
    else
      elements.push(
        { name, repetition_type: 'OPTIONAL', converted_type: 'MAP', num_children: 1 },
        { name: 'key_value', repetition_type: 'REPEATED', num_children: 2 },
        utf8('key', 'REQUIRED'),
        utf8('value'),
      );
  }
  return elements;
}

/** Rows (objects) or columns ({ name: values }) as columns for rows [from, to). */
function columnSlice(source, from, to) {
  const out = {};
  for (const { name, type } of CUR_COLUMNS) {
    const values = source.columns
      ? Array.prototype.slice.call(source.columns[name], from, to)
      : source.rows.slice(from, to).map((row) => row[name] ?? null);
    out[name] =
      type === 'timestamp'
        ? values.map((v) => (v === null || v === '' ? null : v instanceof Date ? v : new Date(v)))
        : type === 'string'
          ? values.map((v) => (v === null || v === undefined ? null : String(v)))
          : values;
  }
  return out;
}

function parquetPart(columns) {
  const writer = new ByteWriter();
  parquetWrite({
    writer,
    schema: curSchema(),
    columnData: CUR_COLUMNS.map(({ name }) => ({ name, data: columns[name] })),
    codec: 'SNAPPY',
    rowGroupSize: 100_000,
  });
  return Buffer.from(writer.getBuffer());
}

const csvCell = (value) => {
  if (value === null || value === undefined) return '';
  const text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

function csvPart(columns, count) {
  const names = CUR_COLUMNS.map((c) => c.name);
  const lines = [names.join(',')];
  for (let i = 0; i < count; i++) lines.push(names.map((n) => csvCell(columns[n][i])).join(','));
  return gzipSync(`${lines.join('\n')}\n`);
}

/**
 * A CUR 2.0 Data Export delivery of one billing period: data files, then the manifest naming
 * them (written last, as AWS does, so a reader never sees a manifest before its files).
 * `rows` are objects keyed by column; `columns` (from generateAwsBulk) may be given instead.
 */
export async function writeCurExport(
  s3,
  {
    bucket,
    prefix = 'cur',
    exportName,
    period,
    executionId,
    rows,
    columns,
    length,
    format = 'parquet',
    partRows = 500_000,
    accountId,
  },
) {
  const source = columns ? { columns } : { rows };
  const total = columns ? (length ?? columns[CUR_COLUMNS[0].name].length) : rows.length;
  const root = [prefix, exportName].filter(Boolean).join('/');
  const extension = format === 'parquet' ? 'snappy.parquet' : 'csv.gz';
  const dataFiles = [];
  for (let from = 0, part = 1; from < total || part === 1; from += partRows, part++) {
    const to = Math.min(from + partRows, total);
    const slice = columnSlice(source, from, to);
    const body = format === 'parquet' ? parquetPart(slice) : csvPart(slice, to - from);
    const key = `${root}/data/BILLING_PERIOD=${period}/${exportName}-${String(part).padStart(5, '0')}.${extension}`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    dataFiles.push(`s3://${bucket}/${key}`);
    if (to >= total) break;
  }
  const bounds = monthBounds(period);
  const payer = accountId ?? rows?.[0]?.bill_payer_account_id ?? '123456789012';
  const manifest = {
    executionId,
    exportArn: `arn:aws:bcm-data-exports:us-east-1:${payer}:export/${exportName}-${executionId.slice(0, 8)}`,
    exportName,
    billingPeriod: { start: bounds.start, end: bounds.end },
    columns: CUR_COLUMNS,
    dataFileFormat: format === 'parquet' ? 'Parquet' : 'TextOrCsv',
    dataFiles,
    exportTime: new Date().toISOString(),
  };
  const manifestKey = `${root}/metadata/BILLING_PERIOD=${period}/${exportName}-Manifest.json`;
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: manifestKey,
      Body: JSON.stringify(manifest, null, 2),
      ContentType: 'application/json',
    }),
  );
  return { manifestKey, dataFiles, manifest };
}

/**
 * The detailed usage cost export table, (re)created with the export schema when `replace`
 * (the default: a seed run replaces the table, so running it again does not add rows twice),
 * then filled with insertAll in batches.
 */
export async function loadBillingExport(
  bigquery,
  { projectId, datasetId, tableId, rows, replace = true, batchRows = 2000 },
) {
  const { BILLING_EXPORT_FIELDS } = await import('../bigquery/schema.mjs');
  const dataset = bigquery.dataset(datasetId, { projectId });
  const [datasetExists] = await dataset.exists();
  if (!datasetExists) await dataset.create({ location: 'US' });
  let table = dataset.table(tableId);
  const [tableExists] = await table.exists();
  if (tableExists && replace) await table.delete();
  if (!tableExists || replace)
    [table] = await dataset.createTable(tableId, { schema: { fields: BILLING_EXPORT_FIELDS } });
  for (let from = 0; from < rows.length; from += batchRows) {
    await table.insert(rows.slice(from, from + batchRows));
  }
  return { table: `${projectId}.${datasetId}.${tableId}`, rows: rows.length };
}

const compact = (iso) => iso.slice(0, 10).replaceAll('-', '');
const csvLine = (values) => values.map(csvCell).join(',');

/**
 * One run of an Azure FocusCost export for a month: gzipped CSV parts and manifest.json under
 * `{rootFolderPath}/{exportName}/{YYYYMMDD-YYYYMMDD}/{runId}/`, and the export registered in
 * Cost Management (`exports.createOrUpdate`) so a reader finds where it lands.
 */
export async function writeAzureFocusExport({
  blobServiceClient,
  armEndpoint,
  credential,
  subscriptionId,
  storageAccountResourceId,
  container,
  rootFolderPath = 'focus',
  exportName,
  month,
  runId,
  rows,
  partRows = 100_000,
}) {
  const containerClient = blobServiceClient.getContainerClient(container);
  await containerClient.createIfNotExists();
  const bounds = monthBounds(month);
  const lastDay = new Date(Date.parse(bounds.end) - 86_400_000).toISOString();
  const folder = [
    rootFolderPath.replace(/^\/+|\/+$/g, ''),
    exportName,
    `${compact(bounds.start)}-${compact(lastDay)}`,
    runId,
  ]
    .filter(Boolean)
    .join('/');
  const blobs = [];
  for (let from = 0, part = 0; from < rows.length || part === 0; from += partRows, part++) {
    const slice = rows.slice(from, from + partRows);
    const csv = [
      FOCUS_COLUMNS.join(','),
      ...slice.map((r) => csvLine(FOCUS_COLUMNS.map((c) => r[c]))),
    ];
    const body = gzipSync(`${csv.join('\n')}\n`);
    const blobName = `${folder}/part_${part}_0001.csv.gz`;
    await containerClient.getBlockBlobClient(blobName).upload(body, body.length, {
      blobHTTPHeaders: { blobContentType: 'text/csv', blobContentEncoding: 'gzip' },
    });
    blobs.push({ blobName, byteCount: body.length, dataRowCount: slice.length });
    if (from + partRows >= rows.length) break;
  }
  const exportId = `/subscriptions/${subscriptionId}/providers/Microsoft.CostManagement/exports/${exportName}`;
  const manifest = {
    manifestVersion: '2024-04-01',
    byteCount: blobs.reduce((sum, b) => sum + b.byteCount, 0),
    blobCount: blobs.length,
    dataRowCount: rows.length,
    exportConfig: {
      exportName,
      resourceId: exportId,
      dataVersion: '1.0',
      apiVersion: '2023-07-01-preview',
      type: 'FocusCost',
      timeFrame: 'MonthToDate',
      granularity: 'Daily',
    },
    deliveryConfig: {
      partitionData: true,
      dataOverwriteBehavior: 'CreateNewReport',
      fileFormat: 'Csv',
      compressionMode: 'Gzip',
      containerName: container,
      rootFolderPath,
      resourceId: storageAccountResourceId,
    },
    runInfo: {
      executionType: 'Scheduled',
      submittedTime: new Date().toISOString(),
      runId,
      startDate: bounds.start.replace('.000Z', ''),
      endDate: lastDay.replace('T00:00:00.000Z', 'T23:59:59'),
    },
    blobs,
  };
  const manifestName = `${folder}/manifest.json`;
  const manifestBody = JSON.stringify(manifest, null, 2);
  await containerClient
    .getBlockBlobClient(manifestName)
    .upload(manifestBody, Buffer.byteLength(manifestBody), {
      blobHTTPHeaders: { blobContentType: 'application/json' },
    });
  await registerFocusExport({
    armEndpoint,
    credential,
    subscriptionId,
    storageAccountResourceId,
    container,
    rootFolderPath,
    exportName,
  });
  return { manifestName, blobs };
}

export async function registerFocusExport({
  armEndpoint,
  credential,
  subscriptionId,
  storageAccountResourceId,
  container,
  rootFolderPath,
  exportName,
}) {
  const client = new CostManagementClient(credential, {
    endpoint: armEndpoint,
    credentialScopes: [ARM_SCOPE],
  });
  await client.exports.createOrUpdate(`subscriptions/${subscriptionId}`, exportName, {
    format: 'Csv',
    deliveryInfo: {
      destination: { resourceId: storageAccountResourceId, container, rootFolderPath },
    },
    definition: { type: 'FocusCost', timeframe: 'MonthToDate', dataSet: { granularity: 'Daily' } },
    schedule: {
      status: 'Active',
      recurrence: 'Daily',
      recurrencePeriod: {
        from: new Date('2026-01-01T00:00:00Z'),
        to: new Date('2030-01-01T00:00:00Z'),
      },
    },
    partitionData: true,
  });
}

/**
 * The rows the sandbox's Cost Management query API answers for a subscription (replacing
 * what it held): `PUT /_sandbox/cost/subscriptions/{id}/rows`. Give all months at once.
 */
export async function seedCostQuery({ armEndpoint, subscriptionId, rows }) {
  const response = await fetch(
    `${armEndpoint}/_sandbox/cost/subscriptions/${subscriptionId}/rows`,
    {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rows }),
    },
  );
  if (!response.ok)
    throw new Error(
      `seeding the cost query rows answered ${response.status}: ${await response.text()}`,
    );
}

export const newRunId = () => randomUUID();
