import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { CloudWatchClient, paginateGetMetricData } from '@aws-sdk/client-cloudwatch';
import { EC2Client, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  ECSClient,
  paginateListClusters,
  paginateListServices,
} from '@aws-sdk/client-ecs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { localInfra, REPO_ROOT, type RunningPlatform, startPlatform } from '@codex/testing';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

import { machineDescription } from './bench-machine';
import { appendResult } from './benchmarks-doc';
import { type Api, signIn } from './gateway-client';
import { constantRate } from './vegeta';

const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 10_000);
const ECS_SERVICES = Number(process.env.BENCH_ECS_SERVICES ?? 500);
const INVENTORY_ROWS = Number(process.env.BENCH_INVENTORY_ROWS ?? 1_000_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const POLL_MS = 200;
const DISCOVERY_TIMEOUT_MS = 20 * 60_000;
/** The regions tools/sandbox/aws/seed.py spreads the bulk estate over (its estate.py). */
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

/** seed.py launches this many instances per RunInstances call, i.e. per reservation. */
const INSTANCES_PER_RESERVATION = 10;

/**
 * DescribeInstances page size for moto. AWS counts MaxResults in instances, moto in
 * reservations (10 instances each here), so engine-core's default of 1000 asks moto for a whole
 * region, 3,300 instances, at once: 20 s of moto alone, over a minute with the regions read in
 * parallel, past engine-core's 30 s request timeout, and the run fails. moto answers on one core,
 * so a page takes longer the more listings run beside it: at 100 (1,000 instances, what the
 * default gives on AWS) pages took up to 50 s in one run of seven and another run failed;
 * at 50 (500 instances) the slowest page took 17–19 s.
 */
const MOTO_EC2_PAGE_SIZE = 50;

/**
 * engine-core's discovery settings, given to it explicitly so the floor pages exactly as the run
 * does: its defaults (services/engine-core/src/config.ts) but for the DescribeInstances page size.
 */
const ENGINE = {
  ec2PageSize: Number(process.env.AWS_EC2_PAGE_SIZE ?? MOTO_EC2_PAGE_SIZE),
  ecsPageSize: Number(process.env.AWS_ECS_PAGE_SIZE ?? 100),
  concurrency: Number(process.env.AWS_REGION_CONCURRENCY ?? 4),
  cpuWindowMinutes: Number(process.env.CPU_WINDOW_MINUTES ?? 30),
  cpuPeriodSeconds: Number(process.env.CPU_PERIOD_SECONDS ?? 300),
};
/** Fixed in engine-core's code: ecs-discovery.ts and cpu-metrics.ts. */
const DESCRIBE_CLUSTERS_LIMIT = 100;
const DESCRIBE_SERVICES_LIMIT = 10;
const CPU_QUERIES_PER_CALL = 500;
/** ec2-instance-discovery.ts: every state but terminated. */
const LIVE_STATES = ['pending', 'running', 'shutting-down', 'stopping', 'stopped'];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => (ms / 1000).toFixed(1);

// ---------------------------------------------------------------------------------------------
// The platform, through the gateway

/** The tenant the token carries (the built-in issuer's tenant_id claim). */
function tenantOf(token: string): string {
  const [, payload = ''] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    tenant_id?: string;
  };
  if (!claims.tenant_id) throw new Error('token carries no tenant_id');
  return claims.tenant_id;
}

/**
 * A service's database as its owner (DATABASE_MIGRATION_URL, else DATABASE_URL), read from its
 * process environment (the harness keeps it private): the service's own role sees no rows
 * outside a tenant scope (ADR 12).
 */
async function databaseUrlOf(
  platform: RunningPlatform,
  service: 'aetherium' | 'engine-core',
): Promise<string> {
  const pid = platform.services.get(service)?.pid;
  if (!pid) throw new Error(`${service} is not running`);
  const environ = (await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0');
  const variable = (name: string) =>
    environ.find((entry) => entry.startsWith(`${name}=`))?.slice(name.length + 1);
  const url = variable('DATABASE_MIGRATION_URL') ?? variable('DATABASE_URL');
  if (!url) throw new Error(`${service} has no DATABASE_URL`);
  return url;
}

async function withDatabase<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// moto: a fresh account, seeded in bulk

interface AwsAccess {
  accountId: string;
  role: { roleArn: string; externalId: string };
}

/**
 * A fresh moto account per run (moto keeps assumed-role accounts apart), so runs are repeatable.
 * BENCH_AWS_ACCOUNT_ID reuses one seeded before (seed.py then does nothing); its CPU datapoints
 * leave the CPU window half an hour after seeding.
 */
function benchAccount(): AwsAccess {
  const accountId =
    process.env.BENCH_AWS_ACCOUNT_ID ?? String(randomInt(100_000_000_000, 999_999_999_999));
  return {
    accountId,
    role: {
      roleArn: `arn:aws:iam::${accountId}:role/codex`,
      externalId: randomBytes(8).toString('hex'),
    },
  };
}

async function seed(account: AwsAccess): Promise<void> {
  const child = spawn(
    join(REPO_ROOT, '.local', 'tools', 'venv', 'bin', 'python'),
    [
      join(REPO_ROOT, 'tools', 'sandbox', 'aws', 'seed.py'),
      '--endpoint',
      localInfra().motoUrl,
      '--account-id',
      account.accountId,
      '--instances',
      String(INSTANCES),
      '--ecs-services',
      String(ECS_SERVICES),
      '--instances-per-launch',
      String(INSTANCES_PER_RESERVATION),
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`seed.py exited with ${code}`);
}

// ---------------------------------------------------------------------------------------------
// The floor: the same paged calls engine-core makes, answered by moto, and nothing else

interface Floor {
  listingMs: number;
  cpuMs: number;
  totalMs: number;
  instances: number;
  ec2Pages: number;
  /** The longest a DescribeInstances page took to arrive, with the other listings running. */
  slowestEc2PageMs: number;
  clusters: number;
  services: number;
  ecsCalls: number;
  cpuCalls: number;
  cpuSamples: number;
}

async function runLimited(tasks: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  const queue = [...tasks];
  await Promise.all(
    Array.from({ length: Math.min(limit, queue.length) }, async () => {
      for (let task = queue.shift(); task; task = queue.shift()) await task();
    }),
  );
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    result.push(items.slice(start, start + size));
  return result;
}

async function floor(account: AwsAccess): Promise<Floor> {
  const endpoint = localInfra().motoUrl;
  const sts = new STSClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'codex-bench', secretAccessKey: 'codex-bench' },
  });
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: account.role.roleArn,
      RoleSessionName: 'codex-bench-floor',
      ExternalId: account.role.externalId,
    }),
  );
  sts.destroy();
  const config = (region: string) => ({
    region,
    endpoint,
    maxAttempts: 1,
    credentials: {
      accessKeyId: Credentials?.AccessKeyId ?? '',
      secretAccessKey: Credentials?.SecretAccessKey ?? '',
      sessionToken: Credentials?.SessionToken ?? '',
    },
  });
  const result: Floor = {
    listingMs: 0,
    cpuMs: 0,
    totalMs: 0,
    instances: 0,
    ec2Pages: 0,
    clusters: 0,
    services: 0,
    ecsCalls: 0,
    cpuCalls: 0,
    cpuSamples: 0,
    slowestEc2PageMs: 0,
  };
  const running = new Map<string, string[]>();
  const clients: { destroy(): void }[] = [];

  const ec2 = (region: string) => async () => {
    const client = new EC2Client(config(region));
    clients.push(client);
    const pages = paginateDescribeInstances(
      { client, pageSize: ENGINE.ec2PageSize },
      { Filters: [{ Name: 'instance-state-name', Values: LIVE_STATES }] },
    );
    let asked = performance.now();
    for await (const page of pages) {
      result.ec2Pages += 1;
      result.slowestEc2PageMs = Math.max(result.slowestEc2PageMs, performance.now() - asked);
      for (const instance of (page.Reservations ?? []).flatMap((r) => r.Instances ?? [])) {
        result.instances += 1;
        if (instance.State?.Name === 'running' && instance.InstanceId) {
          const ids = running.get(region) ?? [];
          ids.push(instance.InstanceId);
          running.set(region, ids);
        }
      }
      asked = performance.now();
    }
  };
  const ecs = (region: string) => async () => {
    const client = new ECSClient(config(region));
    clients.push(client);
    for await (const page of paginateListClusters({ client, pageSize: ENGINE.ecsPageSize }, {})) {
      result.ecsCalls += 1;
      const described = await Promise.all(
        chunks(page.clusterArns ?? [], DESCRIBE_CLUSTERS_LIMIT).map((clusters) =>
          client.send(new DescribeClustersCommand({ clusters, include: ['TAGS'] })),
        ),
      );
      result.ecsCalls += described.length;
      for (const cluster of described.flatMap((answer) => answer.clusters ?? [])) {
        result.clusters += 1;
        for await (const services of paginateListServices(
          { client, pageSize: ENGINE.ecsPageSize },
          { cluster: cluster.clusterArn },
        )) {
          result.ecsCalls += 1;
          const answers = await Promise.all(
            chunks(services.serviceArns ?? [], DESCRIBE_SERVICES_LIMIT).map((arns) =>
              client.send(
                new DescribeServicesCommand({
                  cluster: cluster.clusterArn,
                  services: arns,
                  include: ['TAGS'],
                }),
              ),
            ),
          );
          result.ecsCalls += answers.length;
          result.services += answers.flatMap((answer) => answer.services ?? []).length;
        }
      }
    }
  };
  const cpu = async (region: string, ids: string[]) => {
    const client = new CloudWatchClient(config(region));
    clients.push(client);
    const endTime = new Date();
    const startTime = new Date(endTime.getTime() - ENGINE.cpuWindowMinutes * 60_000);
    for (const batch of chunks(ids, CPU_QUERIES_PER_CALL)) {
      const pages = paginateGetMetricData(
        { client },
        {
          StartTime: startTime,
          EndTime: endTime,
          ScanBy: 'TimestampDescending',
          MetricDataQueries: batch.map((instanceId, index) => ({
            Id: `cpu${index}`,
            ReturnData: true,
            MetricStat: {
              Metric: {
                Namespace: 'AWS/EC2',
                MetricName: 'CPUUtilization',
                Dimensions: [{ Name: 'InstanceId', Value: instanceId }],
              },
              Period: ENGINE.cpuPeriodSeconds,
              Stat: 'Average',
            },
          })),
        },
      );
      for await (const page of pages) {
        result.cpuCalls += 1;
        result.cpuSamples += (page.MetricDataResults ?? []).filter(
          (series) => (series.Values ?? []).length > 0,
        ).length;
      }
    }
  };

  const started = performance.now();
  // engine-core's order: per region its EC2 listing, then its ECS listing, `concurrency` at a time.
  await runLimited(
    REGIONS.flatMap((region) => [ec2(region), ecs(region)]),
    ENGINE.concurrency,
  );
  result.listingMs = performance.now() - started;
  await Promise.all([...running].map(([region, ids]) => cpu(region, ids)));
  result.totalMs = performance.now() - started;
  result.cpuMs = result.totalMs - result.listingMs;
  for (const client of clients) client.destroy();
  return result;
}

// ---------------------------------------------------------------------------------------------
// Discovery through the platform

interface RunView {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  counts: { discovered: number; deleted: number; metrics: number };
  progress: { region: string; resourceType: string; pages: number; resources: number }[];
  error: { code: string; message: string } | null;
  startedAt: string | null;
  finishedAt: string | null;
}

interface Summary {
  total: number;
  byType: Record<string, number>;
}

interface Discovery {
  wallMs: number;
  listedMs: number;
  runDoneMs: number;
  inventoryMs: number;
  run: RunView;
  runMs: number;
  summary: Summary;
}

async function registerAccount(
  api: Api,
  platform: RunningPlatform,
  account: AwsAccess,
): Promise<string> {
  const connected = await api<{ id: string }>('POST', '/api/v1/accounts', {
    provider: 'aws',
    name: `bench-${account.accountId}`,
    regions: REGIONS,
    credentials: { kind: 'assume-role', ...account.role },
  });
  if (connected.status !== 201) {
    throw new Error(`registering the account answered ${connected.status}`);
  }
  const id = connected.body.id;
  // engine-core learns of the account from account.connected; wait without starting a run.
  const engineDb = await databaseUrlOf(platform, 'engine-core');
  await withDatabase(engineDb, async (client) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const known = await client.query(
        `SELECT 1 FROM aws_accounts WHERE account_id = $1 AND status = 'connected'`,
        [id],
      );
      if (known.rowCount) return;
      if (Date.now() > deadline) throw new Error('engine-core never learned of the account');
      await sleep(100);
    }
  });
  return id;
}

async function discover(api: Api, accountId: string): Promise<Discovery> {
  const started = performance.now();
  const posted = await api<RunView>('POST', '/api/v1/compute/discovery-runs', { accountId });
  if (posted.status !== 202) {
    throw new Error(`POST discovery-runs answered ${posted.status}: ${JSON.stringify(posted)}`);
  }
  let run = posted.body;
  let summary: Summary = { total: 0, byType: {} };
  let listedMs = 0;
  let runDoneMs = 0;
  let inventoryMs = 0;
  let polls = 0;
  while (!runDoneMs || !inventoryMs) {
    await sleep(POLL_MS);
    const [runAnswer, summaryAnswer] = await Promise.all([
      api<RunView>('GET', `/api/v1/compute/discovery-runs/${run.id}`),
      api<Summary>('GET', '/api/v1/inventory/summary'),
    ]);
    const now = performance.now() - started;
    run = runAnswer.body;
    summary = summaryAnswer.body;
    const instances = summary.byType['ec2/instance'] ?? 0;
    const services = summary.byType['ecs/service'] ?? 0;
    if (!listedMs && run.counts.discovered >= INSTANCES + ECS_SERVICES) listedMs = now;
    if (!runDoneMs && (run.status === 'succeeded' || run.status === 'failed')) {
      runDoneMs = now;
      if (run.status === 'failed') {
        throw new Error(`discovery run failed after ${seconds(now)} s: ${JSON.stringify(run)}`);
      }
    }
    if (!inventoryMs && instances >= INSTANCES && services >= ECS_SERVICES) inventoryMs = now;
    if ((polls += 1) % 25 === 0) {
      console.log(
        `${seconds(now)} s: ${run.status}, ${run.counts.discovered} published, ${summary.total} in inventory`,
      );
    }
    if (now > DISCOVERY_TIMEOUT_MS) {
      throw new Error(`discovery not done after ${seconds(now)} s: ${JSON.stringify(run)}`);
    }
  }
  const runMs =
    run.startedAt && run.finishedAt
      ? new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime()
      : Number.NaN;
  return {
    wallMs: Math.max(runDoneMs, inventoryMs),
    listedMs,
    runDoneMs,
    inventoryMs,
    run,
    runMs,
    summary,
  };
}

// ---------------------------------------------------------------------------------------------
// 1,000,000 inventory rows, loaded with COPY

/** Small deterministic PRNG (mulberry32), so every run loads the same estate. */
function random(seedValue: number): () => number {
  let state = seedValue;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function weighted<T>(next: () => number, choices: readonly (readonly [T, number])[]): T {
  let roll = next() * choices.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [value, weight] of choices) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return (choices.at(-1) as readonly [T, number])[0];
}

const PROVIDERS = {
  aws: {
    regions: ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'],
    types: [
      ['ec2/instance', 65],
      ['ecs/service', 15],
      ['ecs/cluster', 2],
      ['s3/bucket', 8],
      ['rds/instance', 5],
      ['lambda/function', 5],
    ],
  },
  gcp: {
    regions: ['europe-west1', 'us-central1', 'asia-southeast1'],
    types: [
      ['compute/instance', 70],
      ['gke/cluster', 5],
      ['storage/bucket', 25],
    ],
  },
  azure: {
    regions: ['westeurope', 'eastus', 'northeurope'],
    types: [
      ['compute/virtual-machine', 75],
      ['storage/account', 25],
    ],
  },
} as const;
type ProviderName = keyof typeof PROVIDERS;
const TEAMS = ['payments', 'web', 'data', 'search', 'platform', 'identity', 'mobile', 'ml'];
const ROLES = [
  'api',
  'worker',
  'checkout',
  'ledger',
  'gateway',
  'frontend',
  'batch',
  'cache',
  'queue',
  'indexer',
  'scheduler',
  'reports',
  'auth',
  'billing',
  'notifier',
  'etl',
  'proxy',
  'search',
  'media',
  'admin',
];

function accountsOf(provider: ProviderName, count: number): string[] {
  const next = random(provider.length * 7919);
  return Array.from({ length: count }, (_, index) => {
    if (provider === 'aws') return String(100_000_000_000 + Math.floor(next() * 8e11));
    if (provider === 'gcp') return `project-${TEAMS[index % TEAMS.length]}-${index}`;
    return `${Math.floor(next() * 2 ** 32)
      .toString(16)
      .padStart(8, '0')}-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
  });
}

const ACCOUNTS: Record<ProviderName, string[]> = {
  aws: accountsOf('aws', 20),
  gcp: accountsOf('gcp', 6),
  azure: accountsOf('azure', 4),
};

const copyField = (value: string) => value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t');

/** One inventory_resources row in COPY text format. */
function* inventoryRows(tenantId: string, count: number): Generator<string> {
  const next = random(42);
  const now = Date.now();
  for (let index = 0; index < count; index += 1) {
    const provider = weighted<ProviderName>(next, [
      ['aws', 70],
      ['gcp', 20],
      ['azure', 10],
    ]);
    const spec = PROVIDERS[provider];
    const accounts = ACCOUNTS[provider];
    const account = accounts[Math.floor(next() * accounts.length)] ?? '';
    const region = spec.regions[Math.floor(next() * spec.regions.length)] ?? '';
    const type = weighted<string>(next, spec.types);
    const compute = /instance|virtual-machine|service/.test(type);
    const state = compute
      ? weighted(next, [
          ['running', 75],
          ['stopped', 20],
          ['pending', 3],
          ['stopping', 2],
        ])
      : 'active';
    const team = TEAMS[Math.floor(next() * TEAMS.length)] ?? '';
    const role = ROLES[Math.floor(next() * ROLES.length)] ?? '';
    const env = weighted(next, [
      ['production', 10],
      ['staging', 30],
      ['dev', 60],
    ]);
    const name = `${team}-${role}-${index}`;
    const tags: Record<string, string> = { Name: name, env, team };
    if (next() < 0.3) tags['cost-center'] = `cc-${Math.floor(next() * 40)}`;
    const observedAt = new Date(now - Math.floor(next() * 7 * 86_400_000));
    const deletedAt = next() < 0.02 ? observedAt.toISOString() : '\\N';
    const id = index.toString(16).padStart(12, '0');
    const attributes = compute
      ? {
          instanceType: weighted(next, [
            ['t3.micro', 40],
            ['m5.large', 40],
            ['c5.2xlarge', 20],
          ]),
          availabilityZone: `${region}a`,
          launchTime: observedAt.toISOString(),
        }
      : { createdAt: observedAt.toISOString() };
    yield [
      `codex:${provider}:${account}:${region}:${type}/r-${id}`,
      tenantId,
      provider,
      account,
      region,
      type,
      name,
      copyField(JSON.stringify(tags)),
      state,
      copyField(JSON.stringify(attributes)),
      observedAt.toISOString(),
      String(1 + Math.floor(next() * 5)),
      deletedAt,
      observedAt.toISOString(),
    ].join('\t');
  }
}

async function loadInventory(databaseUrl: string, tenantId: string): Promise<number> {
  return withDatabase(databaseUrl, async (client) => {
    const started = performance.now();
    const stream = client.query(
      copyFrom(
        `COPY inventory_resources (urn, tenant_id, provider, account_id, region, resource_type, name,
           tags, state, attributes, observed_at, revision, deleted_at, updated_at) FROM STDIN`,
      ),
    );
    await pipeline(
      Readable.from(
        (function* () {
          let chunk: string[] = [];
          for (const row of inventoryRows(tenantId, INVENTORY_ROWS)) {
            chunk.push(row);
            if (chunk.length === 2_000) {
              yield `${chunk.join('\n')}\n`;
              chunk = [];
            }
          }
          if (chunk.length > 0) yield `${chunk.join('\n')}\n`;
        })(),
      ),
      stream,
    );
    // A table in steady state has been vacuumed and analysed; doing it now also keeps
    // autovacuum from running during the measurement.
    await client.query('VACUUM (ANALYZE) inventory_resources');
    return performance.now() - started;
  });
}

// ---------------------------------------------------------------------------------------------
// Filtered lists under load

interface ListQuery {
  label: string;
  params: Record<string, string>;
}

const QUERIES: ListQuery[] = [
  {
    label: 'type + state + tag',
    params: { type: 'ec2/instance', state: 'running', tag: 'env:production', limit: '50' },
  },
  {
    label: 'type + region + state',
    params: { type: 'ec2/instance', region: 'eu-west-1', state: 'stopped', limit: '50' },
  },
  // One role of twenty: a broad term, its matches clustered in name order (after <team>-l…).
  { label: 'free text, broad', params: { type: 'ec2/instance', q: 'ledger', limit: '50' } },
  { label: 'free text, narrow', params: { type: 'ec2/instance', q: 'checkout-47', limit: '50' } },
];

const pathOf = (query: ListQuery) =>
  `/api/v1/inventory/resources?${new URLSearchParams(query.params).toString()}`;

/** The statement inventory-reader.ts builds for these filters (default sort: name). */
function sqlOf(query: ListQuery, tenantId: string): { text: string; values: unknown[] } {
  const values: unknown[] = [tenantId];
  const bind = (value: unknown) => `$${values.push(value)}`;
  const where = ['tenant_id = $1', 'deleted_at IS NULL'];
  const { region, type, state, tag, q, limit = '50' } = query.params;
  if (region) where.push(`region = ${bind(region)}`);
  if (type) where.push(`resource_type = ${bind(type)}`);
  if (state) where.push(`state = ${bind(state)}`);
  if (tag) {
    const [key = '', value = ''] = tag.split(':');
    where.push(`tags @> ${bind(JSON.stringify({ [key]: value }))}::jsonb`);
  }
  if (q) where.push(`(name ILIKE ${bind(`%${q}%`)} OR urn = ${bind(q)})`);
  return {
    text: `SELECT urn, provider, account_id, region, resource_type, name, tags, state, attributes,
                  observed_at, updated_at, name::text AS cursor_value
             FROM inventory_resources
            WHERE ${where.join(' AND ')}
            ORDER BY name ASC, urn ASC
            LIMIT ${bind(Number(limit) + 1)}`,
    values,
  };
}

interface Plan {
  summary: string;
  text: string;
  executionMs: number;
  matching: number;
}

async function explain(databaseUrl: string, tenantId: string, query: ListQuery): Promise<Plan> {
  return withDatabase(databaseUrl, async (client) => {
    const { text, values } = sqlOf(query, tenantId);
    const lines = (
      await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values)
    ).rows.map((row) => row['QUERY PLAN']);
    const plan = lines.join('\n');
    const scans = lines
      .map((line) =>
        /(Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan)(?: Backward)?(?: using (\S+))? on (\S+)/.exec(
          line,
        ),
      )
      .filter((match) => match !== null)
      .map(([, kind = '', index, relation]) =>
        kind === 'Seq Scan' ? kind : `${kind} ${index ?? relation}`,
      );
    const counted = sqlOf({ ...query, params: { ...query.params, limit: '0' } }, tenantId);
    const matching = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (${counted.text.replace(/LIMIT \$\d+$/, '')}) AS matching`,
      counted.values.slice(0, -1),
    );
    const filtered = [...plan.matchAll(/Rows Removed by Filter: (\d+)/g)].reduce(
      (sum, match) => sum + Number(match[1]),
      0,
    );
    return {
      summary: `${[...new Set(scans)].join(' + ')}, ${filtered} rows filtered out`,
      text: plan,
      executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? Number.NaN),
      matching: matching.rows[0]?.n ?? 0,
    };
  });
}

interface Load {
  via: 'gateway' | 'aetherium';
  connections: number;
  /** Set for a constant-rate (open loop) run; closed loop otherwise. */
  rate?: number;
  p50: number;
  p99: number;
  rps: number;
  errors: number;
}

async function load(
  label: string,
  via: Load['via'],
  url: string,
  token: string,
  { connections = CONNECTIONS, duration = SECONDS } = {},
): Promise<Load> {
  const result = await autocannon({
    url,
    connections,
    duration,
    headers: { authorization: `Bearer ${token}` },
  });
  const run = {
    via,
    connections,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: Math.round(result.requests.average),
    errors: result.errors + result.non2xx, // errors include timeouts
  };
  console.log(JSON.stringify({ label, ...run }));
  return run;
}

/** The constant-rate run's share of what the gateway answered at saturation. */
const PACED_FRACTION = 0.5;

/** The same connections at a constant rate (vegeta, open loop): latency at a load below saturation. */
async function paced(label: string, url: string, token: string, rps: number): Promise<Load> {
  const rate = Math.max(10, Math.round(rps / 10) * 10);
  const result = await constantRate({
    url,
    headers: { authorization: `Bearer ${token}` },
    rate,
    seconds: SECONDS,
    connections: CONNECTIONS,
  });
  const run = {
    via: 'gateway' as const,
    connections: CONNECTIONS,
    rate,
    p50: result.p50,
    p99: result.p99,
    rps: rate,
    errors: Math.round((1 - result.successRatio) * rate * SECONDS),
  };
  console.log(JSON.stringify({ label, ...run }));
  return run;
}

interface QueryResult {
  query: ListQuery;
  plan: Plan;
  loads: Load[];
}

async function measureQuery(
  query: ListQuery,
  api: Api,
  urls: { gateway: string; aetherium: string },
  aetheriumDb: string,
  tenantId: string,
): Promise<QueryResult> {
  const path = pathOf(query);
  const first = await api<{ items?: unknown[] }>('GET', path);
  const items = first.body.items?.length ?? 0;
  if (first.status !== 200 || items !== Number(query.params.limit)) {
    throw new Error(`${path} answered ${first.status} with ${items} items`);
  }
  await load(`${query.label}, warm-up`, 'gateway', `${urls.gateway}${path}`, api.token, {
    duration: 5,
  });
  const direct = await load(query.label, 'aetherium', `${urls.aetherium}${path}`, api.token);
  const saturated = await load(query.label, 'gateway', `${urls.gateway}${path}`, api.token);
  const loads = [
    direct,
    saturated,
    await paced(query.label, `${urls.gateway}${path}`, api.token, saturated.rps * PACED_FRACTION),
    await load(query.label, 'gateway', `${urls.gateway}${path}`, api.token, {
      connections: 1,
      duration: 5,
    }),
  ];
  const plan = await explain(aetheriumDb, tenantId, query);
  console.log(`${path}: ${plan.matching} matching rows\n${plan.text}`);
  return { query, plan, loads };
}

function queryRows({ query, plan, loads }: QueryResult): string[] {
  const filter = `\`${decodeURIComponent(pathOf(query).replace('/api/v1/inventory/resources', ''))}\``;
  return loads.map((run, index) => {
    const target =
      run.via === 'gateway' && run.connections === CONNECTIONS ? (run.p99 < 50 ? ' ✓' : ' ✗') : '';
    const described =
      index === 0
        ? `${filter} (${plan.matching} rows match) | ${plan.summary}, ${plan.executionMs.toFixed(1)} ms`
        : ' | ';
    const how = run.rate ? `, constant ${run.rate} req/s` : '';
    return `| ${described} | ${run.via}, ${run.connections} conn.${how} | ${run.p50} | ${run.p99}${target} | ${run.rps} | ${run.errors} |`;
  });
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const account = benchAccount();
  console.log(
    `seeding moto account ${account.accountId} (${INSTANCES} instances, ${ECS_SERVICES} ECS services) and starting the platform`,
  );
  const [platform] = await Promise.all([
    startPlatform({
      env: { LOG_LEVEL: 'warn' },
      serviceEnv: {
        gateway: { RATE_LIMIT_TENANT_REQUESTS: '100000000' },
        'engine-core': {
          DISCOVERY_INTERVAL_MINUTES: '0',
          AWS_EC2_PAGE_SIZE: String(ENGINE.ec2PageSize),
          AWS_ECS_PAGE_SIZE: String(ENGINE.ecsPageSize),
          AWS_REGION_CONCURRENCY: String(ENGINE.concurrency),
          CPU_WINDOW_MINUTES: String(ENGINE.cpuWindowMinutes),
          CPU_PERIOD_SECONDS: String(ENGINE.cpuPeriodSeconds),
        },
      },
    }),
    seed(account),
  ]);
  try {
    // 1. Discovery: the floor, then the same listing through Codex, on the same moto state.
    let api = await signIn(platform.gatewayUrl);
    const accountId = await registerAccount(api, platform, account);
    console.log('floor: the same paged calls, straight to moto');
    const floorResult = await floor(account);
    console.log(JSON.stringify(floorResult));
    api = await signIn(platform.gatewayUrl);
    console.log('discovery through the gateway');
    const discovery = await discover(api, accountId);
    console.log(JSON.stringify(discovery));
    // moto's speed drifts (a shared, single-threaded server): the floor again, as a check.
    console.log('floor again, after the run');
    const floorAfter = await floor(account);
    console.log(JSON.stringify(floorAfter));
    const ratio = discovery.wallMs / floorResult.totalMs;
    const ratioAfter = discovery.wallMs / floorAfter.totalMs;
    console.log(
      `end to end ÷ floor: ${ratio.toFixed(2)} (÷ floor after: ${ratioAfter.toFixed(2)})`,
    );
    // For looking into discovery alone: no query part, and no result written.
    if (process.env.BENCH_DISCOVERY_ONLY === '1') return;

    // 2. Queries on 1,000,000 rows.
    const aetheriumDb = await databaseUrlOf(platform, 'aetherium');
    const tenantId = tenantOf(api.token);
    console.log(`loading ${INVENTORY_ROWS} inventory rows for tenant ${tenantId}`);
    // Only the generated spread: the discovered rows (all named bulk-…) would lead the name order.
    await withDatabase(aetheriumDb, (client) =>
      client.query('DELETE FROM inventory_resources WHERE tenant_id = $1', [tenantId]),
    );
    const loadMs = await loadInventory(aetheriumDb, tenantId);
    const rows = await withDatabase(aetheriumDb, async (client) => {
      const counted = await client.query<{ n: number; live: number }>(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE deleted_at IS NULL)::int AS live
           FROM inventory_resources WHERE tenant_id = $1`,
        [tenantId],
      );
      return counted.rows[0] ?? { n: 0, live: 0 };
    });
    console.log(`loaded in ${seconds(loadMs)} s; tenant has ${rows.n} rows (${rows.live} live)`);
    api = await signIn(platform.gatewayUrl);
    const urls = { gateway: platform.gatewayUrl, aetherium: platform.urlOf('aetherium') };
    const queries: QueryResult[] = [];
    for (const query of QUERIES) {
      queries.push(await measureQuery(query, api, urls, aetheriumDb, tenantId));
    }

    const { run } = discovery;
    await appendResult(
      'bench-discovery',
      [
        `Machine: ${machineDescription()}. Command: \`make bench-discovery\` (BENCH_INSTANCES=${INSTANCES}, BENCH_ECS_SERVICES=${ECS_SERVICES}, BENCH_INVENTORY_ROWS=${INVENTORY_ROWS}). moto, PostgreSQL, Kafka, the six services and the client share the machine.`,
        '',
        `**Discovery**: a fresh moto account seeded by \`tools/sandbox/aws/seed.py\` (${INSTANCES_PER_RESERVATION} instances per reservation over ${REGIONS.join(', ')}, ${discovery.summary.byType['ecs/cluster'] ?? 0} ECS clusters, one CPU datapoint per instance; seeding not timed), registered through the gateway. engine-core with AWS_EC2_PAGE_SIZE=${ENGINE.ec2PageSize}: moto counts reservations, so pages of ${ENGINE.ec2PageSize * INSTANCES_PER_RESERVATION} instances (the default, 1000, asks moto for a whole region in one answer, which outlasts engine-core's 30 s request timeout and fails the run; see the comment in the bench), AWS_ECS_PAGE_SIZE=${ENGINE.ecsPageSize}, AWS_REGION_CONCURRENCY=${ENGINE.concurrency}. The floor is a plain AWS SDK loop making the same calls with the same concurrency: DescribeInstances with the same filter and page size, ListClusters/DescribeClusters/ListServices/DescribeServices by ${DESCRIBE_SERVICES_LIMIT}, then GetMetricData by ${CPU_QUERIES_PER_CALL} queries per region, as engine-core does after the listings. It runs right before the run, and once more after it to show how much moto drifts.`,
        '',
        '| phase | floor before / after the run | Codex |',
        '|---|---|---|',
        `| listings: ${floorResult.ec2Pages} DescribeInstances pages (${floorResult.instances} instances), ${floorResult.ecsCalls} ECS calls | ${seconds(floorResult.listingMs)} / ${seconds(floorAfter.listingMs)} s | ${seconds(discovery.listedMs)} s (POST → all ${run.counts.discovered} resources published) |`,
        `| CPU: ${floorResult.cpuCalls} GetMetricData calls (${floorResult.cpuSamples} instances with a datapoint) | ${seconds(floorResult.cpuMs)} / ${seconds(floorAfter.cpuMs)} s | ${seconds(discovery.runDoneMs - discovery.listedMs)} s (→ run succeeded) |`,
        `| total | ${seconds(floorResult.totalMs)} / ${seconds(floorAfter.totalMs)} s | **${seconds(discovery.wallMs)} s**: \`POST /api/v1/compute/discovery-runs\` → run succeeded and \`GET /api/v1/inventory/summary\` shows ${INSTANCES} instances and ${ECS_SERVICES} services |`,
        `| end to end ÷ floor (target ≤ 1.5) | | **${ratio.toFixed(2)}** ${ratio <= 1.5 ? '✓' : '✗'} (÷ the floor after: ${ratioAfter.toFixed(2)}) |`,
        '',
        `The slowest DescribeInstances page of the floor took ${seconds(floorResult.slowestEc2PageMs)} / ${seconds(floorAfter.slowestEc2PageMs)} s, against engine-core's request timeout of 30 s (AWS_REQUEST_TIMEOUT_MS): an attempt that times out is retried while moto keeps working on the abandoned one. The run itself (startedAt → finishedAt): ${seconds(discovery.runMs)} s; counts: discovered ${run.counts.discovered}, metrics ${run.counts.metrics}, deleted ${run.counts.deleted}. Inventory complete ${seconds(discovery.inventoryMs)} s after the POST, ${seconds(discovery.inventoryMs - discovery.listedMs)} s after the last resource was published: ${discovery.summary.total} resources (${Object.entries(
          discovery.summary.byType,
        )
          .map(([type, count]) => `${type} ${count}`)
          .join(', ')}).`,
        '',
        `**Queries**: ${INVENTORY_ROWS} rows COPY-loaded into aetherium's \`inventory_resources\` for the bench tenant in place of the discovered ones (${rows.n} rows, ${rows.live} not deleted; 70 % AWS / 20 % GCP / 10 % Azure, 30 accounts, 11 regions, 11 types, env=production on 10 %, 8 teams; load and VACUUM ANALYZE ${seconds(loadMs)} s), then per query: autocannon with ${CONNECTIONS} connections for ${SECONDS} s straight to aetherium and through the gateway (closed loop: each connection sends again as soon as it is answered, so the machine is saturated); vegeta with the same ${CONNECTIONS} connections through the gateway at a constant ${PACED_FRACTION * 100} % of the gateway's saturated rate (open loop, evenly spaced); and 1 connection for 5 s through the gateway (latency without queueing); default sort (name). Target: p99 < 50 ms through the gateway at ${CONNECTIONS} connections. Plan: \`EXPLAIN (ANALYZE, BUFFERS)\` of the reader's statement after the runs.`,
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
