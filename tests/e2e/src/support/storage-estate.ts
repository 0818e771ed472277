import { generateKeyPairSync, randomBytes } from 'node:crypto';

import {
  CreateBucketCommand,
  PutBucketAclCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketLoggingCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { StorageManagementClient } from '@azure/arm-storage';
import { ClientSecretCredential } from '@azure/identity';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { AZURE_SANDBOX, localInfra, type MotoAccount, trustAzureSandboxCa } from '@codex/testing';
import { Storage } from '@google-cloud/storage';

/** Runs the calls `concurrency` at a time. */
export async function inBatches<T>(
  items: readonly T[],
  concurrency: number,
  each: (item: T) => Promise<unknown>,
): Promise<void> {
  for (let start = 0; start < items.length; start += concurrency) {
    await Promise.all(items.slice(start, start + concurrency).map(each));
  }
}

/**
 * Keys of a listing test: `count` objects under `prefix`, nine in ten at its top level and one
 * in ten in one of 20 sub-prefixes, so a delimited listing mixes objects and common prefixes.
 */
export function listingKeys(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) =>
    index % 10 === 0
      ? `${prefix}sub${String((index / 10) % 20).padStart(2, '0')}/o${String(index).padStart(5, '0')}.txt`
      : `${prefix}o${String(index).padStart(5, '0')}.txt`,
  );
}

/** The S3 buckets of the test: a public one, an unencrypted one, a well-kept one. */
export async function seedS3(moto: MotoAccount, run: string) {
  const s3 = new S3Client(await moto.clientConfig('us-east-1'));
  const names = { public: `pub-${run}`, plain: `plain-${run}`, kept: `kept-${run}` };
  for (const bucket of Object.values(names)) {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
  const sse = {
    ServerSideEncryptionConfiguration: {
      Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' as const } }],
    },
  };
  await s3.send(new PutBucketEncryptionCommand({ Bucket: names.public, ...sse }));
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: names.public,
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:GetObject',
            Resource: `arn:aws:s3:::${names.public}/*`,
          },
        ],
      }),
    }),
  );
  await s3.send(new PutBucketEncryptionCommand({ Bucket: names.kept, ...sse }));
  await s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: names.kept,
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    }),
  );
  await s3.send(
    new PutBucketVersioningCommand({
      Bucket: names.kept,
      VersioningConfiguration: { Status: 'Enabled' },
    }),
  );
  await s3.send(
    new PutBucketLifecycleConfigurationCommand({
      Bucket: names.kept,
      LifecycleConfiguration: {
        Rules: [
          {
            ID: 'cold-after-90',
            Status: 'Enabled',
            Filter: { Prefix: '' },
            Transitions: [{ Days: 90, StorageClass: 'GLACIER_IR' }],
          },
        ],
      },
    }),
  );
  const logDelivery = 'uri="http://acs.amazonaws.com/groups/s3/LogDelivery"';
  await s3.send(
    new PutBucketAclCommand({
      Bucket: names.kept,
      GrantWrite: logDelivery,
      GrantReadACP: logDelivery,
    }),
  );
  await s3.send(
    new PutBucketLoggingCommand({
      Bucket: names.kept,
      BucketLoggingStatus: {
        LoggingEnabled: { TargetBucket: names.kept, TargetPrefix: 'access-logs/' },
      },
    }),
  );
  return { s3, names };
}

export async function putS3Objects(s3: S3Client, bucket: string, keys: string[]) {
  await inBatches(keys, 32, (key) =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `body of ${key}` })),
  );
}

/** A service-account key of a made-up project, with a real RSA key: GCS V4 URLs are signed with it. */
export function serviceAccountKey(projectId: string): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return JSON.stringify({
    type: 'service_account',
    project_id: projectId,
    private_key_id: randomBytes(20).toString('hex'),
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: `codex@${projectId}.iam.gserviceaccount.com`,
    client_id: '1234567890',
    token_uri: 'https://oauth2.googleapis.com/token',
  });
}

/** The GCS buckets of the test: one open to allUsers, one well kept. */
export async function seedGcs(projectId: string, run: string) {
  const storage = new Storage({ apiEndpoint: localInfra().gcsSandboxUrl, projectId });
  const names = { public: `gpub-${run}`, kept: `gkept-${run}` };
  const [open] = await storage.createBucket(names.public, { location: 'US-CENTRAL1' });
  const [policy] = await open.iam.getPolicy();
  policy.bindings.push({ role: 'roles/storage.objectViewer', members: ['allUsers'] });
  await open.iam.setPolicy(policy);
  const [kept] = await storage.createBucket(names.kept, {
    location: 'EUROPE-WEST1',
    versioning: { enabled: true },
  });
  await kept.setMetadata({
    lifecycle: {
      rule: [
        { action: { type: 'SetStorageClass', storageClass: 'COLDLINE' }, condition: { age: 90 } },
      ],
    },
    logging: { logBucket: names.kept, logObjectPrefix: 'access-logs/' },
    iamConfiguration: {
      publicAccessPrevention: 'enforced',
      uniformBucketLevelAccess: { enabled: true },
    },
  });
  return { storage, names };
}

export async function putGcsObjects(storage: Storage, bucket: string, keys: string[]) {
  await inBatches(keys, 16, (key) =>
    storage.bucket(bucket).file(key).save(`body of ${key}`, { resumable: false }),
  );
}

/** A storage account of the Azure sandbox, reached as the test's own client would: keys from Resource Manager. */
export async function azureAccount(subscriptionId: string, name: string) {
  trustAzureSandboxCa();
  const credential = new ClientSecretCredential(
    AZURE_SANDBOX.tenantId,
    AZURE_SANDBOX.clientId,
    AZURE_SANDBOX.clientSecret,
    { authorityHost: localInfra().azureSandboxUrl, disableInstanceDiscovery: true },
  );
  const management = new StorageManagementClient(credential, subscriptionId, {
    endpoint: localInfra().azureSandboxUrl,
  });
  for await (const account of management.storageAccounts.list()) {
    if (account.name !== name) continue;
    const group = /\/resourceGroups\/([^/]+)\//i.exec(account.id ?? '')?.[1] ?? '';
    const keys = await management.storageAccounts.listKeys(group, name);
    const key = keys.keys?.[0]?.value ?? '';
    return new BlobServiceClient(
      account.primaryEndpoints?.blob ?? '',
      new StorageSharedKeyCredential(name, key),
    );
  }
  throw new Error(`the Azure sandbox has no storage account ${name} in ${subscriptionId}`);
}

export async function putBlobs(service: BlobServiceClient, container: string, keys: string[]) {
  const client = service.getContainerClient(container);
  await inBatches(keys, 16, (key) => {
    const body = `body of ${key}`;
    return client.getBlockBlobClient(key).upload(body, Buffer.byteLength(body));
  });
}
