import { performance } from 'node:perf_hooks';

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
import { localInfra } from '@codex/testing';

import { type AwsAccess, REGIONS } from './moto-estate';

/* The floor: the same paged calls engine-core makes, answered by moto, and nothing else. */

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
export const ENGINE = {
  ec2PageSize: Number(process.env.AWS_EC2_PAGE_SIZE ?? MOTO_EC2_PAGE_SIZE),
  ecsPageSize: Number(process.env.AWS_ECS_PAGE_SIZE ?? 100),
  concurrency: Number(process.env.AWS_REGION_CONCURRENCY ?? 4),
  cpuWindowMinutes: Number(process.env.CPU_WINDOW_MINUTES ?? 30),
  cpuPeriodSeconds: Number(process.env.CPU_PERIOD_SECONDS ?? 300),
};
/** Fixed in engine-core's code: ecs-discovery.ts and cpu-metrics.ts. */
const DESCRIBE_CLUSTERS_LIMIT = 100;
export const DESCRIBE_SERVICES_LIMIT = 10;
export const CPU_QUERIES_PER_CALL = 500;
/** ec2-instance-discovery.ts: every state but terminated. */
const LIVE_STATES = ['pending', 'running', 'shutting-down', 'stopping', 'stopped'];

export interface Floor {
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

export async function floor(account: AwsAccess): Promise<Floor> {
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
