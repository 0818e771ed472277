// Microsoft.Storage in the sandbox with the unmodified @azure/arm-storage, and the
// accounts' blob data plane in Azurite with @azure/storage-blob (make test-azure-sandbox).
// Runs its own sandbox on a free port; the container tests need Azurite on
// $AZURITE_BLOB_PORT (10000) serving the estate's accounts (tools/infra/up.sh azurite)
// and are skipped, saying so, when it does not.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { StorageManagementClient } from '@azure/arm-storage';
import { ClientSecretCredential } from '@azure/identity';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';

import { AZURITE_DEV_ACCOUNT, STORAGE_ACCOUNTS, storageAccountByName } from './estate.mjs';
import { startSandbox } from './test-helper.mjs';

const TENANT = '72f988bf-0000-4000-8000-00000000c0de';
const CLIENT = '0a1b2c3d-0000-4000-8000-000000000001';
const NARROW_CLIENT = '0a1b2c3d-0000-4000-8000-000000000002';
const SUB1 = '11111111-0000-4000-8000-000000000001';
const SUB2 = '22222222-0000-4000-8000-000000000002';
const AZURITE_PORT = Number(process.env.AZURITE_BLOB_PORT ?? 10000);

let sandbox;
const credential = (clientId = CLIENT) =>
  new ClientSecretCredential(TENANT, clientId, 'sandbox-secret', {
    authorityHost: sandbox.url,
    disableInstanceDiscovery: true,
  });
const storage = (sub, cred = credential()) =>
  new StorageManagementClient(cred, sub, { endpoint: sandbox.url });
const collect = async (iterator) => {
  const items = [];
  for await (const item of iterator) items.push(item);
  return items;
};
const rejectsWith = (promise, statusCode, code) =>
  assert.rejects(promise, (err) => {
    assert.equal(err.name, 'RestError');
    assert.equal(err.statusCode, statusCode);
    assert.equal(err.code, code);
    return true;
  });

/** Why the data-plane tests cannot run, or false when Azurite serves the estate's accounts. */
async function azuriteUnavailable() {
  const account = STORAGE_ACCOUNTS[0];
  const client = new BlobServiceClient(
    `http://127.0.0.1:${AZURITE_PORT}/${account.name}/`,
    new StorageSharedKeyCredential(account.name, account.keys.key1),
    { retryOptions: { maxTries: 1, tryTimeoutInMs: 3000 } },
  );
  try {
    await client.listContainers().byPage({ maxPageSize: 1 }).next();
    return false;
  } catch (err) {
    return err.statusCode === 403
      ? `Azurite on ${AZURITE_PORT} does not know the estate's accounts: restart it with tools/infra/servers/azurite.sh (AZURITE_ACCOUNTS)`
      : `Azurite is not running on 127.0.0.1:${AZURITE_PORT} (tools/infra/up.sh azurite): ${err.code ?? err.message}`;
  }
}
const skipDataPlane = await azuriteUnavailable();
if (skipDataPlane) console.log(`# skipping the Azurite container tests: ${skipDataPlane}`);

before(async () => {
  sandbox = await startSandbox();
  // One account a page, so every list of more than one account takes a nextLink.
  await sandbox.control('POST', 'config', { pageSize: 1, azuriteBlobPort: AZURITE_PORT });
});
after(() => sandbox?.stop());

describe('storage accounts', () => {
  test('list pages through nextLink and returns the estate of each subscription', async () => {
    for (const sub of [SUB1, SUB2]) {
      const pages = await collect(storage(sub).storageAccounts.list().byPage());
      const accounts = pages.flat();
      const expected = STORAGE_ACCOUNTS.filter((a) => a.subscriptionId === sub);
      assert.equal(pages.length, expected.length, 'one account a page');
      assert.deepEqual(accounts.map((a) => a.name).sort(), expected.map((a) => a.name).sort());
      for (const a of accounts) {
        const seeded = storageAccountByName(a.name);
        assert.equal(
          a.id,
          `/subscriptions/${sub}/resourceGroups/${seeded.resourceGroup}/providers/Microsoft.Storage/storageAccounts/${a.name}`,
        );
        assert.equal(a.type, 'Microsoft.Storage/storageAccounts');
        assert.equal(a.location, seeded.location);
        assert.deepEqual(a.tags, seeded.tags);
        assert.equal(a.primaryEndpoints.blob, `http://127.0.0.1:${AZURITE_PORT}/${a.name}/`);
        assert.equal(a.allowBlobPublicAccess, seeded.allowBlobPublicAccess);
      }
    }
    const byGroup = await collect(storage(SUB1).storageAccounts.listByResourceGroup('rg-web-prod'));
    assert.deepEqual(
      byGroup.map((a) => a.name),
      ['codexwebstatic'],
    );
  });

  test('getProperties reports the security settings the estate seeds', async () => {
    const a = await storage(SUB1).storageAccounts.getProperties(
      'rg-payments-prod',
      'codexprodassets',
    );
    assert.equal(a.name, 'codexprodassets');
    assert.equal(a.location, 'eastus');
    assert.deepEqual(a.tags, { env: 'production', team: 'payments' });
    assert.equal(a.allowBlobPublicAccess, true);
    assert.equal(a.minimumTlsVersion, 'TLS1_2');
    assert.equal(a.enableHttpsTrafficOnly, true);
    assert.equal(a.encryption.keySource, 'Microsoft.Storage');
    assert.equal(a.encryption.services.blob.enabled, true);
    assert.deepEqual(a.sku, { name: 'Standard_GRS', tier: 'Standard' });
    assert.equal(a.kind, 'StorageV2');
    assert.equal(a.accessTier, 'Hot');
    assert.equal(a.provisioningState, 'Succeeded');
    assert.ok(a.creationTime instanceof Date);
    const dev = await storage(SUB2).storageAccounts.getProperties('rg-data-dev', 'codexdevdata');
    assert.equal(dev.allowBlobPublicAccess, false);
    assert.equal(dev.encryption.requireInfrastructureEncryption, true);
  });

  test('listKeys returns the two fixed keys of the estate with FULL permissions', async () => {
    const { keys } = await storage(SUB2).storageAccounts.listKeys('rg-data-dev', 'codexdevdata');
    const seeded = storageAccountByName('codexdevdata');
    assert.deepEqual(
      keys.map((k) => [k.keyName, k.value, k.permissions]),
      [
        ['key1', seeded.keys.key1, 'FULL'],
        ['key2', seeded.keys.key2, 'FULL'],
      ],
    );
    assert.equal(Buffer.from(keys[0].value, 'base64').length, 64);
  });

  test('update sets allowBlobPublicAccess and minimumTlsVersion; a bad TLS version is refused', async () => {
    const client = storage(SUB1);
    const updated = await client.storageAccounts.update('rg-web-prod', 'codexwebstatic', {
      allowBlobPublicAccess: false,
      minimumTlsVersion: 'TLS1_2',
    });
    assert.equal(updated.allowBlobPublicAccess, false);
    assert.equal(updated.minimumTlsVersion, 'TLS1_2');
    const got = await client.storageAccounts.getProperties('rg-web-prod', 'codexwebstatic');
    assert.equal(got.allowBlobPublicAccess, false);
    assert.equal(got.minimumTlsVersion, 'TLS1_2');
    await rejectsWith(
      client.storageAccounts.update('rg-web-prod', 'codexwebstatic', { minimumTlsVersion: 'SSL3' }),
      400,
      'InvalidValuesForRequestParameters',
    );
    await sandbox.control('POST', 'reset');
  });
});

describe('blob service properties', () => {
  test('versioning and soft delete are read and set through blobServices/default', async () => {
    const client = storage(SUB1);
    const before = await client.blobServices.getServiceProperties(
      'rg-payments-prod',
      'codexprodassets',
    );
    assert.equal(before.name, 'default');
    assert.equal(before.isVersioningEnabled, false);
    assert.equal(before.deleteRetentionPolicy.enabled, false);

    const set = await client.blobServices.setServiceProperties(
      'rg-payments-prod',
      'codexprodassets',
      { isVersioningEnabled: true, deleteRetentionPolicy: { enabled: true, days: 30 } },
    );
    assert.equal(set.isVersioningEnabled, true);
    const after = await client.blobServices.getServiceProperties(
      'rg-payments-prod',
      'codexprodassets',
    );
    assert.equal(after.isVersioningEnabled, true);
    assert.deepEqual(
      { enabled: after.deleteRetentionPolicy.enabled, days: after.deleteRetentionPolicy.days },
      { enabled: true, days: 30 },
    );
    // Left out: kept.
    await client.blobServices.setServiceProperties('rg-payments-prod', 'codexprodassets', {
      isVersioningEnabled: false,
    });
    const off = await client.blobServices.getServiceProperties(
      'rg-payments-prod',
      'codexprodassets',
    );
    assert.equal(off.isVersioningEnabled, false);
    assert.equal(off.deleteRetentionPolicy.days, 30);

    await rejectsWith(
      client.blobServices.setServiceProperties('rg-payments-prod', 'codexprodassets', {
        deleteRetentionPolicy: { enabled: true, days: 0 },
      }),
      400,
      'InvalidValuesForRequestParameters',
    );
    const services = await collect(client.blobServices.list('rg-payments-prod', 'codexprodassets'));
    assert.deepEqual(
      services.map((s) => s.name),
      ['default'],
    );
    await sandbox.control('POST', 'reset');
  });
});

describe('errors', () => {
  test('missing accounts and groups, and a subscription the client may not read', async () => {
    const client = storage(SUB1);
    await rejectsWith(
      client.storageAccounts.getProperties('rg-payments-prod', 'nosuchaccount'),
      404,
      'ResourceNotFound',
    );
    await rejectsWith(
      client.storageAccounts.listKeys('rg-payments-prod', 'nosuchaccount'),
      404,
      'StorageAccountNotFound',
    );
    // An account of another group is not found through this one.
    await rejectsWith(
      client.blobServices.getServiceProperties('rg-web-prod', 'codexprodassets'),
      404,
      'StorageAccountNotFound',
    );
    await rejectsWith(
      collect(client.storageAccounts.listByResourceGroup('rg-nope')),
      404,
      'ResourceGroupNotFound',
    );
    await rejectsWith(
      collect(storage(SUB2, credential(NARROW_CLIENT)).storageAccounts.list()),
      403,
      'AuthorizationFailed',
    );
    await rejectsWith(
      storage(SUB2, credential(NARROW_CLIENT)).storageAccounts.listKeys(
        'rg-data-dev',
        'codexdevdata',
      ),
      403,
      'AuthorizationFailed',
    );
  });
});

describe('containers without Azurite', () => {
  test('the container list answers 503 ServiceUnavailable when Azurite cannot be reached', async () => {
    const port = AZURITE_PORT + 1;
    await sandbox.control('POST', 'config', { azuriteBlobPort: port });
    try {
      const client = new StorageManagementClient(credential(), SUB1, {
        endpoint: sandbox.url,
        retryOptions: { maxRetries: 0 },
      });
      await rejectsWith(
        collect(client.blobContainers.list('rg-payments-prod', 'codexprodassets')),
        503,
        'ServiceUnavailable',
      );
      const a = await client.storageAccounts.getProperties('rg-payments-prod', 'codexprodassets');
      assert.equal(a.primaryEndpoints.blob, `http://127.0.0.1:${port}/codexprodassets/`);
    } finally {
      await sandbox.control('POST', 'config', { azuriteBlobPort: AZURITE_PORT });
    }
  });
});

describe('containers (Azurite)', { skip: skipDataPlane }, () => {
  test('containers made through the data plane are listed with their public access', async () => {
    const client = storage(SUB1);
    const rg = 'rg-payments-prod';
    const account = await client.storageAccounts.getProperties(rg, 'codexprodassets');
    const { keys } = await client.storageAccounts.listKeys(rg, account.name);
    const blobs = new BlobServiceClient(
      account.primaryEndpoints.blob,
      new StorageSharedKeyCredential(account.name, keys[0].value),
    );
    const run = randomUUID().slice(0, 8);
    const made = {
      [`pub-blob-${run}`]: 'blob',
      [`pub-ctr-${run}`]: 'container',
      [`priv-${run}`]: undefined,
    };
    try {
      for (const [name, access] of Object.entries(made)) {
        const container = blobs.getContainerClient(name);
        await container.create({ access, metadata: { run } });
        await container.uploadBlockBlob('hello.txt', 'hello', 5);
      }
      const listed = await collect(
        client.blobContainers.list(rg, account.name, { maxpagesize: '1' }),
      );
      const mine = Object.fromEntries(
        listed.filter((c) => c.name.endsWith(run)).map((c) => [c.name, c]),
      );
      assert.deepEqual(
        Object.fromEntries(Object.entries(mine).map(([name, c]) => [name, c.publicAccess])),
        {
          [`pub-blob-${run}`]: 'Blob',
          [`pub-ctr-${run}`]: 'Container',
          [`priv-${run}`]: 'None',
        },
      );
      const c = mine[`pub-ctr-${run}`];
      assert.equal(c.type, 'Microsoft.Storage/storageAccounts/blobServices/containers');
      assert.equal(c.id, `${account.id}/blobServices/default/containers/${c.name}`);
      assert.ok(c.lastModifiedTime instanceof Date);
      assert.deepEqual(c.metadata, { run });

      const one = await client.blobContainers.get(rg, account.name, `priv-${run}`);
      assert.equal(one.publicAccess, 'None');
      await rejectsWith(
        client.blobContainers.get(rg, account.name, `gone-${run}`),
        404,
        'ContainerNotFound',
      );
      // Another account does not see them.
      const other = await collect(client.blobContainers.list('rg-web-prod', 'codexwebstatic'));
      assert.ok(!other.some((x) => x.name.endsWith(run)));
    } finally {
      for (const name of Object.keys(made)) await blobs.getContainerClient(name).deleteIfExists();
    }
  });

  test('devstoreaccount1 still answers with its well-known key', async () => {
    const blobs = new BlobServiceClient(
      `http://127.0.0.1:${AZURITE_PORT}/${AZURITE_DEV_ACCOUNT.name}/`,
      new StorageSharedKeyCredential(AZURITE_DEV_ACCOUNT.name, AZURITE_DEV_ACCOUNT.key),
    );
    await blobs.listContainers().byPage({ maxPageSize: 1 }).next();
  });
});
