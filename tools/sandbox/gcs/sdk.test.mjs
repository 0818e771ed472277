// The unmodified @google-cloud/storage against the GCS front, which stands before a
// private fake-gcs-server. Both start on free ports; run with
//   node --test tools/sandbox/gcs/*.test.mjs
//
// Credentials: with a custom apiEndpoint the SDK sends no Authorization header and
// fetches no token (useAuthWithCustomEndpoint is false by default), so plain requests
// need none. Signing a URL does need a service-account key: the test generates an RSA
// key here and passes it as `credentials: { client_email, private_key }`, and
// google-auth-library signs locally with it (no call to IAM's signBlob, no metadata
// server). It prints a deprecation warning for `credentials`; the suggested
// `authClient: new JWT({ email, key })` is no substitute here, as getSignedUrl then asks
// the GCE metadata server for the account's email. fake-gcs-server does not check
// signatures at all: any X-Goog-Signature downloads.
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, before, describe, test } from 'node:test';

import { Storage } from '@google-cloud/storage';

import { FAKE_GCS_BIN, fakeGcsInstalled, startGcsSandbox } from './test-helper.mjs';

const PROJECT = 'p';
const skip = fakeGcsInstalled()
  ? false
  : `no fake-gcs-server at ${FAKE_GCS_BIN} (tools/infra/up.sh fake-gcs installs it)`;

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const CLIENT_EMAIL = 'sandbox-signer@p.iam.gserviceaccount.com';

let sandbox;
let storage;

const sha256 = (buffer) => createHash('sha256').update(buffer).digest('hex');
/** The SDK's ApiError carries the HTTP status as `code`. */
const rejectsWith = (promise, code, message) =>
  assert.rejects(promise, (error) => {
    assert.equal(error.code, code, `expected ${code}, got ${error.code}: ${error.message}`);
    if (message) assert.match(error.message, message);
    return true;
  });

describe('GCS front with @google-cloud/storage', { skip }, () => {
  before(async () => {
    sandbox = await startGcsSandbox();
    storage = new Storage({
      apiEndpoint: sandbox.url,
      projectId: PROJECT,
      credentials: { client_email: CLIENT_EMAIL, private_key: privateKey },
    });
  });
  after(() => sandbox?.stop());

  test('a bucket keeps the location and class it was made with; links point at the front', async () => {
    const [bucket] = await storage.createBucket('made-eu-coldline', {
      location: 'eu',
      storageClass: 'COLDLINE',
      labels: { team: 'storage' },
    });
    const [metadata] = await bucket.getMetadata();
    assert.equal(metadata.location, 'EU');
    assert.equal(metadata.locationType, 'multi-region');
    assert.equal(metadata.storageClass, 'COLDLINE');
    assert.deepEqual(metadata.labels, { team: 'storage' });
    assert.deepEqual(metadata.iamConfiguration, {
      bucketPolicyOnly: { enabled: false },
      uniformBucketLevelAccess: { enabled: false },
      publicAccessPrevention: 'inherited',
    });
    assert.ok(metadata.selfLink.startsWith(`${sandbox.url}/`), metadata.selfLink);

    const [buckets] = await storage.getBuckets();
    const listed = buckets.find((b) => b.name === 'made-eu-coldline');
    assert.equal(listed.metadata.storageClass, 'COLDLINE');
    assert.equal(listed.metadata.location, 'EU');

    // A bucket made under another project is not in this project's list.
    const other = new Storage({ apiEndpoint: sandbox.url, projectId: 'other-project' });
    await other.createBucket('elsewhere');
    const [mine] = await storage.getBuckets();
    assert.ok(!mine.some((b) => b.name === 'elsewhere'));
    const [theirs] = await other.getBuckets();
    assert.deepEqual(
      theirs.map((b) => b.name),
      ['elsewhere'],
    );
  });

  test('uploads, then lists with prefix, delimiter and page tokens through the front', async () => {
    const [bucket] = await storage.createBucket('listing');
    const names = ['a/1.txt', 'a/2.txt', 'a/4.txt', 'a/b/3.txt', 'a/c/5.txt', 'c.txt'];
    for (const name of names) await bucket.file(name).save(`content of ${name}`);

    const files = [];
    const prefixes = [];
    let query = { prefix: 'a/', delimiter: '/', maxResults: 2, autoPaginate: false };
    let pages = 0;
    while (query) {
      const [page, next, response] = await bucket.getFiles(query);
      pages += 1;
      files.push(...page.map((file) => file.name));
      prefixes.push(...(response.prefixes ?? []));
      for (const file of page) {
        assert.ok(file.metadata.mediaLink.startsWith(`${sandbox.url}/`), file.metadata.mediaLink);
      }
      query = next;
      assert.ok(pages < 10, 'paging does not end');
    }
    assert.ok(pages > 1, 'maxResults 2 should take more than one page');
    assert.deepEqual(files.sort(), ['a/1.txt', 'a/2.txt', 'a/4.txt']);
    assert.deepEqual([...new Set(prefixes)].sort(), ['a/b/', 'a/c/']);

    const [content] = await bucket.file('a/b/3.txt').download();
    assert.equal(content.toString(), 'content of a/b/3.txt');
  });

  test('setMetadata stores the configuration fake-gcs drops; getMetadata returns it', async () => {
    const [bucket] = await storage.createBucket('configured');
    const lifecycle = {
      rule: [
        { action: { type: 'SetStorageClass', storageClass: 'NEARLINE' }, condition: { age: 30 } },
        { action: { type: 'Delete' }, condition: { age: 365 } },
      ],
    };
    await bucket.setMetadata({
      iamConfiguration: { uniformBucketLevelAccess: { enabled: true } },
      encryption: { defaultKmsKeyName: 'projects/p/locations/eu/keyRings/r/cryptoKeys/k' },
      logging: { logBucket: 'access-logs', logObjectPrefix: 'configured' },
      lifecycle,
      labels: { env: 'dev' },
      retentionPolicy: { retentionPeriod: 86400 },
      storageClass: 'NEARLINE',
      versioning: { enabled: true },
    });
    // A later patch of one nested field keeps the others (the JSON API's PATCH merges).
    await bucket.setMetadata({
      iamConfiguration: { publicAccessPrevention: 'enforced' },
      labels: { env: null, owner: 'me' },
    });
    const [metadata] = await bucket.getMetadata();
    assert.equal(metadata.iamConfiguration.uniformBucketLevelAccess.enabled, true);
    assert.ok(metadata.iamConfiguration.uniformBucketLevelAccess.lockedTime);
    assert.equal(metadata.iamConfiguration.publicAccessPrevention, 'enforced');
    assert.deepEqual(metadata.encryption, {
      defaultKmsKeyName: 'projects/p/locations/eu/keyRings/r/cryptoKeys/k',
    });
    assert.deepEqual(metadata.logging, { logBucket: 'access-logs', logObjectPrefix: 'configured' });
    assert.deepEqual(metadata.lifecycle, lifecycle);
    assert.deepEqual(metadata.labels, { owner: 'me' });
    assert.equal(metadata.retentionPolicy.retentionPeriod, '86400');
    assert.equal(metadata.storageClass, 'NEARLINE');
    assert.equal(metadata.softDeletePolicy.retentionDurationSeconds, '604800');
    // fake-gcs's own field survives a patch that does not name it.
    assert.deepEqual(metadata.versioning, { enabled: true });
  });

  test('IAM policy: default bindings, round trip with allUsers, stale etag refused', async () => {
    const [bucket] = await storage.createBucket('iam-round-trip');
    const [policy] = await bucket.iam.getPolicy({ requestedPolicyVersion: 3 });
    assert.equal(policy.resourceId, 'projects/_/buckets/iam-round-trip');
    assert.deepEqual(policy.bindings, [
      {
        role: 'roles/storage.legacyBucketOwner',
        members: [`projectEditor:${PROJECT}`, `projectOwner:${PROJECT}`],
      },
      { role: 'roles/storage.legacyBucketReader', members: [`projectViewer:${PROJECT}`] },
    ]);

    policy.bindings.push({ role: 'roles/storage.objectViewer', members: ['allUsers'] });
    const [updated] = await bucket.iam.setPolicy(policy);
    assert.notEqual(updated.etag, policy.etag);
    const [read] = await bucket.iam.getPolicy({ requestedPolicyVersion: 3 });
    assert.equal(read.etag, updated.etag);
    assert.deepEqual(
      read.bindings.find((b) => b.role === 'roles/storage.objectViewer'),
      { role: 'roles/storage.objectViewer', members: ['allUsers'] },
    );

    // `policy` still carries the etag from before the update.
    await rejectsWith(bucket.iam.setPolicy({ ...policy, bindings: [] }), 412);
    const [unchanged] = await bucket.iam.getPolicy();
    assert.equal(unchanged.etag, updated.etag);

    const [permissions] = await bucket.iam.testPermissions([
      'storage.buckets.get',
      'storage.objects.list',
    ]);
    assert.deepEqual(permissions, { 'storage.buckets.get': true, 'storage.objects.list': true });

    await rejectsWith(storage.bucket('no-such-bucket').iam.getPolicy(), 404);
  });

  test('public access prevention enforced refuses allUsers with 412 conditionNotMet', async () => {
    const [bucket] = await storage.createBucket('private-only', {
      iamConfiguration: { publicAccessPrevention: 'enforced' },
    });
    const [policy] = await bucket.iam.getPolicy({ requestedPolicyVersion: 3 });
    policy.bindings.push({ role: 'roles/storage.objectViewer', members: ['allUsers'] });
    await rejectsWith(bucket.iam.setPolicy(policy), 412, /public access prevention is enforced/);
    policy.bindings.at(-1).members = ['allAuthenticatedUsers'];
    await rejectsWith(bucket.iam.setPolicy(policy), 412, /public access prevention is enforced/);
    // A named principal is fine.
    policy.bindings.at(-1).members = ['user:someone@example.com'];
    await bucket.iam.setPolicy(policy);
  });

  test('a deleted bucket is forgotten: the same name comes back with defaults', async () => {
    const [bucket] = await storage.createBucket('short-lived', { storageClass: 'ARCHIVE' });
    await bucket.setMetadata({ labels: { gone: 'soon' } });
    await bucket.delete();
    const [again] = await storage.createBucket('short-lived');
    const [metadata] = await again.getMetadata();
    assert.equal(metadata.storageClass, 'STANDARD');
    assert.equal(metadata.labels, undefined);
  });

  test('a 10 MB resumable upload through the front reads back identical', async () => {
    const [bucket] = await storage.createBucket('resumable');
    const data = randomBytes(10 * 1024 * 1024);
    const file = bucket.file('big/blob.bin');

    // The session URI (fake-gcs's Location header) is rewritten to the front.
    const [uri] = await bucket.file('big/probe.bin').createResumableUpload();
    assert.ok(uri.startsWith(`${sandbox.url}/upload/storage/v1/`), uri);

    await pipeline(
      Readable.from([data.subarray(0, 4 << 20), data.subarray(4 << 20)]),
      file.createWriteStream({ resumable: true, contentType: 'application/octet-stream' }),
    );
    const [metadata] = await file.getMetadata();
    assert.equal(Number(metadata.size), data.length);
    const [back] = await file.download();
    assert.equal(back.length, data.length);
    assert.equal(sha256(back), sha256(data));
  });

  test('a v4 signed URL downloads through the front (fake-gcs does not check the signature)', async () => {
    const [bucket] = await storage.createBucket('signed');
    const file = bucket.file('docs/report.json');
    await file.save('{"signed":true}', { contentType: 'application/json' });
    const [url] = await file.getSignedUrl({
      version: 'v4',
      action: 'read',
      expires: Date.now() + 15 * 60 * 1000,
    });
    assert.ok(url.startsWith(`${sandbox.url}/signed/docs/report.json?`), url);
    assert.match(url, /X-Goog-Signature=[0-9a-f]+/);
    assert.match(url, new RegExp(`X-Goog-Credential=${encodeURIComponent(CLIENT_EMAIL)}`));
    const res = await fetch(url);
    assert.equal(res.status, 200);
    // An object that happens to be JSON comes back byte for byte, not rewritten.
    assert.equal(await res.text(), '{"signed":true}');
  });
});
