// Microsoft.CostManagement in the sandbox with the unmodified @azure/arm-costmanagement
// (make test-azure-sandbox): exports, and the query API over seeded FOCUS rows.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { CostManagementClient } from '@azure/arm-costmanagement';
import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { ClientSecretCredential } from '@azure/identity';

import { startSandbox } from './test-helper.mjs';

const TENANT = '72f988bf-0000-4000-8000-00000000c0de';
const CLIENT = '0a1b2c3d-0000-4000-8000-000000000001';
const NARROW_CLIENT = '0a1b2c3d-0000-4000-8000-000000000002';
const SUB1 = '11111111-0000-4000-8000-000000000001';
const SUB2 = '22222222-0000-4000-8000-000000000002';
const SCOPE = `/subscriptions/${SUB1}`;
const SERVICES = ['Virtual Machines', 'Storage', 'Azure Kubernetes Service', 'Bandwidth'];
const REGIONS = ['eastus', 'westeurope'];
const GROUPS = ['rg-web-prod', 'rg-payments-prod', 'rg-data-dev'];

let sandbox;
const client = (clientId = CLIENT) =>
  new CostManagementClient(
    new ClientSecretCredential(TENANT, clientId, 'sandbox-secret', {
      authorityHost: sandbox.url,
      disableInstanceDiscovery: true,
    }),
    // The SDK asks for a token for `${endpoint}/.default`: in Azure that is ARM's audience.
    { endpoint: sandbox.url, credentialScopes: ['https://management.azure.com/.default'] },
  );
const rejectsWith = (promise, statusCode, code) =>
  assert.rejects(promise, (err) => {
    assert.equal(err.name, 'RestError');
    assert.equal(err.statusCode, statusCode);
    assert.equal(err.code, code);
    return true;
  });

/** 3,000 FOCUS rows of May 2026 as a FocusCost export writes them (strings, as in the CSV). */
function focusRows(count = 3000) {
  return Array.from({ length: count }, (_, i) => {
    const resource = i % 60;
    const group = GROUPS[resource % GROUPS.length];
    const day = 1 + (i % 31);
    const billed = ((i * 7919) % 100000) / 1000;
    const reserved = resource % 5 === 0;
    return {
      BilledCost: billed.toFixed(6),
      EffectiveCost: (reserved ? billed * 0.6 : billed).toFixed(6),
      BillingCurrency: 'USD',
      ChargePeriodStart: `2026-05-${String(day).padStart(2, '0')}T00:00:00Z`,
      ChargePeriodEnd: `2026-05-${String(day).padStart(2, '0')}T23:59:59Z`,
      ChargeCategory: i % 97 === 0 ? 'Purchase' : 'Usage',
      ChargeClass: '',
      PricingCategory: reserved ? 'Committed' : 'Standard',
      CommitmentDiscountType: reserved ? 'Reservation' : '',
      ServiceName: SERVICES[resource % SERVICES.length],
      ResourceId: `/subscriptions/${SUB1}/resourceGroups/${group}/providers/Microsoft.Compute/virtualMachines/VM-${resource}`,
      RegionId: REGIONS[resource % REGIONS.length],
      x_ResourceGroupName: group,
      x_SkuMeterCategory: SERVICES[resource % SERVICES.length],
      Tags: JSON.stringify({ env: resource % 2 ? 'production' : 'dev' }),
    };
  });
}
const ROWS = focusRows();
const total = (rows, column) => rows.reduce((sum, r) => sum + Number(r[column]), 0);
const cents = (x) => Math.round(x * 100);
const MAY = { from: new Date('2026-05-01T00:00:00Z'), to: new Date('2026-05-31T00:00:00Z') };
const dailyByResource = (type) => ({
  type,
  timeframe: 'Custom',
  timePeriod: MAY,
  dataset: {
    granularity: 'Daily',
    aggregation: { totalCost: { name: 'Cost', function: 'Sum' } },
    grouping: [
      { type: 'Dimension', name: 'ResourceId' },
      { type: 'Dimension', name: 'ServiceName' },
    ],
  },
});

/** Every page of a query: the SDK does not page the query, so POST the same body to nextLink. */
async function allPages(costClient, scope, definition) {
  const first = await costClient.query.usage(scope, definition);
  const pages = [first];
  for (let next = first.nextLink; next;) {
    const response = await costClient.sendRequest(
      createPipelineRequest({
        url: next,
        method: 'POST',
        body: JSON.stringify(definition),
        headers: createHttpHeaders({ 'content-type': 'application/json' }),
      }),
    );
    assert.equal(response.status, 200, response.bodyAsText);
    const page = JSON.parse(response.bodyAsText).properties;
    pages.push(page);
    next = page.nextLink;
  }
  return pages;
}

before(async () => {
  sandbox = await startSandbox();
  await sandbox.control('PUT', `cost/subscriptions/${SUB1}/rows`, { rows: ROWS });
});
after(() => sandbox?.stop());

describe('exports', () => {
  const destination = {
    resourceId: `/subscriptions/${SUB1}/resourceGroups/rg-payments-prod/providers/Microsoft.Storage/storageAccounts/codexprodassets`,
    container: 'cost-exports',
    rootFolderPath: 'focus',
  };

  test('an export created is listed with its destination and read with its run history', async () => {
    const cost = client();
    const created = await cost.exports.createOrUpdate(SCOPE, 'focus-daily', {
      format: 'Csv',
      deliveryInfo: { destination },
      definition: {
        type: 'FocusCost',
        timeframe: 'MonthToDate',
        dataSet: { granularity: 'Daily', configuration: { dataVersion: '1.0' } },
      },
      schedule: {
        status: 'Active',
        recurrence: 'Daily',
        recurrencePeriod: { from: new Date('2026-05-01T00:00:00Z') },
      },
      partitionData: true,
    });
    assert.equal(created.id, `${SCOPE}/providers/Microsoft.CostManagement/exports/focus-daily`);
    assert.equal(created.type, 'Microsoft.CostManagement/exports');
    assert.ok(created.eTag);

    const { value } = await cost.exports.list(SCOPE);
    assert.deepEqual(
      value.map((e) => e.name),
      ['focus-daily'],
    );
    assert.deepEqual(value[0].deliveryInfo.destination, destination);
    assert.equal(value[0].definition.type, 'FocusCost');
    assert.equal(value[0].partitionData, true);
    assert.equal(value[0].schedule.recurrence, 'Daily');

    const read = await cost.exports.get(SCOPE, 'focus-daily', { expand: 'runHistory' });
    assert.deepEqual(read.runHistory.value, []);
    await cost.exports.execute(SCOPE, 'focus-daily');
    assert.deepEqual((await client().exports.list(`/subscriptions/${SUB2}`)).value, []);

    await cost.exports.delete(SCOPE, 'focus-daily');
    await rejectsWith(cost.exports.get(SCOPE, 'focus-daily'), 404, 'NotFound');
  });

  test('an export without a destination is a BadRequest', async () => {
    await rejectsWith(
      client().exports.createOrUpdate(SCOPE, 'no-destination', {
        deliveryInfo: {},
        definition: { type: 'FocusCost', timeframe: 'MonthToDate' },
      }),
      400,
      'BadRequest',
    );
  });

  test('a subscription the client is not granted is refused', async () => {
    await rejectsWith(
      client(NARROW_CLIENT).exports.list(`/subscriptions/${SUB2}`),
      403,
      'AuthorizationFailed',
    );
  });
});

describe('query', () => {
  test('daily cost by resource and service sums to the seeded billed and effective costs', async () => {
    await sandbox.control('POST', 'config', { costPageSize: 1000 });
    for (const [type, column] of [
      ['ActualCost', 'BilledCost'],
      ['AmortizedCost', 'EffectiveCost'],
    ]) {
      const pages = await allPages(client(), SCOPE, dailyByResource(type));
      assert.deepEqual(
        pages[0].columns.map((c) => [c.name, c.type]),
        [
          ['Cost', 'Number'],
          ['UsageDate', 'Number'],
          ['ResourceId', 'String'],
          ['ServiceName', 'String'],
          ['Currency', 'String'],
        ],
      );
      const rows = pages.flatMap((p) => p.rows);
      assert.ok(pages.length > 1, 'more groups than a page of 1000');
      assert.equal(cents(rows.reduce((sum, r) => sum + r[0], 0)), cents(total(ROWS, column)));
      const [, day, resourceId, service, currency] = rows[0];
      assert.equal(day, 20260501);
      assert.equal(resourceId, resourceId.toLowerCase());
      assert.ok(SERVICES.includes(service));
      assert.equal(currency, 'USD');
    }
  });

  test('small pages follow nextLink with $skiptoken and see every row once', async () => {
    await sandbox.control('POST', 'config', { costPageSize: 150 });
    const pages = await allPages(client(), SCOPE, dailyByResource('ActualCost'));
    const rows = pages.flatMap((p) => p.rows);
    assert.ok(pages.length >= 5, `${pages.length} pages`);
    assert.ok(pages.every((p) => p.rows.length <= 150));
    assert.ok(pages.slice(0, -1).every((p) => p.nextLink.includes('$skiptoken=')));
    const keys = rows.map((r) => `${r[1]}|${r[2]}`);
    assert.equal(new Set(keys).size, keys.length, 'no row twice');
    assert.equal(cents(rows.reduce((sum, r) => sum + r[0], 0)), cents(total(ROWS, 'BilledCost')));
    await sandbox.control('POST', 'config', { costPageSize: 1000 });
  });

  test('a dimension filter keeps only its values', async () => {
    const definition = {
      type: 'Usage',
      timeframe: 'Custom',
      timePeriod: MAY,
      dataset: {
        aggregation: { totalCost: { name: 'PreTaxCost', function: 'Sum' } },
        grouping: [{ type: 'Dimension', name: 'ResourceGroupName' }],
        filter: {
          and: [
            { dimensions: { name: 'ResourceLocation', operator: 'In', values: ['eastus'] } },
            { dimensions: { name: 'PricingModel', operator: 'In', values: ['Reservation'] } },
          ],
        },
      },
    };
    const result = await client().query.usage(SCOPE, definition);
    assert.deepEqual(
      result.columns.map((c) => c.name),
      ['PreTaxCost', 'ResourceGroupName', 'Currency'],
    );
    const expected = ROWS.filter(
      (r) => r.RegionId === 'eastus' && r.CommitmentDiscountType === 'Reservation',
    );
    assert.ok(expected.length > 0);
    for (const group of GROUPS) {
      const row = result.rows.find((r) => r[1] === group);
      const seeded = expected.filter((r) => r.x_ResourceGroupName === group);
      assert.equal(cents(row?.[0] ?? 0), cents(total(seeded, 'BilledCost')), group);
    }
  });

  test('a burst of 429s is retried by the SDK and consumes the fault', async () => {
    await sandbox.control('POST', 'cost/faults', { status: 429, count: 2 });
    const statuses = [];
    let remaining;
    const result = await client().query.usage(SCOPE, dailyByResource('ActualCost'), {
      onResponse: (raw) => {
        statuses.push(raw.status);
        remaining = raw.headers.get('x-ms-ratelimit-microsoft.costmanagement-qpu-remaining');
      },
    });
    assert.ok(result.rows.length > 0);
    assert.equal(statuses.at(-1), 200);
    assert.match(remaining, /^QueryPerHour:\d+$/);
    const faults = await sandbox.control('GET', 'cost/faults');
    assert.equal(faults.remaining, 0);
    assert.equal(faults.throttled, 2);
  });

  test('a bad query surfaces as a BadRequest', async () => {
    const hourly = dailyByResource('ActualCost');
    hourly.dataset.granularity = 'Hourly';
    await rejectsWith(client().query.usage(SCOPE, hourly), 400, 'BadRequest');
    const unknown = dailyByResource('ActualCost');
    unknown.dataset.grouping = [{ type: 'Dimension', name: 'NoSuchDimension' }];
    await rejectsWith(client().query.usage(SCOPE, unknown), 400, 'BadRequest');
    await rejectsWith(
      client().query.usage(SCOPE, { type: 'ActualCost', timeframe: 'Custom', dataset: {} }),
      400,
      'BadRequest',
    );
    await rejectsWith(
      client().query.usage(SCOPE, {
        type: 'ActualCost',
        timeframe: 'Custom',
        timePeriod: {
          from: new Date('2024-01-01T00:00:00Z'),
          to: new Date('2026-01-01T00:00:00Z'),
        },
        dataset: {},
      }),
      400,
      'BadRequest',
    );
  });
});
