import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';

import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { MotoAccount, startPlatform } from '@codex/testing';
import type { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

import { machineDescription, percentile } from './bench-machine';
import { appendResult } from './benchmarks-doc';
import { writeBulkBill } from './cost-bill';
import { seconds, sleep } from './durations';
import { signIn, tenantOf } from './gateway-client';
import { databaseUrlOf, withDatabase } from './service-database';

/*
 * Cost ingestion and cost queries (issue 16).
 * 1. Ingesting BENCH_COST_LINES CUR 2.0 lines (Parquet in moto S3) through the service, from the
 *    request to the source's run ending (read, map to FOCUS, COPY into a temporary table, swap in,
 *    rollups, cost.ingested), against the floor: COPY of the same rows, as the service stored them,
 *    into cost_line_items. Alternating, BENCH_COST_ROUNDS times.
 * 2. A month grouped by service over BENCH_COST_QUERY_LINES line items: GET /api/v1/costs through
 *    the gateway against the same statement straight to PostgreSQL on the rollup table, one
 *    connection each, BENCH_COST_QUERIES requests each, p99.
 */

const LINES = Number(process.env.BENCH_COST_LINES ?? 2_000_000);
const QUERY_LINES = Number(process.env.BENCH_COST_QUERY_LINES ?? 10_000_000);
const ROUNDS = Number(process.env.BENCH_COST_ROUNDS ?? 3);
const QUERIES = Number(process.env.BENCH_COST_QUERIES ?? 400);
const PART_ROWS = 500_000;
const PERIOD = '2026-10';
const ACCOUNTS = ['100000000101', '100000000102', '100000000103', '100000000104', '100000000105'];
const COLUMNS = `tenant_id, source_id, account_id, provider, billing_period_start, billing_period_end, charge_period_start, charge_period_end, billing_account_id, billing_account_name, sub_account_id, sub_account_name, invoice_id, invoice_issuer_name, publisher_name, charge_category, charge_class, charge_frequency, charge_description, pricing_category, billed_cost, effective_cost, list_cost, contracted_cost, billing_currency, consumed_quantity, consumed_unit, pricing_quantity, pricing_unit, list_unit_price, contracted_unit_price, region_id, region_name, availability_zone, resource_id, resource_name, resource_type, resource_urn, service_category, service_name, sku_id, sku_price_id, commitment_discount_id, commitment_discount_type, commitment_discount_category, commitment_discount_status, commitment_discount_name, tags, usage_type`;
const SERVICE_TOTALS = `SELECT service_name AS key, service_name AS label, billing_currency AS currency,
  GROUPING(service_name) = 1 AS total,
  ROUND(SUM(billed_cost), 2)::text AS billed, ROUND(SUM(effective_cost), 2)::text AS effective,
  ROUND(SUM(list_cost), 2)::text AS list
  FROM cost_daily_services WHERE tenant_id = $1 AND day >= $2::date AND day < $3::date
  GROUP BY GROUPING SETS ((service_name, billing_currency), (billing_currency))
  ORDER BY GROUPING(service_name) DESC, SUM(effective_cost) DESC, service_name, billing_currency`;

interface Source {
  id: string;
  lastRun: { runId: string; status: string; error: string | null } | null;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

/** Signs in again for every ingestion: a token lasts 5 minutes, a large ingestion longer. */
async function ingest(gatewayUrl: string, sourceId: string): Promise<number> {
  const api = await signIn(gatewayUrl);
  const started = performance.now();
  const run = await api<{ runId: string }>('POST', `/api/v1/costs/sources/${sourceId}/ingestions`);
  if (run.status !== 202) throw new Error(`ingestion answered ${run.status}`);
  for (let failures = 0; ;) {
    const source = await api<Source>('GET', `/api/v1/costs/sources/${sourceId}`);
    // A 5xx while both cores are busy ingesting is noted and retried a few times.
    if (source.status !== 200) {
      console.log(`reading the source answered ${source.status}: ${JSON.stringify(source.body)}`);
      if (++failures > 5) throw new Error(`reading the source answered ${source.status}`);
      await sleep(1000);
      continue;
    }
    const last = source.body.lastRun;
    if (last?.runId === run.body.runId && last.status !== 'running') {
      if (last.status !== 'succeeded') throw new Error(`ingestion failed: ${last.error}`);
      return (performance.now() - started) / 1000;
    }
    await sleep(250);
  }
}

/** COPY of the rows the service stored for the source, from a file, into cost_line_items. */
async function copyFloor(client: Client, file: string): Promise<number> {
  const started = performance.now();
  await pipeline(
    createReadStream(file),
    client.query(copyFrom(`COPY cost_line_items (${COLUMNS}) FROM STDIN`)),
  );
  return (performance.now() - started) / 1000;
}

async function dumpRows(
  client: Client,
  tenantId: string,
  sourceId: string,
  file: string,
): Promise<void> {
  await pipeline(
    client.query(
      copyTo(
        `COPY (SELECT ${COLUMNS} FROM cost_line_items WHERE tenant_id = '${tenantId}' AND source_id = '${sourceId}') TO STDOUT`,
      ),
    ),
    createWriteStream(file),
  );
}

async function waitForEmptyOutbox(database: string): Promise<void> {
  for (;;) {
    const left = await withDatabase(database, async (client) => {
      const counted = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM outbox_messages',
      );
      return counted.rows[0]?.n ?? 0;
    });
    if (left === 0) return;
    console.log(`waiting for ${left} outbox messages to be relayed`);
    await sleep(5_000);
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function main(): Promise<void> {
  const platform = await startPlatform({
    env: { LOG_LEVEL: 'warn' },
    serviceEnv: {
      gateway: { RATE_LIMIT_TENANT_REQUESTS: '100000000' },
      aetherium: { COST_INGEST_INTERVAL_MINUTES: '0' },
      'engine-core': { DISCOVERY_INTERVAL_MINUTES: '0' },
    },
  });
  const scratch = await mkdtemp(join(tmpdir(), 'codex-cost-bench-'));
  try {
    const moto = new MotoAccount();
    const s3 = new S3Client(await moto.clientConfig('us-east-1'));
    const bill = {
      bucket: `bench-cost-${moto.accountId}`,
      prefix: 'cur',
      exportName: 'bench',
      period: PERIOD,
    };
    await s3.send(new CreateBucketCommand({ Bucket: bill.bucket }));
    const api = await signIn(platform.gatewayUrl);
    const tenantId = tenantOf(api.token);
    const database = await databaseUrlOf(platform, 'aetherium');
    const account = await api<{ id: string }>('POST', '/api/v1/accounts', {
      provider: 'aws',
      name: `bench-cost-${moto.accountId}`,
      regions: ['us-east-1'],
      credentials: { kind: 'assume-role', ...moto.role },
    });
    if (account.status !== 201)
      throw new Error(`connecting the account answered ${account.status}`);
    let source: { status: number; body: Source } = { status: 0, body: { id: '', lastRun: null } };
    for (let tries = 0; source.status !== 201; tries++) {
      source = await api<Source>('POST', '/api/v1/costs/sources', {
        kind: 'aws-data-export',
        accountId: account.body.id,
        bucket: bill.bucket,
        prefix: bill.prefix,
        exportName: bill.exportName,
      });
      if (source.status !== 201 && tries > 40)
        throw new Error(`creating the source answered ${source.status}`);
      if (source.status !== 201) await sleep(250);
    }
    const rounds: { ingest: number; floor: number }[] = [];
    const dump = join(scratch, 'rows.copy');
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`round ${round}: writing ${LINES} lines to moto`);
      await writeBulkBill(s3, bill, Math.ceil(LINES / PART_ROWS), PART_ROWS, ACCOUNTS);
      const ingestSeconds = await ingest(platform.gatewayUrl, source.body.id);
      const floorSeconds = await withDatabase(database, async (client) => {
        await dumpRows(client, tenantId, source.body.id, dump);
        await client.query('BEGIN');
        const copied = await copyFloor(client, dump);
        await client.query('ROLLBACK');
        return copied;
      });
      console.log(
        `round ${round}: ingest ${seconds(ingestSeconds * 1000)} s, COPY ${seconds(floorSeconds * 1000)} s`,
      );
      rounds.push({ ingest: ingestSeconds, floor: floorSeconds });
    }
    const dumpMiB = (await stat(dump)).size / 1024 / 1024;

    console.log(`writing ${QUERY_LINES} lines for the query benchmark`);
    await writeBulkBill(s3, bill, Math.ceil(QUERY_LINES / PART_ROWS), PART_ROWS, ACCOUNTS);
    const bigIngest = await ingest(platform.gatewayUrl, source.body.id);
    // Measured at rest: the ingestion's cost.ingested events relayed to Kafka first.
    await waitForEmptyOutbox(database);
    const from = `${PERIOD}-01`;
    const to = '2026-11-01';
    const rollupRows = await withDatabase(database, async (client) => {
      await client.query('VACUUM ANALYZE cost_daily_services');
      const counted = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM cost_daily_services WHERE tenant_id = $1',
        [tenantId],
      );
      return counted.rows[0]?.n ?? 0;
    });
    const fresh = await signIn(platform.gatewayUrl);
    const gateway: number[] = [];
    const direct: number[] = [];
    await withDatabase(database, async (client) => {
      for (let index = 0; index < QUERIES; index++) {
        gateway.push(
          await timed(async () => {
            const answer = await fresh(
              'GET',
              `/api/v1/costs?groupBy=service&from=${from}&to=${to}`,
            );
            if (answer.status !== 200) throw new Error(`the cost query answered ${answer.status}`);
          }),
        );
        direct.push(await timed(() => client.query(SERVICE_TOTALS, [tenantId, from, to])));
      }
    });
    const p = (values: number[], q: number) =>
      percentile(
        [...values].sort((a, b) => a - b),
        q,
      );
    const ratios = rounds.map((round) => round.floor / round.ingest);
    const queryRatio = p(gateway, 99) / p(direct, 99);
    await appendResult(
      'bench-cost',
      [
        `Machine: ${machineDescription()}. Command: \`make bench-cost\` (BENCH_COST_LINES=${LINES}, BENCH_COST_ROUNDS=${ROUNDS}, BENCH_COST_QUERY_LINES=${QUERY_LINES}, BENCH_COST_QUERIES=${QUERIES}). PostgreSQL, Kafka, moto, the six services and the client share the machine.`,
        '',
        `**Ingestion** (target ≥ 0.5×): ${LINES} CUR 2.0 hourly usage lines (${Math.ceil(LINES / PART_ROWS)} snappy Parquet files of ${PART_ROWS} rows in moto S3, 5 linked accounts, 8 services, 10 regions) ingested through the gateway: from \`POST …/ingestions\` to the source's run ending (download, Parquet decode, FOCUS mapping, COPY into a temporary table, swap into cost_line_items, rebuild the three daily rollups, cost.ingested events into the outbox, budgets). Floor: COPY of the very rows the service stored (dumped with COPY TO, ${dumpMiB.toFixed(0)} MiB of text) into cost_line_items from a file, in a transaction rolled back after. Alternating, every round a new delivery of the month.`,
        '',
        '| round | ingestion s | COPY s | COPY ÷ ingestion |',
        '|---|---|---|---|',
        ...rounds.map(
          (round, index) =>
            `| ${index + 1} | ${round.ingest.toFixed(1)} | ${round.floor.toFixed(1)} | ${(round.floor / round.ingest).toFixed(2)}× |`,
        ),
        '',
        `Median ratio: **${median(ratios).toFixed(2)}×**.`,
        '',
        `**Query** (target p99 ≤ 1.5× the direct query): ${QUERY_LINES} lines in one month (ingested in ${bigIngest.toFixed(0)} s; ${rollupRows} rows of cost_daily_services for the tenant), \`GET /api/v1/costs?groupBy=service\` for the month through the gateway (authentication, routing, aetherium, the tenant-scoped transaction) against the same statement on cost_daily_services straight to PostgreSQL, alternating, one connection each, ${QUERIES} requests each.`,
        '',
        '| via | p50 ms | p99 ms |',
        '|---|---|---|',
        `| gateway | ${p(gateway, 50).toFixed(1)} | ${p(gateway, 99).toFixed(1)} |`,
        `| PostgreSQL | ${p(direct, 50).toFixed(1)} | ${p(direct, 99).toFixed(1)} |`,
        '',
        `p99 ratio: **${queryRatio.toFixed(2)}×**.`,
      ].join('\n'),
    );
  } finally {
    await rm(scratch, { recursive: true, force: true });
    await platform.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
