import { createHash, randomBytes, randomUUID } from 'node:crypto';

import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { BlobServiceClient } from '@azure/storage-blob';
import {
  AZURE_SANDBOX,
  eventually,
  MotoAccount,
  type RunningPlatform,
  startPlatform,
  startTestIdentityProvider,
  type TestIdentityProvider,
} from '@codex/testing';

import { gatewayApi } from './support/gateway-api';
import { redeliver } from './support/redeliver';
import {
  azureAccount,
  listingKeys,
  putBlobs,
  putGcsObjects,
  putS3Objects,
  seedGcs,
  seedS3,
  serviceAccountKey,
} from './support/storage-estate';

interface Finding {
  kind: string;
  severity: string;
}
interface Bucket {
  id: string;
  urn: string;
  provider: string;
  name: string;
  storageAccount: string | null;
  objectCount: number;
  totalBytes: number;
  findings: Finding[];
  configuration: { publicAccess: string[]; encryption: string | null; versioning: boolean };
}
interface ObjectPage {
  prefixes: string[];
  objects: { key: string; size: number; etag: string | null }[];
  nextCursor: string | null;
}
interface ActionView {
  id: string;
  status: string;
  executions: number;
  result: Record<string, unknown> | null;
  outcomeMessage: string | null;
}
interface Problem {
  status: number;
  code: string;
  detail: string;
}

const [FIRST, SECOND] = AZURE_SANDBOX.subscriptions;

const keysAndPrefixes = (page: ObjectPage) => ({
  prefixes: page.prefixes,
  keys: page.objects.map((object) => object.key),
});
const MIB = 1024 * 1024;

describe('The Great Library through the gateway: S3, GCS and Blob', () => {
  let idp: TestIdentityProvider;
  let platform: RunningPlatform;
  const tenant = `library-${randomUUID().slice(0, 8)}`;
  const run = randomBytes(4).toString('hex');
  const project = `codex-e2e-${run}`;
  const moto = new MotoAccount();
  let tokens: Record<'admin' | 'operator' | 'viewer' | 'stranger', string>;
  const accounts: Record<'aws' | 'gcp' | 'azureFirst' | 'azureSecond', string> = {
    aws: '',
    gcp: '',
    azureFirst: '',
    azureSecond: '',
  };
  let s3: Awaited<ReturnType<typeof seedS3>>;
  let gcs: Awaited<ReturnType<typeof seedGcs>>;
  let prodAssets: BlobServiceClient;
  let devData: BlobServiceClient;
  const containers = { public: `pub${run}`, private: `priv${run}`, dev: `dev${run}` };
  let buckets: Bucket[] = [];

  const api = gatewayApi(() => platform.gatewayUrl);
  const bucketNamed = (name: string) => {
    const found = buckets.find((bucket) => bucket.name === name);
    if (!found) throw new Error(`no bucket ${name} was discovered`);
    return found;
  };
  const discover = (accountId: string) =>
    eventually(
      async () => {
        const answer = await api<Problem & { buckets: number }>(
          'POST',
          `/api/v1/storage/accounts/${accountId}/discoveries`,
          tokens.operator,
        );
        if (answer.status === 404) throw new Error('great-library does not know the account yet');
        expect(answer.status).toBe(201);
        return answer.body;
      },
      { timeoutMs: 60_000 },
    );
  const requestAction = async (
    targetUrn: string,
    type: string,
    params: object,
    key = randomUUID(),
  ) => {
    const answer = await api<{ action: ActionView } & Problem>(
      'POST',
      '/api/v1/actions',
      tokens.operator,
      { targetUrn, type, params, reason: 'storage e2e' },
      { 'idempotency-key': key },
    );
    expect(answer.status).toBe(201);
    return answer.body.action;
  };
  const settle = (id: string) =>
    eventually(
      async () => {
        const action = await api<ActionView>('GET', `/api/v1/actions/${id}`, tokens.viewer);
        if (action.body.status === 'dispatched') throw new Error('still running');
        return action.body;
      },
      { timeoutMs: 120_000 },
    );
  const listAll = async (bucketId: string, prefix: string, limit: number) => {
    const pages: ObjectPage[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ prefix, delimiter: '/', limit: String(limit) });
      if (cursor) query.set('cursor', cursor);
      const page = await api<ObjectPage>(
        'GET',
        `/api/v1/storage/buckets/${bucketId}/objects?${query.toString()}`,
        tokens.viewer,
      );
      expect(page.status).toBe(200);
      pages.push(page.body);
      cursor = page.body.nextCursor;
    } while (cursor);
    return pages;
  };

  beforeAll(async () => {
    idp = await startTestIdentityProvider();
    platform = await startPlatform({
      env: idp.env,
      serviceEnv: { 'great-library': { STORAGE_DISCOVERY_INTERVAL_MINUTES: '0' } },
    });
    const token = (roles: string[]) => idp.token({ tenant, roles });
    tokens = {
      admin: await token(['admin']),
      operator: await token(['operator']),
      viewer: await token(['viewer']),
      stranger: await idp.token({ tenant: `other-${run}`, roles: ['admin'] }),
    };
    s3 = await seedS3(moto, run);
    gcs = await seedGcs(project, run);
    prodAssets = await azureAccount(FIRST, 'codexprodassets');
    devData = await azureAccount(SECOND, 'codexdevdata');
    await prodAssets.getContainerClient(containers.public).create({ access: 'blob' });
    await prodAssets.getContainerClient(containers.private).create();
    // Public access on the container, but the account forbids anonymous access: not public.
    await devData.getContainerClient(containers.dev).create({ access: 'container' });
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
    await idp?.close();
  });

  it('connects a GCP project with a service-account key; a key that is not one gets a 400 naming the field', async () => {
    const bad = await api<Problem & { errors: { field: string; message: string }[] }>(
      'POST',
      '/api/v1/accounts',
      tokens.admin,
      {
        provider: 'gcp',
        name: 'broken',
        projectId: project,
        credentials: { kind: 'service-account-key', keyJson: '{"type":"authorized_user"}' },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toContainEqual({
      field: 'body.credentials.keyJson',
      message: 'expected "type": "service_account"',
    });
    const connected = await api<{ id: string; credentials: { clientEmail: string } }>(
      'POST',
      '/api/v1/accounts',
      tokens.admin,
      {
        provider: 'gcp',
        name: 'e2e project',
        projectId: project,
        credentials: { kind: 'service-account-key', keyJson: serviceAccountKey(project) },
      },
    );
    expect(connected.status).toBe(201);
    expect(connected.body.credentials.clientEmail).toBe(`codex@${project}.iam.gserviceaccount.com`);
    accounts.gcp = connected.body.id;
    const aws = await api<{ id: string }>('POST', '/api/v1/accounts', tokens.admin, {
      provider: 'aws',
      name: 'storage',
      regions: ['us-east-1'],
      credentials: { kind: 'assume-role', ...moto.role },
    });
    expect(aws.status).toBe(201);
    accounts.aws = aws.body.id;
    for (const [slot, subscriptionId] of [
      ['azureFirst', FIRST],
      ['azureSecond', SECOND],
    ] as const) {
      const azure = await api<{ id: string }>('POST', '/api/v1/accounts', tokens.admin, {
        provider: 'azure',
        name: `storage ${slot}`,
        subscriptionId,
        credentials: {
          kind: 'client-secret',
          tenantId: AZURE_SANDBOX.tenantId,
          clientId: AZURE_SANDBOX.clientId,
          clientSecret: AZURE_SANDBOX.clientSecret,
        },
      });
      expect(azure.status).toBe(201);
      accounts[slot] = azure.body.id;
    }
  });

  it('discovers the seeded buckets and containers with exactly the seeded findings, and publishes them to the inventory', async () => {
    for (const id of Object.values(accounts)) await discover(id);
    const listed = await api<{ items: Bucket[] }>('GET', '/api/v1/storage/buckets', tokens.viewer);
    expect(listed.status).toBe(200);
    buckets = listed.body.items;
    const kinds = (name: string) =>
      bucketNamed(name)
        .findings.map((finding) => finding.kind)
        .sort();
    const hygiene = ['access_logging_disabled', 'no_lifecycle_rules', 'versioning_disabled'];
    expect(kinds(s3.names.public)).toEqual(['public_access', ...hygiene].sort());
    expect(kinds(s3.names.plain)).toEqual(['unencrypted', ...hygiene].sort());
    expect(kinds(s3.names.kept)).toEqual([]);
    expect(kinds(gcs.names.public)).toEqual(['public_access', ...hygiene].sort());
    expect(kinds(gcs.names.kept)).toEqual([]);
    // Blob access logs are Azure Monitor diagnostic settings, not read: no logging finding.
    expect(kinds(containers.public)).toEqual([
      'no_lifecycle_rules',
      'public_access',
      'versioning_disabled',
    ]);
    expect(kinds(containers.private)).toEqual(['no_lifecycle_rules', 'versioning_disabled']);
    expect(kinds(containers.dev)).toEqual(['no_lifecycle_rules']);
    expect(bucketNamed(s3.names.public).configuration.publicAccess.join()).toContain('Principal');
    expect(bucketNamed(gcs.names.public).configuration.publicAccess).toEqual([
      'IAM binds allUsers to roles/storage.objectViewer',
    ]);
    expect(bucketNamed(containers.public).storageAccount).toBe('codexprodassets');
    const seen = [
      ...Object.values(s3.names),
      ...Object.values(gcs.names),
      ...Object.values(containers),
    ].map((name) => bucketNamed(name).urn);
    await eventually(async () => {
      for (const urn of seen) {
        const resource = await api<{ urn: string; attributes: { findings: string[] } }>(
          'GET',
          `/api/v1/inventory/resources/${encodeURIComponent(urn)}`,
          tokens.viewer,
        );
        expect(resource.status).toBe(200);
      }
    });
    const inventoried = await api<{ attributes: { findings: string[]; publicAccess: boolean } }>(
      'GET',
      `/api/v1/inventory/resources/${encodeURIComponent(bucketNamed(s3.names.public).urn)}`,
      tokens.viewer,
    );
    expect(inventoried.body.attributes.publicAccess).toBe(true);
    expect(inventoried.body.attributes.findings).toContain('public_access:high');
  });

  it('another tenant sees none of it', async () => {
    const theirs = await api<{ items: Bucket[] }>(
      'GET',
      '/api/v1/storage/buckets',
      tokens.stranger,
    );
    expect(theirs.body.items).toEqual([]);
    const one = await api<Problem>(
      'GET',
      `/api/v1/storage/buckets/${bucketNamed(s3.names.kept).id}`,
      tokens.stranger,
    );
    expect(one.status).toBe(404);
    const objects = await api<Problem>(
      'GET',
      `/api/v1/storage/buckets/${bucketNamed(s3.names.kept).id}/objects`,
      tokens.stranger,
    );
    expect(objects.status).toBe(404);
  });

  it('lists a 10,000-object S3 prefix page by page with a delimiter, exactly as S3 lists it', async () => {
    const keys = listingKeys('listing/', 10_000);
    await putS3Objects(s3.s3, s3.names.kept, keys);
    const pages = await listAll(bucketNamed(s3.names.kept).id, 'listing/', 1000);
    const expected: ObjectPage[] = [];
    let token: string | undefined;
    do {
      const page = await s3.s3.send(
        new ListObjectsV2Command({
          Bucket: s3.names.kept,
          Prefix: 'listing/',
          Delimiter: '/',
          MaxKeys: 1000,
          ContinuationToken: token,
        }),
      );
      expected.push({
        prefixes: (page.CommonPrefixes ?? []).map((prefix) => prefix.Prefix ?? ''),
        objects: (page.Contents ?? []).map((object) => ({
          key: object.Key ?? '',
          size: object.Size ?? 0,
          etag: object.ETag ?? null,
        })),
        nextCursor: null,
      });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    expect(
      pages.map((page) => ({
        ...page,
        nextCursor: null,
        objects: page.objects.map(({ key, size, etag }) => ({ key, size, etag })),
      })),
    ).toEqual(expected);
    expect(pages.flatMap((page) => page.objects)).toHaveLength(9000);
    expect(pages.flatMap((page) => page.prefixes)).toHaveLength(20);
  });

  it('lists GCS and Blob prefixes page by page the same way, and refuses a cursor of another listing', async () => {
    const keys = listingKeys('paged/', 1200);
    await putGcsObjects(gcs.storage, gcs.names.kept, keys);
    const gcsPages = await listAll(bucketNamed(gcs.names.kept).id, 'paged/', 500);
    const gcsExpected: { prefixes: string[]; keys: string[] }[] = [];
    let pageToken: string | undefined;
    do {
      const [files, next, answer] = await gcs.storage.bucket(gcs.names.kept).getFiles({
        prefix: 'paged/',
        delimiter: '/',
        maxResults: 500,
        autoPaginate: false,
        ...(pageToken ? { pageToken } : {}),
      });
      gcsExpected.push({
        prefixes: (answer as { prefixes?: string[] } | undefined)?.prefixes ?? [],
        keys: files.map((file) => file.name),
      });
      pageToken = (next as { pageToken?: string } | null)?.pageToken;
    } while (pageToken);
    expect(gcsPages.length).toBeGreaterThan(1);
    expect(gcsPages.map(keysAndPrefixes)).toEqual(gcsExpected);

    await putBlobs(devData, containers.dev, keys);
    const blobPages = await listAll(bucketNamed(containers.dev).id, 'paged/', 500);
    const blobExpected: { prefixes: string[]; keys: string[] }[] = [];
    const pages = devData
      .getContainerClient(containers.dev)
      .listBlobsByHierarchy('/', { prefix: 'paged/' })
      .byPage({ maxPageSize: 500 });
    for await (const page of pages) {
      blobExpected.push({
        prefixes: (page.segment.blobPrefixes ?? []).map((prefix) => prefix.name),
        keys: page.segment.blobItems.map((blob) => blob.name),
      });
    }
    expect(blobPages.length).toBeGreaterThan(1);
    expect(blobPages.map(keysAndPrefixes)).toEqual(blobExpected);
    expect(blobPages.flatMap((page) => page.objects)).toHaveLength(1080);

    const foreign = await api<Problem>(
      'GET',
      `/api/v1/storage/buckets/${bucketNamed(containers.dev).id}/objects?prefix=paged/&cursor=${gcsPages[0]?.nextCursor ?? ''}`,
      tokens.viewer,
    );
    expect(foreign.status).toBe(400);
    expect(foreign.body.detail).toContain('query.cursor');
  });

  it('hands out signed URLs that download the object, audited; Azurite refuses a tampered or expired one', async () => {
    await s3.s3.send(
      new PutObjectCommand({
        Bucket: s3.names.kept,
        Key: 'signed/hello.txt',
        Body: 'hello from S3',
      }),
    );
    await gcs.storage
      .bucket(gcs.names.kept)
      .file('signed/hello.txt')
      .save('hello from GCS', { resumable: false });
    // Azurite checks a SAS only where anonymous reads are not allowed: the private container.
    for (const [service, container] of [
      [prodAssets, containers.private],
      [devData, containers.dev],
    ] as const) {
      await service
        .getContainerClient(container)
        .getBlockBlobClient('signed/hello.txt')
        .upload('hello from Blob', 15);
    }
    const sign = (bucket: string, body: object) =>
      api<{ url: string; grantId: string; expiresAt: string } & Problem>(
        'POST',
        `/api/v1/storage/buckets/${bucketNamed(bucket).id}/signed-urls`,
        tokens.operator,
        body,
      );
    for (const [bucket, text] of [
      [s3.names.kept, 'hello from S3'],
      [gcs.names.kept, 'hello from GCS'],
      [containers.private, 'hello from Blob'],
    ] as const) {
      const signed = await sign(bucket, { key: 'signed/hello.txt', expiresInSeconds: 60 });
      expect(signed.status).toBe(201);
      expect(signed.body.grantId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await (await fetch(signed.body.url)).text()).toBe(text);
    }
    const s3Url = new URL(
      (await sign(s3.names.kept, { key: 'signed/hello.txt', expiresInSeconds: 60 })).body.url,
    );
    expect(s3Url.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(s3Url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    // moto does not check signatures: a tampered S3 URL would still answer 200 there.
    const gcsUrl = new URL(
      (await sign(gcs.names.kept, { key: 'signed/hello.txt', expiresInSeconds: 60 })).body.url,
    );
    expect(gcsUrl.searchParams.get('X-Goog-Algorithm')).toBe('GOOG4-RSA-SHA256');
    expect(gcsUrl.searchParams.get('X-Goog-Signature')).toMatch(/^[0-9a-f]{512}$/);
    // fake-gcs-server does not check signatures either; Azurite does.
    const blobUrl = new URL(
      (await sign(containers.private, { key: 'signed/hello.txt', expiresInSeconds: 60 })).body.url,
    );
    const tampered = new URL(blobUrl);
    tampered.searchParams.set('sp', 'rwd');
    expect((await fetch(tampered)).status).toBe(403);
    const forged = new URL(blobUrl);
    forged.searchParams.set('sig', Buffer.from(randomBytes(32)).toString('base64'));
    expect((await fetch(forged)).status).toBe(403);
    const brief = await sign(containers.private, { key: 'signed/hello.txt', expiresInSeconds: 1 });
    await eventually(async () => expect((await fetch(brief.body.url)).status).toBe(403), {
      timeoutMs: 10_000,
    });
    const tooLong = await sign(containers.private, {
      key: 'signed/hello.txt',
      expiresInSeconds: 86_400,
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.detail).toContain('body.expiresInSeconds');
    const viewer = await api<Problem>(
      'POST',
      `/api/v1/storage/buckets/${bucketNamed(s3.names.kept).id}/signed-urls`,
      tokens.viewer,
      { key: 'signed/hello.txt' },
    );
    expect(viewer.status).toBe(403);
  });

  it('moves a 50 MB object S3 → GCS and then GCS → Blob, verified by checksum, the source gone only after; a redelivered move runs once', async () => {
    const big = randomBytes(50 * MIB);
    const sha = createHash('sha256').update(big).digest('hex');
    await s3.s3.send(
      new PutObjectCommand({ Bucket: s3.names.plain, Key: 'big/blob.bin', Body: big }),
    );
    const preview = await api<{
      objects: number;
      bytes: number;
      destination: string;
      monthlyCostDelta: number;
    }>(
      'POST',
      `/api/v1/storage/buckets/${bucketNamed(s3.names.plain).id}/previews`,
      tokens.viewer,
      {
        type: 'move',
        params: {
          keys: ['big/blob.bin'],
          destination: { bucketUrn: bucketNamed(gcs.names.public).urn, prefix: 'from-s3/' },
        },
      },
    );
    expect(preview.status).toBe(200);
    // 50 MiB from S3 STANDARD (0.023 a GiB-month) to GCS STANDARD (0.02): a little cheaper.
    expect(preview.body).toMatchObject({
      objects: 1,
      bytes: 50 * MIB,
      destination: bucketNamed(gcs.names.public).urn,
      monthlyCostDelta: -0.0001,
    });
    const nowhere = await api<Problem>(
      'POST',
      `/api/v1/storage/buckets/${bucketNamed(s3.names.plain).id}/previews`,
      tokens.viewer,
      {
        type: 'move',
        params: {
          keys: ['big/blob.bin'],
          destination: { bucketUrn: 'codex:gcp:x:y:storage/bucket/none' },
        },
      },
    );
    expect(nowhere.status).toBe(400);
    expect(nowhere.body.detail).toContain('body.params.destination.bucketUrn');
    const toGcs = await requestAction(bucketNamed(s3.names.plain).urn, 'move', {
      keys: ['big/blob.bin'],
      destination: { bucketUrn: bucketNamed(gcs.names.public).urn, prefix: 'from-s3/' },
    });
    const movedToGcs = await settle(toGcs.id);
    expect(movedToGcs).toMatchObject({ status: 'succeeded', executions: 1 });
    expect(movedToGcs.result).toMatchObject({
      objects: 1,
      bytes: 50 * MIB,
      verified: [{ key: 'from-s3/big/blob.bin', sha256: sha }],
    });
    await expect(
      s3.s3.send(new HeadObjectCommand({ Bucket: s3.names.plain, Key: 'big/blob.bin' })),
    ).rejects.toMatchObject({ name: 'NotFound' });
    const [inGcs] = await gcs.storage
      .bucket(gcs.names.public)
      .file('from-s3/big/blob.bin')
      .download();
    expect(createHash('sha256').update(inGcs).digest('hex')).toBe(sha);

    const key = randomUUID();
    const toBlob = await requestAction(
      bucketNamed(gcs.names.public).urn,
      'move',
      {
        keys: ['from-s3/big/blob.bin'],
        destination: { bucketUrn: bucketNamed(containers.dev).urn, prefix: '' },
      },
      key,
    );
    const movedToBlob = await settle(toBlob.id);
    expect(movedToBlob).toMatchObject({ status: 'succeeded', executions: 1 });
    const [stillInGcs] = await gcs.storage
      .bucket(gcs.names.public)
      .file('from-s3/big/blob.bin')
      .exists();
    expect(stillInGcs).toBe(false);
    const blob = devData.getContainerClient(containers.dev).getBlobClient('from-s3/big/blob.bin');
    expect(
      createHash('sha256')
        .update(await blob.downloadToBuffer())
        .digest('hex'),
    ).toBe(sha);
    const before = await blob.getProperties();

    await redeliver(platform, toBlob.id);
    // The redelivery is consumed once the executor reports the duplicate; the ledger keeps one execution.
    await eventually(async () => {
      const deliveries = await api<ActionView>(
        'GET',
        `/api/v1/actions/${toBlob.id}`,
        tokens.viewer,
      );
      expect(deliveries.body).toMatchObject({ status: 'succeeded', executions: 1 });
    });
    expect((await blob.getProperties()).etag).toBe(before.etag);
  });

  it('changes storage classes as the provider shows them; fake-gcs-server ignores a rewrite class, and the read-back says so', async () => {
    await s3.s3.send(
      new PutObjectCommand({ Bucket: s3.names.plain, Key: 'tier/a.txt', Body: 'a' }),
    );
    const s3Change = await settle(
      (
        await requestAction(bucketNamed(s3.names.plain).urn, 'change_class', {
          keys: ['tier/a.txt'],
          storageClass: 'STANDARD_IA',
        })
      ).id,
    );
    expect(s3Change).toMatchObject({ status: 'succeeded', result: { objects: 1 } });
    const head = await s3.s3.send(
      new HeadObjectCommand({ Bucket: s3.names.plain, Key: 'tier/a.txt' }),
    );
    expect(head.StorageClass).toBe('STANDARD_IA');

    const blobChange = await settle(
      (
        await requestAction(bucketNamed(containers.dev).urn, 'change_class', {
          prefix: 'signed/',
          storageClass: 'Cool',
        })
      ).id,
    );
    expect(blobChange).toMatchObject({ status: 'succeeded', result: { objects: 1 } });
    const tier = await devData
      .getContainerClient(containers.dev)
      .getBlobClient('signed/hello.txt')
      .getProperties();
    expect(tier.accessTier).toBe('Cool');

    const gcsChange = await settle(
      (
        await requestAction(bucketNamed(gcs.names.kept).urn, 'change_class', {
          keys: ['signed/hello.txt'],
          storageClass: 'NEARLINE',
        })
      ).id,
    );
    // fake-gcs-server answers the rewrite but keeps the class: Codex's read-back catches it.
    expect(gcsChange.status).toBe('failed');
    expect(gcsChange.outcomeMessage).toContain('still STANDARD');
  });

  it('a draft changes nothing until someone submits it; a discarded one never runs', async () => {
    await s3.s3.send(
      new PutObjectCommand({ Bucket: s3.names.plain, Key: 'tier/draft.txt', Body: 'd' }),
    );
    const draft = await api<{ action: ActionView }>(
      'POST',
      '/api/v1/actions',
      tokens.operator,
      {
        targetUrn: bucketNamed(s3.names.plain).urn,
        type: 'change_class',
        params: { keys: ['tier/draft.txt'], storageClass: 'GLACIER_IR' },
        reason: 'a tiering recommendation',
        draft: true,
      },
      { 'idempotency-key': randomUUID() },
    );
    expect(draft.status).toBe(201);
    expect(draft.body.action.status).toBe('draft');
    const head = () =>
      s3.s3.send(new HeadObjectCommand({ Bucket: s3.names.plain, Key: 'tier/draft.txt' }));
    expect((await head()).StorageClass).toBeUndefined();
    const submitted = await api<ActionView>(
      'POST',
      `/api/v1/actions/${draft.body.action.id}/submit`,
      tokens.operator,
    );
    expect(submitted.status).toBe(200);
    // Into an archive-like class: it waits for an approver other than the submitter.
    expect(submitted.body.status).toBe('pending_approval');
    const approver = await idp.token({
      tenant,
      roles: ['approver'],
      subject: 'april@library.test',
    });
    expect(
      (await api('POST', `/api/v1/actions/${draft.body.action.id}/approve`, approver, {})).status,
    ).toBe(200);
    expect(await settle(draft.body.action.id)).toMatchObject({ status: 'succeeded' });
    expect((await head()).StorageClass).toBe('GLACIER_IR');

    const other = await api<{ action: ActionView }>(
      'POST',
      '/api/v1/actions',
      tokens.operator,
      {
        targetUrn: bucketNamed(s3.names.plain).urn,
        type: 'delete',
        params: { keys: ['tier/draft.txt'] },
        reason: 'proposed',
        draft: true,
      },
      { 'idempotency-key': randomUUID() },
    );
    const discarded = await api<ActionView>(
      'POST',
      `/api/v1/actions/${other.body.action.id}/discard`,
      tokens.operator,
    );
    expect(discarded.body.status).toBe('rejected');
    const again = await api<Problem>(
      'POST',
      `/api/v1/actions/${other.body.action.id}/submit`,
      tokens.operator,
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('not_draft');
    expect((await head()).StorageClass).toBe('GLACIER_IR');
  });

  it('refuses a bulk action over more objects than its maxObjects, touching nothing', async () => {
    const refused = await settle(
      (
        await requestAction(bucketNamed(s3.names.kept).urn, 'delete', {
          prefix: 'listing/',
          maxObjects: 100,
        })
      ).id,
    );
    expect(refused.status).toBe('failed');
    expect(refused.outcomeMessage).toContain('more than maxObjects 100');
    const still = await s3.s3.send(
      new GetObjectCommand({ Bucket: s3.names.kept, Key: 'listing/o00001.txt' }),
    );
    expect(still.$metadata.httpStatusCode).toBe(200);
  });
});
