// The writers against the running sandboxes (each part skipped when its peer is down):
// what is written reads back, through the same SDKs, to the ground truth.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';

import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
} from '@aws-sdk/client-s3';
import { CostManagementClient } from '@azure/arm-costmanagement';
import { parquetReadObjects } from 'hyparquet';

import { startFront } from '../gcs/test-helper.mjs';
import {
  azureCredential,
  bigQueryClient,
  deliverAws,
  deliverAzure,
  deliverGcp,
  port,
  s3Client,
} from './deliver.mjs';
import { generateCost } from './generate.mjs';
import { writeCurExport } from './writers.mjs';

const MOTO = `http://127.0.0.1:${port('MOTO_PORT')}`;
const GCP = `http://127.0.0.1:${port('GCS_SANDBOX_PORT')}`;
const ARM = `https://127.0.0.1:${port('AZURE_SANDBOX_PORT')}`;
const run = randomBytes(3).toString('hex');
const up = async (url) =>
  fetch(url, { signal: AbortSignal.timeout(2000) }).then(
    (r) => r.status < 500 && r.status !== 404,
    () => false,
  );

const SUB = '22222222-0000-4000-8000-000000000002';
const estate = {
  aws: [
    {
      accountId: '123456789012',
      region: 'us-east-1',
      resourceId: 'i-0123456789abcdef0',
      productCode: 'AmazonEC2',
      usageType: 'BoxUsage:m5.large',
      tags: { team: 'payments', env: 'production' },
    },
  ],
  gcp: [
    {
      projectId: 'codex-sandbox',
      projectNumber: '100000000001',
      location: 'us-central1',
      globalName: '//storage.googleapis.com/projects/_/buckets/b1',
      name: 'b1',
      serviceId: '95FF-2EF5-5EA1',
      serviceDescription: 'Cloud Storage',
      labels: { team: 'data' },
    },
  ],
  azure: [0, 1, 2].map((i) => ({
    subscriptionId: SUB,
    resourceId: `/subscriptions/${SUB}/resourceGroups/rg-data-dev/providers/Microsoft.Compute/virtualMachines/vm-${i}`,
    resourceGroup: 'rg-data-dev',
    name: `vm-${i}`,
    location: 'eastus2',
    serviceName: 'Virtual Machines',
    meterCategory: 'Virtual Machines',
    tags: { env: 'production' },
  })),
};
const bills = generateCost({ end: '2026-11-29', estate });
const truth = (provider, period) =>
  bills.groundTruth.totals.find((t) => t.provider === provider && t.billingPeriod === period);
const toCents = (micros) => (Math.round(micros / 1e4) / 100).toFixed(2);

test('a CUR 2.0 export in moto reads back (manifest, snappy Parquet) to the ground truth', async (t) => {
  if (!(await up(MOTO))) return t.skip('moto is down');
  const s3 = s3Client(MOTO);
  const bucket = `cost-test-${run}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  t.after(async () => {
    const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    for (const { Key } of Contents) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key }));
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
  });
  await deliverAws(s3, { bucket, prefix: 'cur', exportName: 'codex-cur2' }, bills.aws.periods);
  for (const period of Object.keys(bills.aws.periods)) {
    const key = `cur/codex-cur2/metadata/BILLING_PERIOD=${period}/codex-cur2-Manifest.json`;
    const get = async (k) =>
      Buffer.from(
        await (
          await s3.send(new GetObjectCommand({ Bucket: bucket, Key: k }))
        ).Body.transformToByteArray(),
      );
    const manifest = JSON.parse((await get(key)).toString());
    assert.equal(manifest.executionId, bills.aws.periods[period].executionId);
    assert.equal(manifest.billingPeriod.start, `${period}-01T00:00:00.000Z`);
    let billed = 0;
    for (const file of manifest.dataFiles) {
      const body = await get(file.replace(`s3://${bucket}/`, ''));
      const rows = await parquetReadObjects({
        file: body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength),
      });
      billed += rows.reduce((s, r) => s + Math.round(r.line_item_unblended_cost * 1e6), 0);
      assert.equal(typeof rows[0].resource_tags, 'object');
      assert.ok(rows[0].line_item_usage_start_date instanceof Date);
    }
    assert.equal(toCents(billed), truth('aws', period).billed);
  }
  const csv = await writeCurExport(s3, {
    bucket,
    exportName: 'csv-export',
    period: '2026-10',
    executionId: 'csv-1',
    rows: bills.aws.periods['2026-10'].rows,
    format: 'csv.gz',
    partRows: 50,
  });
  assert.ok(csv.dataFiles.every((f) => f.endsWith('.csv.gz')));
});

test('a FocusCost export lands in Azurite and is registered in Cost Management', async (t) => {
  if (
    !process.env.NODE_EXTRA_CA_CERTS ||
    !(await up(`http://127.0.0.1:${port('AZURITE_BLOB_PORT')}`))
  )
    return t.skip('the Azure sandbox CA is not trusted or Azurite is down');
  const { storageAccount } = await import('./deliver.mjs');
  const container = `cost-test-${run}`;
  const client = storageAccount('codexdevdata').blobServiceClient.getContainerClient(container);
  t.after(async () => {
    await client.deleteIfExists();
    await new CostManagementClient(azureCredential(ARM), {
      endpoint: ARM,
      credentialScopes: ['https://management.azure.com/.default'],
    }).exports.delete(`subscriptions/${SUB}`, `test-${run}`);
  });
  await deliverAzure({
    armEndpoint: ARM,
    credential: azureCredential(ARM),
    destination: {
      subscriptionId: SUB,
      storageAccount: 'codexdevdata',
      container,
      rootFolderPath: 'focus',
      exportName: `test-${run}`,
    },
    periods: bills.azure.periods,
  });
  for (const period of bills.azure.periods) {
    let manifest;
    for await (const blob of client.listBlobsFlat({ prefix: `focus/test-${run}/` }))
      if (blob.name.endsWith(`${period.runId}/manifest.json`))
        manifest = JSON.parse(
          (await client.getBlobClient(blob.name).downloadToBuffer()).toString(),
        );
    assert.equal(manifest.runInfo.runId, period.runId);
    const csv = gunzipSync(
      await client.getBlobClient(manifest.blobs[0].blobName).downloadToBuffer(),
    )
      .toString()
      .trim()
      .split('\n');
    assert.equal(csv.length - 1, manifest.blobs[0].dataRowCount);
    assert.equal(manifest.dataRowCount, period.rows.length);
  }
});

test('the billing export table in the BigQuery simulator sums to the ground truth', async (t) => {
  // the running GCP sandbox when it serves BigQuery, else a private front of this test
  let endpoint = GCP;
  let front;
  if (!(await up(`${GCP}/bigquery/v2/projects/codex-sandbox/datasets`))) {
    front = await startFront('http://127.0.0.1:9');
    endpoint = front.url;
  }
  t.after(() => front?.stop());
  const bigquery = bigQueryClient(endpoint, 'codex-sandbox');
  const destination = {
    projectId: 'codex-sandbox',
    datasetId: `cost_test_${run}`,
    tableId: 'gcp_billing_export_resource_v1_01A2B3_C4D5E6_F7A8B9',
  };
  await deliverGcp(bigquery, destination, bills.gcp.rows);
  await deliverGcp(bigquery, destination, bills.gcp.rows); // again: replaced, not doubled
  const [rows] = await bigquery.query({
    query: `SELECT * FROM \`codex-sandbox.${destination.datasetId}.${destination.tableId}\` WHERE invoice.month = @month`,
    params: { month: '202610' },
  });
  const billed = rows.reduce(
    (s, r) =>
      s +
      Math.round(r.cost * 1e6) +
      (r.credits ?? []).reduce((c, x) => c + Math.round(x.amount * 1e6), 0),
    0,
  );
  assert.equal(toCents(billed), truth('gcp', '2026-10').billed);
});
