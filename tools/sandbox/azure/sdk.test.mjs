// The unmodified Azure SDKs against the sandbox (make test-azure-sandbox).
// Runs its own server on a free port; NODE_EXTRA_CA_CERTS must name the
// sandbox CA (the Makefile target sets it).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { ComputeManagementClient } from '@azure/arm-compute';
import { MonitorClient } from '@azure/arm-monitor';
import { ClientCertificateCredential, ClientSecretCredential } from '@azure/identity';

import { startSandbox, TLS_DIR } from './test-helper.mjs';

const TENANT = '72f988bf-0000-4000-8000-00000000c0de';
const CLIENT = '0a1b2c3d-0000-4000-8000-000000000001';
const NARROW_CLIENT = '0a1b2c3d-0000-4000-8000-000000000002';
const CERTIFICATE_CLIENT = '0a1b2c3d-0000-4000-8000-000000000003';
const SUB1 = '11111111-0000-4000-8000-000000000001';
const SUB2 = '22222222-0000-4000-8000-000000000002';

let sandbox;
const credential = (secret = 'sandbox-secret', clientId = CLIENT) =>
  new ClientSecretCredential(TENANT, clientId, secret, {
    authorityHost: sandbox.url,
    disableInstanceDiscovery: true,
  });
const certificateCredential = (certificate, options = {}) =>
  new ClientCertificateCredential(
    TENANT,
    CERTIFICATE_CLIENT,
    { certificate },
    { authorityHost: sandbox.url, disableInstanceDiscovery: true, ...options },
  );
const tlsFile = (name) => readFileSync(join(TLS_DIR, name), 'utf8');
const compute = (sub, cred = credential()) =>
  new ComputeManagementClient(cred, sub, { endpoint: sandbox.url });
const collect = async (iterator) => {
  const items = [];
  for await (const item of iterator) items.push(item);
  return items;
};
const powerState = async (client, rg, name) =>
  (await client.virtualMachines.instanceView(rg, name)).statuses.find((s) =>
    s.code.startsWith('PowerState/'),
  ).code;

before(async () => {
  sandbox = await startSandbox();
  // Short transitions and pages, so paging and every LRO are exercised quickly.
  await sandbox.control('POST', 'config', { transitionMs: 300, pageSize: 7 });
});
after(() => sandbox?.stop());

describe('Entra ID', () => {
  test('a client secret credential gets an ARM token from the sandbox', async () => {
    const token = await credential().getToken('https://management.azure.com/.default');
    const claims = JSON.parse(Buffer.from(token.token.split('.')[1], 'base64url').toString());
    assert.equal(claims.aud, 'https://management.azure.com/');
    assert.equal(claims.appid, CLIENT);
    assert.ok(token.expiresOnTimestamp > Date.now());
  });

  test('a wrong client secret is refused with AADSTS7000215', async () => {
    await assert.rejects(
      credential('wrong').getToken('https://management.azure.com/.default'),
      /AADSTS7000215/,
    );
  });

  test('a client certificate credential gets a token and lists the VMs of both subscriptions', async () => {
    const credential = certificateCredential(tlsFile('client-cert.pem'));
    const token = await credential.getToken('https://management.azure.com/.default');
    const claims = JSON.parse(Buffer.from(token.token.split('.')[1], 'base64url').toString());
    assert.equal(claims.appid, CERTIFICATE_CLIENT);
    for (const sub of [SUB1, SUB2]) {
      const vms = await collect(compute(sub, credential).virtualMachines.listAll());
      assert.ok(vms.length > 0);
    }
  });

  test('a certificate sent with its chain (x5c) is accepted too', async () => {
    const credential = certificateCredential(tlsFile('client-cert.pem'), {
      sendCertificateChain: true,
    });
    await credential.getToken('https://management.azure.com/.default');
  });

  test('a certificate not registered for the client is refused with AADSTS700027', async () => {
    // The server's own certificate and key: a valid pair, but not the client's.
    const other = `${tlsFile('server-key.pem')}\n${tlsFile('server.pem')}`;
    await assert.rejects(
      certificateCredential(other).getToken('https://management.azure.com/.default'),
      /AADSTS700027/,
    );
  });

  test('the certificate client has no secret: a secret is refused with AADSTS7000215', async () => {
    await assert.rejects(
      credential('sandbox-secret', CERTIFICATE_CLIENT).getToken(
        'https://management.azure.com/.default',
      ),
      /AADSTS7000215/,
    );
  });
});

describe('virtual machines', () => {
  test('listAll pages through nextLink and finds every seeded VM of both subscriptions', async () => {
    const names = [];
    for (const sub of [SUB1, SUB2]) {
      const vms = await collect(compute(sub).virtualMachines.listAll());
      assert.ok(vms.length > 7, 'more than one page');
      assert.ok(vms.every((vm) => vm.id.startsWith(`/subscriptions/${sub}/`)));
      names.push(...vms.map((vm) => vm.name));
    }
    const health = await sandbox.control('GET', 'health');
    assert.equal(names.length, health.vms);
    assert.equal(new Set(names).size, names.length);
    const prod = await collect(compute(SUB1).virtualMachines.list('rg-payments-prod'));
    assert.ok(prod.length > 0 && prod.every((vm) => vm.tags.env === 'production'));
  });

  test('power operations run as LROs and move through the real power states', async () => {
    const client = compute(SUB1);
    const [vm] = await collect(client.virtualMachines.list('rg-payments-prod'));
    const rg = 'rg-payments-prod';
    await client.virtualMachines.beginStartAndWait(rg, vm.name);
    assert.equal(await powerState(client, rg, vm.name), 'PowerState/running');

    const poller = client.virtualMachines.powerOff(rg, vm.name);
    await poller.submitted();
    assert.equal(await powerState(client, rg, vm.name), 'PowerState/stopping');
    await poller;
    assert.equal(await powerState(client, rg, vm.name), 'PowerState/stopped');

    await client.virtualMachines.beginDeallocateAndWait(rg, vm.name);
    const got = await client.virtualMachines.get(rg, vm.name, { expand: 'instanceView' });
    assert.deepEqual(
      got.instanceView.statuses.map((s) => s.code),
      ['ProvisioningState/succeeded', 'PowerState/deallocated'],
    );

    await assert.rejects(client.virtualMachines.beginRestartAndWait(rg, vm.name), (err) => {
      assert.equal(err.statusCode, 409);
      assert.equal(err.code, 'OperationNotAllowed');
      return true;
    });
    await client.virtualMachines.beginStartAndWait(rg, vm.name);
    await client.virtualMachines.beginRestartAndWait(rg, vm.name);
    assert.equal(await powerState(client, rg, vm.name), 'PowerState/running');
  });

  test('a resize to another family needs the VM deallocated; then the new size sticks', async () => {
    const client = compute(SUB2);
    const rg = 'rg-data-dev';
    const vms = await collect(client.virtualMachines.list(rg));
    const vm = vms.find((v) => v.hardwareProfile.vmSize.startsWith('Standard_D')) ?? vms[0];
    await client.virtualMachines.beginStartAndWait(rg, vm.name);
    const here = await collect(client.virtualMachines.listAvailableSizes(rg, vm.name));
    const family = vm.hardwareProfile.vmSize.split('_')[1][0];
    assert.ok(here.every((s) => s.name.split('_')[1][0] === family));
    const target = family === 'E' ? 'Standard_F4s_v2' : 'Standard_E4s_v5';

    await assert.rejects(
      client.virtualMachines.beginUpdateAndWait(rg, vm.name, {
        hardwareProfile: { vmSize: target },
      }),
      (err) => err.statusCode === 409 && err.code === 'OperationNotAllowed',
    );
    await client.virtualMachines.beginDeallocateAndWait(rg, vm.name);
    const updated = await client.virtualMachines.beginUpdateAndWait(rg, vm.name, {
      hardwareProfile: { vmSize: target },
    });
    assert.equal(updated.hardwareProfile.vmSize, target);
    assert.equal((await client.virtualMachines.get(rg, vm.name)).hardwareProfile.vmSize, target);
  });

  test('an unknown subscription and one the principal may not read are refused', async () => {
    await assert.rejects(
      collect(compute('33333333-0000-4000-8000-000000000003').virtualMachines.listAll()),
      (err) => err.statusCode === 404 && err.code === 'SubscriptionNotFound',
    );
    const narrow = credential('sandbox-secret', NARROW_CLIENT);
    await assert.rejects(
      collect(compute(SUB2, narrow).virtualMachines.listAll()),
      (err) => err.statusCode === 403 && err.code === 'AuthorizationFailed',
    );
    await assert.rejects(
      compute(SUB1).virtualMachines.get('rg-payments-prod', 'no-such-vm'),
      (err) => err.statusCode === 404 && err.code === 'ResourceNotFound',
    );
  });
});

describe('scale sets', () => {
  test('capacity update is an LRO and the new capacity is reported', async () => {
    const client = compute(SUB1);
    const [vmss] = await collect(client.virtualMachineScaleSets.listAll());
    assert.equal(vmss.name, 'vmss-web-prod');
    const updated = await client.virtualMachineScaleSets.beginUpdateAndWait(
      'rg-web-prod',
      vmss.name,
      { sku: { capacity: vmss.sku.capacity + 2 } },
    );
    assert.equal(updated.sku.capacity, vmss.sku.capacity + 2);
    assert.equal(updated.provisioningState, 'Succeeded');
  });
});

describe('Azure Monitor', () => {
  test('Percentage CPU for a week at PT1H returns hourly averages', async () => {
    const [vm] = await collect(compute(SUB1).virtualMachines.list('rg-web-prod'));
    const monitor = new MonitorClient(credential(), SUB1, { endpoint: sandbox.url });
    const to = new Date();
    const from = new Date(to.getTime() - 7 * 86400_000);
    const res = await monitor.metrics.list(vm.id, {
      metricnames: 'Percentage CPU',
      timespan: `${from.toISOString()}/${to.toISOString()}`,
      interval: 'PT1H',
      aggregation: 'Average,Maximum',
    });
    assert.equal(res.interval, 'PT1H');
    const [metric] = res.value;
    assert.equal(metric.name.value, 'Percentage CPU');
    assert.equal(metric.unit, 'Percent');
    const data = metric.timeseries[0].data;
    assert.ok(data.length >= 168 && data.length <= 169, `${data.length} hourly points`);
    const withValues = data.filter((d) => d.average !== undefined);
    assert.ok(withValues.length > 100);
    assert.ok(withValues.every((d) => d.average > 0 && d.average <= 100 && d.maximum >= d.average));
  });
});

describe('throttling', () => {
  test('a 429 is retried by the SDK after Retry-After and then succeeds', async () => {
    const client = compute(SUB1);
    await credential().getToken('https://management.azure.com/.default');
    await sandbox.control('POST', 'throttle', { reads: 0, retryAfterSeconds: 2 });
    const vms = await collect(client.virtualMachines.list('rg-web-staging'));
    assert.ok(vms.length > 0);
    // One 429 only: a retry before Retry-After ran out would have been refused again.
    const { refused } = await sandbox.control('GET', 'throttle');
    assert.equal(refused, 1);
  });
});
