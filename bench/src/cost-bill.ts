import { randomUUID } from 'node:crypto';

import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/*
 * A large CUR 2.0 month for benchmarks: hourly usage lines of many resources, written as one
 * snappy Parquet file per BILLING_PERIOD part with its Data Exports manifest.
 */

const SERVICES = [
  ['AmazonEC2', 'BoxUsage:m5.large', 0.096],
  ['AmazonEC2', 'BoxUsage:t3.medium', 0.0416],
  ['AmazonRDS', 'InstanceUsage:db.r5.large', 0.25],
  ['AmazonS3', 'TimedStorage-ByteHrs', 0.0023],
  ['AmazonVPC', 'NatGateway-Hours', 0.045],
  ['AWSDataTransfer', 'DataTransfer-Out-Bytes', 0.09],
  ['AmazonECS', 'Fargate-vCPU-Hours:perCPU', 0.04048],
  ['AmazonCloudWatch', 'CW:MetricMonitorUsage', 0.01],
] as const;
const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'sa-east-1',
  'ca-central-1',
  'eu-north-1',
];
const TEAMS = ['payments', 'web', 'data', 'search', 'platform'];

export interface BulkBill {
  bucket: string;
  prefix: string;
  exportName: string;
  period: string;
}

/** Rows of one part: `rows` hourly lines over `resources` resources of `accounts` linked accounts. */
function columns(period: string, part: number, rows: number, accounts: string[]) {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const start = Date.UTC(year, month - 1, 1);
  const hours = (Date.UTC(year, month, 1) - start) / 3_600_000;
  const resources = Math.ceil(rows / hours);
  const data: Record<string, unknown[]> = {};
  const put = (name: string, value: unknown) => (data[name] ??= []).push(value);
  for (let index = 0; index < rows; index++) {
    const resource = index % resources;
    const hour = Math.floor(index / resources);
    const [product, usageType, rate] = SERVICES[resource % SERVICES.length]!;
    const region = REGIONS[resource % REGIONS.length]!;
    const account = accounts[resource % accounts.length]!;
    const amount = 1 + (resource % 3);
    const cost = Math.round(amount * rate * 1e6) / 1e6;
    put('bill_billing_period_start_date', new Date(start));
    put('bill_billing_period_end_date', new Date(Date.UTC(year, month, 1)));
    put('bill_payer_account_id', accounts[0]);
    put('bill_billing_entity', 'AWS');
    put('line_item_usage_account_id', account);
    put('line_item_line_item_type', 'Usage');
    put('line_item_usage_start_date', new Date(start + hour * 3_600_000));
    put('line_item_usage_end_date', new Date(start + (hour + 1) * 3_600_000));
    put('line_item_product_code', product);
    put('line_item_usage_type', usageType);
    put(
      'line_item_resource_id',
      product === 'AmazonEC2'
        ? `i-${part.toString(16)}${resource.toString(16).padStart(12, '0')}`
        : `arn:aws:${product}:${region}:${account}:r/${part}-${resource}`,
    );
    put('line_item_usage_amount', amount);
    put('line_item_unblended_rate', rate);
    put('line_item_unblended_cost', cost);
    put('line_item_currency_code', 'USD');
    put('line_item_line_item_description', `${usageType} in ${region}`);
    put('product_region_code', region);
    put('product_sku', `SKU${resource % 97}`);
    put('pricing_unit', 'Hrs');
    put('pricing_public_on_demand_cost', cost);
    put('pricing_public_on_demand_rate', rate);
    put(
      'resource_tags',
      JSON.stringify({
        user_team: TEAMS[resource % TEAMS.length],
        user_env: resource % 4 === 0 ? 'production' : 'dev',
      }),
    );
  }
  const types: Record<string, string> = {
    line_item_usage_amount: 'DOUBLE',
    line_item_unblended_rate: 'DOUBLE',
    line_item_unblended_cost: 'DOUBLE',
    pricing_public_on_demand_cost: 'DOUBLE',
    pricing_public_on_demand_rate: 'DOUBLE',
  };
  return Object.entries(data).map(([name, values]) => ({
    name,
    data: values,
    type: name.endsWith('_date') ? 'TIMESTAMP' : (types[name] ?? 'STRING'),
  }));
}

/**
 * Writes `parts` Parquet files of `rowsPerPart` lines each for the month, then the manifest
 * naming them under a new execution id (a delivery Codex has not seen). Answers the row count.
 */
export async function writeBulkBill(
  s3: S3Client,
  bill: BulkBill,
  parts: number,
  rowsPerPart: number,
  accounts: string[],
): Promise<number> {
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  const root = `${bill.prefix}/${bill.exportName}`;
  const dataFiles: string[] = [];
  for (let part = 1; part <= parts; part++) {
    const key = `${root}/data/BILLING_PERIOD=${bill.period}/${bill.exportName}-${String(part).padStart(5, '0')}.snappy.parquet`;
    const body = parquetWriteBuffer({
      columnData: columns(bill.period, part, rowsPerPart, accounts) as never,
      rowGroupSize: 100_000,
    });
    await s3.send(
      new PutObjectCommand({ Bucket: bill.bucket, Key: key, Body: new Uint8Array(body) }),
    );
    dataFiles.push(`s3://${bill.bucket}/${key}`);
  }
  const [year, month] = bill.period.split('-').map(Number) as [number, number];
  await s3.send(
    new PutObjectCommand({
      Bucket: bill.bucket,
      Key: `${root}/metadata/BILLING_PERIOD=${bill.period}/${bill.exportName}-Manifest.json`,
      Body: JSON.stringify({
        executionId: randomUUID(),
        exportArn: `arn:aws:bcm-data-exports:us-east-1:${accounts[0]}:export/${bill.exportName}`,
        billingPeriod: {
          start: new Date(Date.UTC(year, month - 1, 1)).toISOString(),
          end: new Date(Date.UTC(year, month, 1)).toISOString(),
        },
        dataFiles,
        exportTime: new Date().toISOString(),
      }),
    }),
  );
  return parts * rowsPerPart;
}
