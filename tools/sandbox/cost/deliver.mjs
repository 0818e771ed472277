// Clients for the sandbox peers and the delivery of generated bills to given destinations;
// shared by seed.mjs (make sandbox-seed) and write-bills.mjs (the cost e2e test).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { S3Client } from '@aws-sdk/client-s3';
import { ClientSecretCredential } from '@azure/identity';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { BigQuery } from '@google-cloud/bigquery';
import { OAuth2Client } from 'google-auth-library';

import { CLIENTS, storageAccountByName, TENANT_ID } from '../azure/estate.mjs';
import { loadBillingExport, writeAzureFocusExport, writeCurExport } from './writers.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ports = Object.fromEntries(
  readFileSync(join(ROOT, 'tools/infra/ports.env'), 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z0-9_]+=/.test(line))
    .map((line) => line.split('=', 2)),
);
export const port = (name) => process.env[name] ?? ports[name];

export const SANDBOX_KEYS = { accessKeyId: 'codex-sandbox', secretAccessKey: 'codex-sandbox' };

export const s3Client = (endpoint, credentials = SANDBOX_KEYS, region = 'us-east-1') =>
  new S3Client({ region, endpoint, forcePathStyle: true, credentials });

export function bigQueryClient(endpoint, projectId) {
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: 'sandbox', expiry_date: Date.now() + 3_600_000 });
  return new BigQuery({ apiEndpoint: endpoint, projectId, authClient });
}

export const azureCredential = (armEndpoint) =>
  new ClientSecretCredential(TENANT_ID, CLIENTS[0].clientId, CLIENTS[0].secret, {
    authorityHost: armEndpoint,
    disableInstanceDiscovery: true,
  });

/** The Azurite blob service of an estate storage account, and its ARM id. */
export function storageAccount(name) {
  const account = storageAccountByName(name);
  if (!account) throw new Error(`no storage account ${name} in the Azure estate`);
  return {
    resourceId: `/subscriptions/${account.subscriptionId}/resourceGroups/${account.resourceGroup}/providers/Microsoft.Storage/storageAccounts/${account.name}`,
    blobServiceClient: new BlobServiceClient(
      `http://127.0.0.1:${port('AZURITE_BLOB_PORT')}/${account.name}`,
      new StorageSharedKeyCredential(account.name, account.keys.key1),
    ),
  };
}

export async function deliverAws(s3, destination, periods) {
  for (const [period, { executionId, rows }] of Object.entries(periods)) {
    await writeCurExport(s3, { ...destination, period, executionId, rows, format: 'parquet' });
  }
}

export async function deliverGcp(bigquery, destination, rows) {
  await loadBillingExport(bigquery, { ...destination, rows });
}

/** Every month of one subscription's FocusCost rows, each month one export run. */
export async function deliverAzure({ armEndpoint, credential, destination, periods }) {
  const account = storageAccount(destination.storageAccount);
  for (const period of periods.filter((p) => p.subscriptionId === destination.subscriptionId)) {
    await writeAzureFocusExport({
      blobServiceClient: account.blobServiceClient,
      armEndpoint,
      credential,
      subscriptionId: destination.subscriptionId,
      storageAccountResourceId: account.resourceId,
      container: destination.container,
      rootFolderPath: destination.rootFolderPath,
      exportName: destination.exportName,
      month: period.month,
      runId: period.runId,
      rows: period.rows,
    });
  }
}
