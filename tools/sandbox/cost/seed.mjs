#!/usr/bin/env node
// `make sandbox-seed`: 90 days of cost ending yesterday (UTC) for what the sandboxes run,
// delivered as each provider delivers its bill (ADR 22): a CUR 2.0 export in moto S3, the
// BigQuery billing export table in the GCP sandbox, FocusCost exports in Azurite (registered
// in the Azure sandbox's Cost Management, whose query API gets the same rows). The ground
// truth and the planted anomalies go to .local/sandbox/cost/. Running it again rewrites the
// same bills (a new day moves the window).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateBucketCommand, HeadBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { Storage } from '@google-cloud/storage';

import { buildEstate, SUBSCRIPTIONS } from '../azure/estate.mjs';
import {
  azureCredential,
  bigQueryClient,
  deliverAws,
  deliverAzure,
  deliverGcp,
  port,
  ROOT,
  s3Client,
  SANDBOX_KEYS,
} from './deliver.mjs';
import { generateCost } from './generate.mjs';
import { seedCostQuery } from './writers.mjs';

const PROJECT = 'codex-sandbox';
const PROJECT_NUMBER = '100000000001';
const AWS_ACCOUNT = '123456789012';
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const USAGE_PREFIX = { 'us-east-1': '', 'eu-west-1': 'EU-', 'ap-southeast-2': 'APS2-' };
const BILLING_BUCKET = 'codex-billing';
const MOTO = `http://127.0.0.1:${port('MOTO_PORT')}`;
const GCP = `http://127.0.0.1:${port('GCS_SANDBOX_PORT')}`;
const ARM = `https://127.0.0.1:${port('AZURE_SANDBOX_PORT')}`;
const OUT = join(ROOT, '.local/sandbox/cost');

async function awsEstate() {
  const resources = [];
  for (const region of REGIONS) {
    const ec2 = new EC2Client({ region, endpoint: MOTO, credentials: SANDBOX_KEYS });
    const answer = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [{ Name: 'instance-state-name', Values: ['running'] }],
      }),
    );
    for (const instance of answer.Reservations.flatMap((r) => r.Instances ?? [])) {
      const tags = Object.fromEntries((instance.Tags ?? []).map((t) => [t.Key, t.Value]));
      resources.push({
        accountId: AWS_ACCOUNT,
        region,
        resourceId: instance.InstanceId,
        productCode: 'AmazonEC2',
        usageType: `${USAGE_PREFIX[region]}BoxUsage:${instance.InstanceType}`,
        tags,
      });
    }
  }
  const s3 = s3Client(MOTO);
  const { Buckets = [] } = await s3.send(new ListBucketsCommand({}));
  for (const bucket of Buckets.filter((b) => b.Name !== BILLING_BUCKET)) {
    resources.push({
      accountId: AWS_ACCOUNT,
      region: 'us-east-1',
      resourceId: bucket.Name,
      productCode: 'AmazonS3',
      usageType: 'TimedStorage-ByteHrs',
      tags: { team: 'platform', env: 'production' },
    });
  }
  const order = (r) =>
    `${REGIONS.indexOf(r.region)}|${r.productCode}|${r.tags.Name ?? ''}|${r.resourceId}`;
  return resources.sort((a, b) => order(a).localeCompare(order(b)));
}

async function gcpEstate() {
  const storage = new Storage({ apiEndpoint: GCP, projectId: PROJECT });
  const [buckets] = await storage.getBuckets();
  return buckets
    .map((bucket) => ({
      projectId: PROJECT,
      projectNumber: PROJECT_NUMBER,
      location: String(bucket.metadata.location ?? 'US').toLowerCase(),
      globalName: `//storage.googleapis.com/projects/_/buckets/${bucket.name}`,
      name: bucket.name,
      serviceId: '95FF-2EF5-5EA1',
      serviceDescription: 'Cloud Storage',
      labels: bucket.metadata.labels ?? {},
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function azureEstate() {
  const vms = Number(process.env.AZURE_SANDBOX_VMS ?? 44);
  return buildEstate({ vms })
    .machines.filter((vm) => vm.power === 'running')
    .map((vm) => ({
      subscriptionId: vm.subscriptionId,
      resourceId: `/subscriptions/${vm.subscriptionId}/resourceGroups/${vm.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${vm.name}`,
      resourceGroup: vm.resourceGroup,
      name: vm.name,
      location: vm.location,
      serviceName: 'Virtual Machines',
      meterCategory: 'Virtual Machines',
      tags: vm.tags,
    }));
}

async function billingBucket(s3) {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: BILLING_BUCKET }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: BILLING_BUCKET }));
  }
}

const end = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const estate = { aws: await awsEstate(), gcp: await gcpEstate(), azure: azureEstate() };
const bills = generateCost({ end, estate });

const failed = [];
/** Each provider is delivered on its own: one peer down does not keep the others unseeded. */
async function step(name, deliver) {
  try {
    await deliver();
  } catch (error) {
    failed.push(name);
    console.error(`cost: delivering the ${name} bill failed: ${error.message}`);
  }
}

await step('AWS', async () => {
  const s3 = s3Client(MOTO);
  await billingBucket(s3);
  await deliverAws(
    s3,
    { bucket: BILLING_BUCKET, prefix: 'cur', exportName: 'codex-cur2' },
    bills.aws.periods,
  );
});
await step('GCP', () =>
  deliverGcp(
    bigQueryClient(GCP, PROJECT),
    {
      projectId: PROJECT,
      datasetId: 'billing_export',
      tableId: 'gcp_billing_export_resource_v1_01A2B3_C4D5E6_F7A8B9',
    },
    bills.gcp.rows,
  ),
);
const credential = azureCredential(ARM);
for (const [index, { subscriptionId }] of SUBSCRIPTIONS.entries()) {
  await step(`Azure ${subscriptionId}`, async () => {
    const destination = {
      subscriptionId,
      storageAccount: index === 0 ? 'codexprodassets' : 'codexdevdata',
      container: 'cost-exports',
      rootFolderPath: 'focus',
      exportName: 'codex-focus',
    };
    await deliverAzure({ armEndpoint: ARM, credential, destination, periods: bills.azure.periods });
    const rows = bills.azure.periods
      .filter((p) => p.subscriptionId === subscriptionId)
      .flatMap((p) => p.rows);
    await seedCostQuery({ armEndpoint: ARM, subscriptionId, rows });
  });
}

mkdirSync(OUT, { recursive: true });
writeFileSync(
  join(OUT, 'ground-truth.json'),
  `${JSON.stringify({ end, days: 90, restatedPeriod: bills.aws.restatedPeriod, ...bills.groundTruth }, null, 2)}\n`,
);
writeFileSync(join(OUT, 'anomalies.json'), `${JSON.stringify(bills.anomalies, null, 2)}\n`);
const lines = Object.values(bills.aws.periods).reduce((n, p) => n + p.rows.length, 0);
console.log(
  `cost: ${lines} CUR lines, ${bills.gcp.rows.length} BigQuery rows, ${bills.azure.periods.reduce((n, p) => n + p.rows.length, 0)} FocusCost rows for ${bills.groundTruth.totals[0]?.billingPeriod}…${end}; ground truth in .local/sandbox/cost/`,
);
if (failed.length) process.exitCode = 1;
