#!/usr/bin/env node
// Seeds the storage sandboxes for `make up` and the README: a GCS project (through the GCS
// sandbox front) with a bucket open to allUsers and a well-kept one, and containers in the
// Azure sandbox's second subscription (Azurite), some holding the labelled corpus's files.
// Idempotent: what exists is left as it is.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { Storage } from '@google-cloud/storage';

import { storageAccountByName } from '../azure/estate.mjs';
import { generateCorpus } from './corpus.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ports = Object.fromEntries(
  readFileSync(join(ROOT, 'tools/infra/ports.env'), 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z0-9_]+=/.test(line))
    .map((line) => line.split('=', 2)),
);
export const SANDBOX_PROJECT = 'codex-sandbox';
const corpus = generateCorpus({ seed: 3, files: 40 });

async function seedGcs() {
  const storage = new Storage({
    apiEndpoint: `http://127.0.0.1:${process.env.GCS_SANDBOX_PORT ?? ports.GCS_SANDBOX_PORT}`,
    projectId: SANDBOX_PROJECT,
  });
  const [existing] = await storage.getBuckets();
  const names = new Set(existing.map((bucket) => bucket.name));
  if (!names.has('codex-sandbox-analytics')) {
    const [bucket] = await storage.createBucket('codex-sandbox-analytics', {
      location: 'US-CENTRAL1',
      labels: { env: 'dev', team: 'analytics' },
    });
    const [policy] = await bucket.iam.getPolicy();
    policy.bindings.push({ role: 'roles/storage.objectViewer', members: ['allUsers'] });
    await bucket.iam.setPolicy(policy);
    for (const file of corpus.slice(0, 20)) {
      await bucket.file(`reports/${file.path}`).save(file.bytes, { resumable: false });
    }
  }
  if (!names.has('codex-sandbox-archive')) {
    const [bucket] = await storage.createBucket('codex-sandbox-archive', {
      location: 'EUROPE-WEST1',
      versioning: { enabled: true },
      labels: { env: 'production' },
    });
    await bucket.setMetadata({
      lifecycle: {
        rule: [
          { action: { type: 'SetStorageClass', storageClass: 'COLDLINE' }, condition: { age: 90 } },
        ],
      },
      logging: { logBucket: 'codex-sandbox-archive', logObjectPrefix: 'access-logs/' },
      iamConfiguration: { publicAccessPrevention: 'enforced' },
    });
  }
}

async function seedAzure() {
  const account = storageAccountByName('codexdevdata');
  const service = new BlobServiceClient(
    `http://127.0.0.1:${process.env.AZURITE_BLOB_PORT ?? ports.AZURITE_BLOB_PORT}/${account.name}`,
    new StorageSharedKeyCredential(account.name, account.keys.key1),
  );
  const exports = service.getContainerClient('customer-exports');
  if (!(await exports.exists())) {
    await exports.create();
    for (const file of corpus.slice(20)) {
      await exports.getBlockBlobClient(file.path).upload(file.bytes, file.bytes.length);
    }
  }
  const datasets = service.getContainerClient('ml-datasets');
  if (!(await datasets.exists())) {
    await datasets.create();
    const body = 'feature_a,feature_b,label\n0.1,0.2,1\n';
    await datasets.getBlockBlobClient('train/part-0000.csv').upload(body, body.length);
  }
}

await seedGcs();
await seedAzure();
console.log('storage sandbox seeded: GCS project codex-sandbox, Azure containers in codexdevdata');
