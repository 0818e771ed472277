import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';

import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Provider, ResourceDiscoveredSchema, TOPICS } from '@codex/contracts';
import { encodeEvent, TopicNames } from '@codex/messaging';
import {
  createScratchDatabase,
  localInfra,
  runService,
  serviceEnv,
  type ServiceProcess,
  startService,
  testKafka,
  uniqueTopicPrefix,
} from '@codex/testing';
import { type Kafka, Partitioners } from 'kafkajs';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

import { machineDescription, peakRssMiB, percentile } from './bench-machine';
import { appendResult } from './benchmarks-doc';

const TOTAL = Number(process.env.BENCH_EVENTS ?? 200_000);
const LATENCY_RATE_PER_S = Number(process.env.BENCH_LATENCY_RATE ?? 10_000);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 10);
const REPLICAS = Number(process.env.BENCH_REPLICAS ?? 1);
const BATCH = 5_000;

function event(index: number, observedAt = new Date()) {
  const id = `i-${index.toString(16).padStart(17, '0')}`;
  const urn = `codex:aws:123456789012:eu-west-1:ec2/instance/${id}`;
  const payload = create(ResourceDiscoveredSchema, {
    urn,
    tenantId: 'bench-tenant',
    provider: Provider.AWS,
    accountId: '123456789012',
    region: 'eu-west-1',
    resourceType: 'ec2/instance',
    name: `web-${index}`,
    tags: { env: index % 3 === 0 ? 'production' : 'staging', team: 'platform' },
    state: 'running',
    attributes: { instanceType: 't3.micro', az: 'eu-west-1a' },
    observedAt: timestampFromDate(observedAt),
  });
  const encoded = encodeEvent(
    'resource.discovered',
    payload,
    { key: urn, tenantId: 'bench-tenant' },
    'bench',
  );
  return { key: encoded.key, value: encoded.value, headers: encoded.headers, payload };
}

async function produce(
  kafka: Kafka,
  topic: string,
  from: number,
  count: number,
  observedAt?: () => Date,
) {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  for (let start = from; start < from + count; start += BATCH) {
    const size = Math.min(BATCH, from + count - start);
    await producer.send({
      topic,
      acks: 1,
      messages: Array.from({ length: size }, (_, i) => event(start + i, observedAt?.())).map(
        ({ key, value, headers }) => ({ key, value, headers }),
      ),
    });
  }
  await producer.disconnect();
}

/** kafkajs reading the topic and doing nothing: the consume ceiling. */
async function rawConsume(kafka: Kafka, topic: string, count: number): Promise<number> {
  const consumer = kafka.consumer({ groupId: `bench-raw-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    void consumer.run({
      partitionsConsumedConcurrently: 2,
      eachBatch: ({ batch }) => {
        seen += batch.messages.length;
        if (seen >= count) resolve();
        return Promise.resolve();
      },
    });
  });
  const seconds = (performance.now() - started) / 1000;
  await consumer.disconnect();
  return count / seconds;
}

const COPY_COLUMNS = `urn, tenant_id, provider, account_id, region, resource_type, name, tags, state,
  attributes, observed_at, revision`;

/** The projection's columns with nothing but a primary key: what PostgreSQL writes at most. */
const BARE_TABLE = `CREATE TABLE copy_bench (urn varchar(512) PRIMARY KEY, tenant_id varchar(64),
  provider varchar(16), account_id varchar(128), region varchar(64), resource_type varchar(64),
  name varchar(512), tags jsonb, state varchar(32), attributes jsonb, observed_at timestamptz,
  revision int)`;

/** COPY of the same rows into `table`: the write ceiling for that table and its indexes. */
async function rawCopy(databaseUrl: string, table: string, count: number): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const rows = Array.from({ length: count }, (_, i) => {
    const p = event(i).payload;
    return [
      p.urn,
      p.tenantId,
      'aws',
      p.accountId,
      p.region,
      p.resourceType,
      p.name,
      JSON.stringify(p.tags),
      p.state,
      JSON.stringify(p.attributes),
      new Date().toISOString(),
      1,
    ].join('\t');
  });
  const started = performance.now();
  const stream = client.query(copyFrom(`COPY ${table} (${COPY_COLUMNS}) FROM STDIN`));
  await pipeline(
    (function* () {
      for (const row of rows) yield `${row}\n`;
    })(),
    stream,
  );
  const seconds = (performance.now() - started) / 1000;
  await client.query(`TRUNCATE ${table}`);
  await client.end();
  return count / seconds;
}

/** Events aetherium has handled and committed, from its own metrics: no load on the database. */
async function consumed(baseUrl: string): Promise<number> {
  const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
  return Number(
    /messaging_consumed_total\{topic="resource.discovered"[^}]*\} (\d+)/.exec(metrics)?.[1] ?? 0,
  );
}

async function consumedByAll(replicas: readonly ServiceProcess[]): Promise<number> {
  const counts = await Promise.all(replicas.map((replica) => consumed(replica.baseUrl)));
  return counts.reduce((sum, count) => sum + count, 0);
}

async function waitUntilConsumed(
  replicas: readonly ServiceProcess[],
  count: number,
): Promise<void> {
  while ((await consumedByAll(replicas)) < count)
    await new Promise((resolve) => setTimeout(resolve, 200));
}

async function main(): Promise<void> {
  const brokers = localInfra().kafkaBrokers;
  const kafka = testKafka(brokers);
  const prefix = uniqueTopicPrefix('bench');
  const topic = new TopicNames(prefix).of('resource.discovered');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [topic, `${topic}.dlq`].map((name) => ({
      topic: name,
      numPartitions: name === topic ? TOPICS['resource.discovered'].partitions : 1,
      replicationFactor: 1,
    })),
    waitForLeaders: true,
  });
  await admin.disconnect();

  console.log(`producing ${TOTAL} resource.discovered events to ${topic}`);
  await produce(kafka, topic, 0, TOTAL);

  const kafkaLimit = await rawConsume(kafka, topic, TOTAL);
  console.log(`kafkajs raw consume: ${Math.round(kafkaLimit)} msg/s`);
  const copyDatabase = await createScratchDatabase('bench_copy');
  const bare = new Client({ connectionString: copyDatabase.url });
  await bare.connect();
  await bare.query(BARE_TABLE);
  await bare.end();
  const bareCopyLimit = await rawCopy(copyDatabase.url, 'copy_bench', TOTAL);
  await copyDatabase.drop();
  console.log(`PostgreSQL COPY, primary key only: ${Math.round(bareCopyLimit)} rows/s`);

  const database = await createScratchDatabase('bench_aetherium');
  const env = serviceEnv(database.url, {
    KAFKA_BROKERS: brokers,
    KAFKA_TOPIC_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    CONSUMER_PARTITIONS_CONCURRENTLY: process.env.CONSUMER_PARTITIONS_CONCURRENTLY ?? '3',
    NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? '',
  });
  await runService('aetherium', env, ['migrate']).exit;
  const copyLimit = await rawCopy(database.url, 'inventory_resources', TOTAL);
  console.log(`PostgreSQL COPY into inventory_resources: ${Math.round(copyLimit)} rows/s`);
  const client = new Client({ connectionString: database.url });
  await client.connect();

  const replicas = await Promise.all(
    Array.from({ length: REPLICAS }, () => startService('aetherium', env)),
  );
  let firstSeen = 0;
  while ((firstSeen = await consumedByAll(replicas)) === 0) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const started = performance.now();
  await waitUntilConsumed(replicas, TOTAL);
  const throughput = (TOTAL - firstSeen) / ((performance.now() - started) / 1000);
  console.log(
    `end to end, sustained from the first committed batch: ${Math.round(throughput)} events/s`,
  );

  const latencyCount = LATENCY_RATE_PER_S * LATENCY_SECONDS;
  const tick = 100;
  const perTick = Math.round((LATENCY_RATE_PER_S * tick) / 1000);
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  for (let sent = 0; sent < latencyCount; sent += perTick) {
    const tickStarted = performance.now();
    await producer.send({
      topic,
      acks: 1,
      messages: Array.from({ length: perTick }, (_, i) => event(TOTAL + sent + i)).map(
        ({ key, value, headers }) => ({
          key,
          value,
          headers,
        }),
      ),
    });
    await new Promise((r) => setTimeout(r, Math.max(0, tick - (performance.now() - tickStarted))));
  }
  await producer.disconnect();
  await waitUntilConsumed(replicas, TOTAL + latencyCount);
  const projected = await client.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM inventory_resources',
  );
  if (projected.rows[0]?.n !== TOTAL + latencyCount)
    throw new Error(`projected ${projected.rows[0]?.n} rows`);
  const latencies = (
    await client.query<{ ms: number }>(
      `SELECT extract(epoch FROM (updated_at - observed_at)) * 1000 AS ms FROM inventory_resources
        WHERE name >= 'web-' AND split_part(name, '-', 2)::int >= $1 ORDER BY 1`,
      [TOTAL],
    )
  ).rows.map((row) => Number(row.ms));
  const rss = Math.max(...(await Promise.all(replicas.map((replica) => peakRssMiB(replica.pid)))));
  await Promise.all(replicas.map((replica) => replica.stop()));
  await client.end();
  await database.drop();

  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  const floor = Math.min(kafkaLimit, copyLimit);
  const result = {
    events: TOTAL,
    throughput: Math.round(throughput),
    kafkaLimit: Math.round(kafkaLimit),
    copyLimit: Math.round(copyLimit),
    bareCopyLimit: Math.round(bareCopyLimit),
    ratioToLowerLimit: throughput / floor,
    latencyRate: LATENCY_RATE_PER_S,
    latencyCount,
    p50: Math.round(p50),
    p99: Math.round(p99),
    rssMiB: rss,
  };
  console.log(JSON.stringify(result, null, 2));
  await appendResult(
    `bench-events, ${REPLICAS} aetherium replica${REPLICAS === 1 ? '' : 's'}`,
    [
      `Machine: ${machineDescription()}. Command: \`make bench-events\` (BENCH_EVENTS=${TOTAL}, BENCH_REPLICAS=${REPLICAS}).`,
      '',
      '| measure | value |',
      '|---|---|',
      `| resource.discovered → aetherium inventory (${REPLICAS} replica(s)), ${TOTAL} events, backlog drain from the first committed batch | **${result.throughput} events/s** |`,
      `| kafkajs consuming the same messages, no work | ${result.kafkaLimit} msg/s |`,
      `| PostgreSQL COPY of the same rows into \`inventory_resources\` (its primary key and five indexes) | ${result.copyLimit} rows/s |`,
      `| PostgreSQL COPY of the same rows into a table with only a primary key | ${result.bareCopyLimit} rows/s |`,
      `| end-to-end ÷ lower raw limit (kafkajs, or COPY into the projection's table) | ${(result.ratioToLowerLimit * 100).toFixed(0)} % |`,
      `| latency publish → projected at ${LATENCY_RATE_PER_S} events/s for ${LATENCY_SECONDS} s | p50 ${result.p50} ms, p99 ${result.p99} ms |`,
      `| aetherium peak RSS (largest replica of ${REPLICAS}) | ${rss} MiB |`,
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
