import { startPlatform } from '@codex/testing';

import { machineDescription } from './bench-machine';
import { appendResult } from './benchmarks-doc';
import { discover, registerAccount } from './discovery-run';
import { seconds } from './durations';
import { signIn } from './gateway-client';
import {
  benchAccount,
  ECS_SERVICES,
  INSTANCES,
  INSTANCES_PER_RESERVATION,
  REGIONS,
  seed,
} from './moto-estate';
import { CPU_QUERIES_PER_CALL, DESCRIBE_SERVICES_LIMIT, ENGINE, floor } from './moto-floor';

/*
 * Discovery of a seeded moto estate through the platform, against moto's own floor: the same
 * paged calls made straight to moto.
 */

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
    // The floor, then the same listing through Codex, on the same moto state.
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
    const { run } = discovery;
    await appendResult(
      'bench-discovery',
      [
        `Machine: ${machineDescription()}. Command: \`make bench-discovery\` (BENCH_INSTANCES=${INSTANCES}, BENCH_ECS_SERVICES=${ECS_SERVICES}). moto, PostgreSQL, Kafka, the six services and the client share the machine.`,
        '',
        `**Discovery**: a fresh moto account seeded by \`tools/sandbox/aws/seed.py\` (${INSTANCES_PER_RESERVATION} instances per reservation over ${REGIONS.join(', ')}, ${discovery.summary.byType['ecs/cluster'] ?? 0} ECS clusters, one CPU datapoint per instance; seeding not timed), registered through the gateway. engine-core with AWS_EC2_PAGE_SIZE=${ENGINE.ec2PageSize}: moto counts reservations, so pages of ${ENGINE.ec2PageSize * INSTANCES_PER_RESERVATION} instances (the default, 1000, asks moto for a whole region in one answer, which outlasts engine-core's 30 s request timeout and fails the run; see the comment in the bench), AWS_ECS_PAGE_SIZE=${ENGINE.ecsPageSize}, AWS_REGION_CONCURRENCY=${ENGINE.concurrency}. The floor is a plain AWS SDK loop making the same calls with the same concurrency: DescribeInstances with the same filter and page size, ListClusters/DescribeClusters/ListServices/DescribeServices by ${DESCRIBE_SERVICES_LIMIT}, then GetMetricData by ${CPU_QUERIES_PER_CALL} queries per region, as engine-core does after the listings. It runs right before the run, and once more after it to show how much moto drifts.`,
        '',
        '| phase | floor before / after the run | Codex |',
        '|---|---|---|',
        `| listings: ${floorResult.ec2Pages} DescribeInstances pages (${floorResult.instances} instances), ${floorResult.ecsCalls} ECS calls | ${seconds(floorResult.listingMs)} / ${seconds(floorAfter.listingMs)} s | ${seconds(discovery.listedMs)} s (POST → all ${run.counts.discovered} resources published) |`,
        `| CPU: ${floorResult.cpuCalls} GetMetricData calls (${floorResult.cpuSamples} instances with a datapoint) | ${seconds(floorResult.cpuMs)} / ${seconds(floorAfter.cpuMs)} s | ${seconds(discovery.runDoneMs - discovery.listedMs)} s (→ run succeeded) |`,
        `| total | ${seconds(floorResult.totalMs)} / ${seconds(floorAfter.totalMs)} s | **${seconds(discovery.wallMs)} s**: \`POST /api/v1/compute/discovery-runs\` → run succeeded and \`GET /api/v1/inventory/summary\` shows ${INSTANCES} instances and ${ECS_SERVICES} services |`,
        `| end to end ÷ floor (target ≤ 1.1) | | **${ratio.toFixed(2)}** ${ratio <= 1.1 ? '✓' : '✗'} (÷ the floor after: ${ratioAfter.toFixed(2)}) |`,
        '',
        `The slowest DescribeInstances page of the floor took ${seconds(floorResult.slowestEc2PageMs)} / ${seconds(floorAfter.slowestEc2PageMs)} s, against engine-core's request timeout of 30 s (AWS_REQUEST_TIMEOUT_MS): an attempt that times out is retried while moto keeps working on the abandoned one. The run itself (startedAt → finishedAt): ${seconds(discovery.runMs)} s; counts: discovered ${run.counts.discovered}, metrics ${run.counts.metrics}, deleted ${run.counts.deleted}. Inventory complete ${seconds(discovery.inventoryMs)} s after the POST, ${seconds(discovery.inventoryMs - discovery.listedMs)} s after the last resource was published: ${discovery.summary.total} resources (${Object.entries(
          discovery.summary.byType,
        )
          .map(([type, count]) => `${type} ${count}`)
          .join(', ')}).`,
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
