import { startPlatform } from '@codex/testing';

import { machineDescription } from './bench-machine';
import { appendResult } from './benchmarks-doc';
import { seconds } from './durations';
import { signIn, tenantOf } from './gateway-client';
import { loadInventory } from './inventory-estate';
import {
  CONNECTIONS,
  measureQuery,
  PACED_FRACTION,
  type QueryResult,
  queryRows,
  SECONDS,
} from './inventory-load';
import { QUERIES } from './inventory-queries';
import { databaseUrlOf, withDatabase } from './service-database';

/* Filtered inventory lists under load, on a generated inventory of 1,000,000 rows. */

const INVENTORY_ROWS = Number(process.env.BENCH_INVENTORY_ROWS ?? 1_000_000);

async function main(): Promise<void> {
  const platform = await startPlatform({
    env: { LOG_LEVEL: 'warn' },
    serviceEnv: {
      gateway: { RATE_LIMIT_TENANT_REQUESTS: '100000000' },
      'engine-core': { DISCOVERY_INTERVAL_MINUTES: '0' },
    },
  });
  try {
    const aetheriumDb = await databaseUrlOf(platform, 'aetherium');
    const tenantId = tenantOf((await signIn(platform.gatewayUrl)).token);
    console.log(`loading ${INVENTORY_ROWS} inventory rows for tenant ${tenantId}`);
    // Only the generated spread: rows left by other runs would change what each filter matches.
    await withDatabase(aetheriumDb, (client) =>
      client.query('DELETE FROM inventory_resources WHERE tenant_id = $1', [tenantId]),
    );
    const loadMs = await loadInventory(aetheriumDb, tenantId, INVENTORY_ROWS);
    const rows = await withDatabase(aetheriumDb, async (client) => {
      const counted = await client.query<{ n: number; live: number }>(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE deleted_at IS NULL)::int AS live
           FROM inventory_resources WHERE tenant_id = $1`,
        [tenantId],
      );
      return counted.rows[0] ?? { n: 0, live: 0 };
    });
    console.log(`loaded in ${seconds(loadMs)} s; tenant has ${rows.n} rows (${rows.live} live)`);
    // Signed in after the load, so the token is fresh for the measurements.
    const api = await signIn(platform.gatewayUrl);
    const urls = { gateway: platform.gatewayUrl, aetherium: platform.urlOf('aetherium') };
    const queries: QueryResult[] = [];
    for (const query of QUERIES) {
      queries.push(await measureQuery(query, api, urls, aetheriumDb, tenantId));
    }

    await appendResult(
      'bench-inventory',
      [
        `Machine: ${machineDescription()}. Command: \`make bench-inventory\` (BENCH_INVENTORY_ROWS=${INVENTORY_ROWS}). PostgreSQL, Kafka, the six services and the client share the machine.`,
        '',
        `**Queries**: ${INVENTORY_ROWS} rows COPY-loaded into aetherium's \`inventory_resources\` for the bench tenant, its other rows deleted first (${rows.n} rows, ${rows.live} not deleted; 70 % AWS / 20 % GCP / 10 % Azure, 30 accounts, 11 regions, 11 types, env=production on 10 %, 8 teams; load and VACUUM ANALYZE ${seconds(loadMs)} s), then per query: autocannon with ${CONNECTIONS} connections for ${SECONDS} s straight to aetherium and through the gateway (closed loop: each connection sends again as soon as it is answered, so the machine is saturated); vegeta with the same ${CONNECTIONS} connections through the gateway at a constant ${PACED_FRACTION * 100} % of the gateway's saturated rate (open loop, evenly spaced); and 1 connection for 5 s through the gateway (latency without queueing); default sort (name). Target: p99 < 50 ms through the gateway at ${CONNECTIONS} connections. Plan: \`EXPLAIN (ANALYZE, BUFFERS)\` of the reader's statement after the runs.`,
        '',
        '| query | plan (EXPLAIN ANALYZE), execution time | via | p50 ms | p99 ms | req/s | errors |',
        '|---|---|---|---|---|---|---|',
        ...queries.flatMap(queryRows),
        '',
        `With ${CONNECTIONS} connections each waiting for its answer, the mean latency is ${CONNECTIONS} ÷ throughput (Little's law): ${queries
          .map(({ query, loads }) => {
            const gateway = loads.find(
              (run) => run.via === 'gateway' && run.connections === CONNECTIONS,
            );
            return gateway
              ? `${query.label} ${CONNECTIONS} ÷ ${gateway.rps} req/s = ${Math.round((CONNECTIONS * 1000) / gateway.rps)} ms`
              : '';
          })
          .join(
            ', ',
          )}. A p99 under 50 ms at ${CONNECTIONS} connections needs well over ${CONNECTIONS * 20} req/s through the gateway; the 1-connection rows show the time of one request.`,
      ].join('\n'),
    );
  } finally {
    await platform.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
