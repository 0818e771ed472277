import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';

import {
  CreateBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { localInfra } from '@codex/testing';

/*
 * One S3 bucket on moto holding BENCH_STORAGE_OBJECTS tiny objects under one prefix, in a fixed
 * moto account, so a later run finds it seeded (a marker object written after the last PutObject
 * says so) and skips the seeding: moto takes a few hundred PutObjects a second.
 */

export const OBJECTS = Number(process.env.BENCH_STORAGE_OBJECTS ?? 100_000);
export const REGION = 'us-east-1';
export const PREFIX = 'listing/';
const SEED_CONCURRENCY = Number(process.env.BENCH_STORAGE_SEED_CONCURRENCY ?? 32);
/** Fixed, so the bucket outlives the run; moto keeps assumed-role accounts apart. */
const ACCOUNT_ID = process.env.BENCH_STORAGE_ACCOUNT_ID ?? '424242424242';

export interface ListingAccess {
  accountId: string;
  role: { roleArn: string; externalId: string };
  bucket: string;
}

export function listingAccess(): ListingAccess {
  return {
    accountId: ACCOUNT_ID,
    role: {
      roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/codex`,
      // moto does not check the external id; a fixed one keeps the account's identity stable.
      externalId: 'codex-bench-storage',
    },
    bucket: `bench-listing-${OBJECTS}`,
  };
}

/** An S3 client of the account, as the assumed role, straight to moto (SDK defaults otherwise). */
export async function s3Of(access: ListingAccess, maxSockets = 50): Promise<S3Client> {
  const endpoint = localInfra().motoUrl;
  const sts = new STSClient({
    region: REGION,
    endpoint,
    credentials: { accessKeyId: 'codex-bench', secretAccessKey: 'codex-bench' },
  });
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: access.role.roleArn,
      RoleSessionName: 'codex-bench-storage',
      ExternalId: access.role.externalId,
    }),
  );
  sts.destroy();
  return new S3Client({
    region: REGION,
    endpoint,
    credentials: {
      accessKeyId: Credentials?.AccessKeyId ?? '',
      secretAccessKey: Credentials?.SecretAccessKey ?? '',
      sessionToken: Credentials?.SessionToken ?? '',
    },
    requestHandler: {
      httpAgent: new Agent({ keepAlive: true, maxSockets }),
      requestTimeout: 120_000,
    },
  });
}

export const keyOf = (index: number) => `${PREFIX}o${String(index).padStart(7, '0')}.txt`;
const MARKER = (objects: number) => `seeded/${objects}`;

/** Seeds the bucket unless its marker says an earlier run did; the seconds it took, or null. */
export async function seedListingBucket(access: ListingAccess): Promise<number | null> {
  const s3 = await s3Of(access, SEED_CONCURRENCY);
  try {
    try {
      await s3.send(new HeadObjectCommand({ Bucket: access.bucket, Key: MARKER(OBJECTS) }));
      return null;
    } catch (error) {
      if ((error as { name?: string }).name !== 'NotFound' && !isMissingBucket(error)) {
        throw error;
      }
    }
    await s3.send(new CreateBucketCommand({ Bucket: access.bucket })).catch((error: unknown) => {
      if ((error as { name?: string }).name !== 'BucketAlreadyOwnedByYou') throw error;
    });
    const started = performance.now();
    let next = 0;
    let done = 0;
    const progress = setInterval(() => {
      const elapsed = (performance.now() - started) / 1000;
      console.log(`seeding: ${done} of ${OBJECTS} in ${elapsed.toFixed(0)} s`);
    }, 30_000);
    try {
      await Promise.all(
        Array.from({ length: SEED_CONCURRENCY }, async () => {
          for (let index = next++; index < OBJECTS; index = next++) {
            await s3.send(
              new PutObjectCommand({ Bucket: access.bucket, Key: keyOf(index), Body: 'x' }),
            );
            done += 1;
          }
        }),
      );
    } finally {
      clearInterval(progress);
    }
    await s3.send(
      new PutObjectCommand({ Bucket: access.bucket, Key: MARKER(OBJECTS), Body: 'seeded' }),
    );
    return (performance.now() - started) / 1000;
  } finally {
    s3.destroy();
  }
}

function isMissingBucket(error: unknown): boolean {
  return (error as { name?: string }).name === 'NoSuchBucket';
}

export interface Listing {
  seconds: number;
  keys: number;
  pages: number;
}

/** The floor: ListObjectsV2 paging of the prefix, MaxKeys 1000, straight to moto. */
export async function sdkListing(s3: S3Client, bucket: string): Promise<Listing> {
  const started = performance.now();
  let keys = 0;
  let pages = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: PREFIX,
        MaxKeys: 1000,
        ContinuationToken: token,
      }),
    );
    keys += page.Contents?.length ?? 0;
    pages += 1;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return { seconds: (performance.now() - started) / 1000, keys, pages };
}
