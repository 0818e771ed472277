import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { from as copyFrom } from 'pg-copy-streams';

import { seededRandom } from './seeded-random';
import { withDatabase } from './service-database';

/* A generated inventory (1,000,000 rows by default), loaded with COPY. */

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
  const next = seededRandom(provider.length * 7919);
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
  const next = seededRandom(42);
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

/** COPY-loads `count` generated rows for the tenant, then vacuums; answers the time it took. */
export async function loadInventory(
  databaseUrl: string,
  tenantId: string,
  count: number,
): Promise<number> {
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
          for (const row of inventoryRows(tenantId, count)) {
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
