// The unmodified @google-cloud/bigquery against the BigQuery simulator, mounted in the GCP
// sandbox front (tools/sandbox/gcs/server.mjs). The front starts on a free port with an
// upstream nobody listens on: BigQuery paths never reach fake-gcs. Run with
//   node --test tools/sandbox/bigquery/sdk.test.mjs
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BigQuery } from '@google-cloud/bigquery';
import { OAuth2Client } from 'google-auth-library';

import { startFront } from '../gcs/test-helper.mjs';
import { BILLING_EXPORT_FIELDS, BILLING_EXPORT_TABLE_PREFIX } from './schema.mjs';

const PROJECT = 'billing-admin';
const DATASET = 'billing_export';
const TABLE = `${BILLING_EXPORT_TABLE_PREFIX}012345_6789AB_CDEF01`;
const FULL_TABLE = `\`${PROJECT}.${DATASET}.${TABLE}\``;
const ROWS = 25_000;
const MONTHS = ['202401', '202402', '202403'];
const HOUR = 3_600_000;
const START = Date.UTC(2024, 0, 1);

/** Export row i: month i % 3, an hour after row i - 1, a CUD credit on every 5th row. */
function exportRow(i) {
  const start = new Date(START + i * HOUR);
  return {
    billing_account_id: '012345-6789AB-CDEF01',
    service: { id: '6F81-5844-456A', description: 'Compute Engine' },
    sku: { id: 'CP-N2-CORE', description: 'N2 Instance Core running in Americas' },
    usage_start_time: start.toISOString(),
    usage_end_time: new Date(start.getTime() + HOUR).toISOString(),
    project: {
      id: 'shop-prod',
      number: '123456789012',
      name: 'Shop',
      labels: [{ key: 'env', value: 'prod' }],
    },
    labels: [
      { key: 'team', value: `team-${i % 7}` },
      { key: 'app', value: 'shop' },
    ],
    location: {
      location: 'us-central1',
      country: 'US',
      region: 'us-central1',
      zone: 'us-central1-a',
    },
    resource: {
      name: `vm-${i}`,
      global_name: `//compute.googleapis.com/projects/shop-prod/zones/us-central1-a/instances/vm-${i}`,
    },
    export_time: new Date(START + 40 * 24 * HOUR + (i % 1000) * 1000).toISOString(),
    cost: (i % 100) / 4,
    currency: 'USD',
    currency_conversion_rate: 1,
    usage: { amount: 3600, unit: 'seconds', amount_in_pricing_units: 1, pricing_unit: 'hour' },
    credits:
      i % 5 === 0
        ? [
            {
              name: 'Committed use discount',
              amount: -0.25,
              full_name: 'CUD',
              id: 'CommittedUsageDiscount:42',
              type: 'COMMITTED_USAGE_DISCOUNT',
            },
          ]
        : [],
    invoice: { month: MONTHS[i % 3] },
    cost_type: 'regular',
    price: {
      effective_price: '0.031611',
      tier_start_amount: '0',
      unit: 'hour',
      pricing_unit_quantity: '1',
    },
    cost_at_list: (i % 100) / 4,
    subscription: { instance_id: null },
  };
}

/** The SDK's error carries the HTTP status as `code`. */
const rejectsWith = (promise, code, message) =>
  assert.rejects(promise, (error) => {
    assert.equal(error.code, code, `expected ${code}, got ${error.code}: ${error.message}`);
    if (message) assert.match(error.message, message);
    return true;
  });

let front;
let bigquery;
let table;

async function fault(status, count) {
  const res = await fetch(`${front.url}/_sandbox/bigquery/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ status, count }),
  });
  assert.equal(res.status, 200);
}

describe('BigQuery simulator with @google-cloud/bigquery', () => {
  before(async () => {
    front = await startFront('http://127.0.0.1:9');
    bigquery = new BigQuery({ apiEndpoint: front.url, projectId: PROJECT });
  });
  after(() => front?.stop());

  test('a dataset and a table with the detailed export schema are made and read back', async () => {
    const [dataset] = await bigquery.createDataset(DATASET);
    assert.equal(dataset.id, DATASET);
    [table] = await dataset.createTable(TABLE, { schema: { fields: BILLING_EXPORT_FIELDS } });
    const [metadata] = await table.getMetadata();
    assert.equal(metadata.id, `${PROJECT}:${DATASET}.${TABLE}`);
    const credits = metadata.schema.fields.find((field) => field.name === 'credits');
    assert.equal(credits.type, 'RECORD');
    assert.equal(credits.mode, 'REPEATED');
    assert.deepEqual(
      credits.fields.map((field) => field.name),
      ['name', 'amount', 'full_name', 'id', 'type'],
    );
    const [datasets] = await bigquery.getDatasets();
    assert.deepEqual(
      datasets.map((d) => d.id),
      [DATASET],
    );
    await rejectsWith(bigquery.createDataset(DATASET), 409, /Already Exists: Dataset/);
  });

  test('25,000 rows go in through insertAll in batches', async () => {
    for (let offset = 0; offset < ROWS; offset += 1000) {
      const batch = Array.from({ length: 1000 }, (_, k) => exportRow(offset + k));
      await table.insert(batch);
    }
    const [metadata] = await table.getMetadata();
    assert.equal(metadata.numRows, String(ROWS));
  });

  test('a repeated insertId is stored once; a bad row answers insertErrors and stops its batch', async () => {
    const scratch = bigquery.dataset(DATASET).table('scratch');
    await bigquery.dataset(DATASET).createTable('scratch', { schema: BILLING_EXPORT_FIELDS });
    const row = { insertId: 'same-row', json: exportRow(1) };
    await scratch.insert([row], { raw: true });
    await scratch.insert([row], { raw: true });
    assert.equal((await scratch.getMetadata())[0].numRows, '1');

    await assert.rejects(
      scratch.insert([
        exportRow(2),
        { ...exportRow(3), cost: 'lots' },
        { ...exportRow(4), colour: 'red' },
      ]),
      (error) => {
        assert.equal(error.name, 'PartialFailureError');
        const [stopped, badType, unknown] = error.errors;
        assert.equal(stopped.errors[0].reason, 'stopped');
        assert.equal(badType.errors[0].reason, 'invalid');
        assert.match(badType.errors[0].message, /Cannot convert value to floating point/);
        assert.equal(unknown.errors[0].reason, 'invalid');
        assert.match(unknown.errors[0].message, /no such field: colour/);
        return true;
      },
    );
    assert.equal((await scratch.getMetadata())[0].numRows, '1');
    const [rows] = await scratch.getRows();
    assert.equal(rows[0].resource.name, 'vm-1');
    await scratch.delete();
    await rejectsWith(scratch.get(), 404, /Not found: Table/);
  });

  test('the wire format: nested records, repeated records, float-second timestamps, paging', async () => {
    const base = `${front.url}/bigquery/v2/projects/${PROJECT}/datasets/${DATASET}/tables/${TABLE}`;
    const first = await (await fetch(`${base}/data?maxResults=2`)).json();
    assert.equal(first.kind, 'bigquery#tableDataList');
    assert.equal(first.totalRows, String(ROWS));
    assert.equal(first.rows.length, 2);
    const names = BILLING_EXPORT_FIELDS.map((field) => field.name);
    const cell = (name) => first.rows[0].f[names.indexOf(name)].v;
    assert.deepEqual(cell('service'), { f: [{ v: '6F81-5844-456A' }, { v: 'Compute Engine' }] });
    assert.deepEqual(cell('credits')[0].v.f.slice(0, 2), [
      { v: 'Committed use discount' },
      { v: '-0.25' },
    ]);
    assert.deepEqual(cell('labels')[1], { v: { f: [{ v: 'app' }, { v: 'shop' }] } });
    assert.equal(cell('usage_start_time'), '1.7040672E9');
    assert.equal(cell('cost'), '0');
    const second = await (
      await fetch(`${base}/data?maxResults=2&pageToken=${first.pageToken}`)
    ).json();
    assert.equal(second.rows[0].f[names.indexOf('usage_start_time')].v, '1.7040744E9');
  });

  test('query() with @month returns exactly that month, records and repeated credits intact', async () => {
    const [rows] = await bigquery.query({
      query: `SELECT * FROM ${FULL_TABLE} WHERE invoice.month = @month`,
      params: { month: '202402' },
    });
    const expected = Array.from({ length: ROWS }, (_, i) => i).filter((i) => i % 3 === 1);
    assert.equal(rows.length, expected.length);
    assert.deepEqual(
      rows.map((row) => row.resource.name),
      expected.map((i) => `vm-${i}`),
    );
    const row = rows.find((r) => r.resource.name === 'vm-10');
    const source = exportRow(10);
    assert.deepEqual(row.credits, source.credits);
    assert.equal(row.credits.length, 1);
    assert.deepEqual(row.labels, source.labels);
    assert.deepEqual(row.service, source.service);
    assert.deepEqual(row.invoice, { month: '202402', publisher_type: null });
    assert.deepEqual(row.project.labels, [{ key: 'env', value: 'prod' }]);
    assert.equal(row.cost, source.cost);
    assert.equal(row.usage_start_time.value, source.usage_start_time);
    assert.equal(String(row.price.effective_price), '0.031611');
    assert.deepEqual(rows.find((r) => r.resource.name === 'vm-13').credits, []);
  });

  test('selected and aliased columns, comparisons and ORDER BY', async () => {
    const [rows] = await bigquery.query({
      query: `SELECT resource.name AS vm, cost, usage_start_time FROM ${FULL_TABLE}
              WHERE invoice.month = '202401' AND usage_start_time >= @from AND cost > 20
              ORDER BY cost DESC, vm`,
      params: { from: bigquery.timestamp(new Date(START + 24_000 * HOUR)) },
    });
    const expected = Array.from({ length: ROWS }, (_, i) => exportRow(i))
      .map((row, i) => ({ ...row, i }))
      .filter((row) => row.i % 3 === 0 && row.i >= 24_000 && row.cost > 20)
      .sort((a, b) => b.cost - a.cost || (a.resource.name < b.resource.name ? -1 : 1));
    assert.deepEqual(Object.keys(rows[0]), ['vm', 'cost', 'usage_start_time']);
    assert.deepEqual(
      rows.map((row) => row.vm),
      expected.map((row) => row.resource.name),
    );
  });

  test('25,000 rows page by maxResults 1000: 25 pages, every row in order; the stream reads them all', async () => {
    const [job] = await bigquery.createQueryJob({
      query: `SELECT * FROM ${FULL_TABLE} ORDER BY usage_start_time`,
    });
    const names = [];
    let pages = 0;
    let options = { maxResults: 1000, autoPaginate: false };
    while (options) {
      const [rows, next, response] = await job.getQueryResults(options);
      pages += 1;
      assert.ok(rows.length <= 1000);
      assert.equal(response.totalRows, String(ROWS));
      names.push(...rows.map((row) => row.resource.name));
      options = next;
    }
    assert.equal(pages, 25);
    assert.deepEqual(
      names,
      Array.from({ length: ROWS }, (_, i) => `vm-${i}`),
    );

    let streamed = 0;
    for await (const row of bigquery.createQueryStream({
      query: `SELECT resource.name FROM ${FULL_TABLE}`,
    })) {
      assert.equal(row.name, `vm-${streamed}`);
      streamed += 1;
    }
    assert.equal(streamed, ROWS);

    const [all] = await bigquery.query({ query: `SELECT * FROM ${FULL_TABLE}`, maxResults: 4000 });
    assert.equal(all.length, ROWS);
  });

  test('the aggregate GROUP BY query answers one row per month', async () => {
    const [rows] = await bigquery.query({
      query: `SELECT invoice.month AS month, MAX(export_time) AS last_export, COUNT(*) AS line_count,
              SUM(cost) AS cost FROM ${FULL_TABLE} GROUP BY month ORDER BY month`,
    });
    assert.deepEqual(
      rows.map((row) => row.month),
      MONTHS,
    );
    const lines = MONTHS.map((_, m) =>
      Array.from({ length: ROWS }, (_, i) => i).filter((i) => i % 3 === m),
    );
    assert.deepEqual(
      rows.map((row) => row.line_count),
      lines.map((l) => l.length),
    );
    rows.forEach((row, m) => {
      const last = Math.max(...lines[m].map((i) => Date.parse(exportRow(i).export_time)));
      assert.equal(Date.parse(row.last_export.value), last);
      const cost = lines[m].reduce((sum, i) => sum + exportRow(i).cost, 0);
      assert.ok(Math.abs(row.cost - cost) < 1e-6);
    });
    const [job] = await bigquery.createQueryJob({
      query: `SELECT invoice.month AS month, MAX(export_time) AS last_export FROM ${FULL_TABLE}
              WHERE invoice.month = @month GROUP BY month`,
      params: { month: '202403' },
    });
    const [, , response] = await job.getQueryResults({ autoPaginate: false });
    assert.deepEqual(response.schema.fields, [
      { name: 'month', type: 'STRING', mode: 'NULLABLE' },
      { name: 'last_export', type: 'TIMESTAMP', mode: 'NULLABLE' },
    ]);
    const [metadata] = await job.getMetadata();
    assert.equal(metadata.status.state, 'DONE');
    assert.equal(metadata.jobReference.location, 'US');
  });

  test('a query outside the subset surfaces as the SDK error with BigQuery’s message', async () => {
    await rejectsWith(
      bigquery.query(`SELECT FROM ${FULL_TABLE}`),
      400,
      /Syntax error: Unexpected keyword FROM/,
    );
    await rejectsWith(
      bigquery.query(`SELECT a.x FROM ${FULL_TABLE} a JOIN ${FULL_TABLE} b ON a.x = b.x`),
      400,
      /Syntax error/,
    );
    await rejectsWith(
      bigquery.query(`SELECT nothing FROM ${FULL_TABLE}`),
      400,
      /Unrecognized name: nothing/,
    );
    await assert.rejects(bigquery.query(`SELECT credits.amount FROM ${FULL_TABLE}`), (error) => {
      assert.equal(error.errors[0].reason, 'invalidQuery');
      assert.match(error.message, /Cannot access field amount on a value with type ARRAY<STRUCT/);
      return true;
    });
  });

  test('an unknown table answers 404 notFound', async () => {
    await rejectsWith(
      bigquery.query(`SELECT * FROM \`${PROJECT}.${DATASET}.nope\``),
      404,
      new RegExp(`Not found: Table ${PROJECT}:${DATASET}\\.nope was not found in location US`),
    );
    await rejectsWith(
      bigquery.dataset(DATASET).table('nope').getMetadata(),
      404,
      /Not found: Table/,
    );
  });

  test('429 rateLimitExceeded: the SDK retries it, and surfaces it once its retries run out', async () => {
    await fault(429, 2);
    const started = Date.now();
    const [rows] = await bigquery.query({
      query: `SELECT invoice.month AS month, COUNT(*) AS n FROM ${FULL_TABLE} GROUP BY month`,
    });
    assert.equal(rows.length, 3);
    assert.ok(Date.now() - started >= 1000, 'the SDK waited before retrying');

    const impatient = new BigQuery({
      apiEndpoint: front.url,
      projectId: PROJECT,
      retryOptions: { autoRetry: false },
    });
    await fault(429, 1);
    await assert.rejects(impatient.dataset(DATASET).get(), (error) => {
      assert.equal(error.code, 429);
      assert.equal(error.errors[0].reason, 'rateLimitExceeded');
      assert.match(error.message, /Exceeded rate limits/);
      return true;
    });
  });

  test('a client with a fixed-token authClient (Authorization: Bearer) is accepted', async () => {
    const authClient = new OAuth2Client();
    authClient.setCredentials({
      access_token: 'sandbox-token',
      expiry_date: Date.now() + 3_600_000,
    });
    const client = new BigQuery({ apiEndpoint: front.url, projectId: PROJECT, authClient });
    const [rows] = await client.query(`SELECT COUNT(*) AS n FROM ${FULL_TABLE}`);
    assert.deepEqual(rows, [{ n: ROWS }]);
  });
});
