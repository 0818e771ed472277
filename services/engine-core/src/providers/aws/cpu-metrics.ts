import {
  CloudWatchClient,
  type MetricDataQuery,
  type MetricDataResult,
  paginateGetMetricData,
} from '@aws-sdk/client-cloudwatch';
import {
  type AwsAccountAccess,
  type AwsClientPool,
  awsUrns,
  toAwsProviderError,
} from '@codex/connectors';

import { chunks } from '../../compute/async-streams';
import type {
  CpuMetricsPort,
  CpuSample,
  DiscoveredResource,
  InstanceRef,
  MeasuredInstance,
} from '../../compute/ports';

/** GetMetricData accepts at most this many queries per call. */
const QUERIES_PER_CALL = 500;

export interface CpuMetricsSettings {
  windowMinutes: number;
  periodSeconds: number;
}

export const DEFAULT_CPU_METRICS_SETTINGS: CpuMetricsSettings = {
  windowMinutes: 30,
  periodSeconds: 300,
};

export interface Datapoint {
  timestamp: Date;
  value: number;
}

/** Average CPUUtilization of EC2 instances from CloudWatch, the latest datapoint of each. */
export class AwsCpuMetrics implements CpuMetricsPort<AwsAccountAccess> {
  constructor(
    private readonly clients: AwsClientPool,
    private readonly settings: CpuMetricsSettings = DEFAULT_CPU_METRICS_SETTINGS,
    private readonly now: () => Date = () => new Date(),
  ) {}

  measuredInstance(resource: DiscoveredResource): MeasuredInstance | undefined {
    const address = resource.provider === 'aws' ? awsUrns.parse(resource.urn) : undefined;
    if (address?.resourceType !== 'ec2/instance') return undefined;
    return {
      region: address.region,
      instanceId: address.resourceId,
      urn: resource.urn,
      source: 'aws.cloudwatch',
    };
  }

  async latestCpu(
    access: AwsAccountAccess,
    instances: readonly InstanceRef[],
  ): Promise<CpuSample[]> {
    const idsByRegion = new Map<string, Set<string>>();
    for (const { region, instanceId } of instances) {
      idsByRegion.set(region, (idsByRegion.get(region) ?? new Set()).add(instanceId));
    }
    try {
      const perRegion = await Promise.all(
        [...idsByRegion].map(([region, ids]) => this.latestInRegion(access, region, [...ids])),
      );
      return perRegion.flat();
    } catch (error) {
      throw toAwsProviderError(error);
    }
  }

  private async latestInRegion(
    access: AwsAccountAccess,
    region: string,
    instanceIds: string[],
  ): Promise<CpuSample[]> {
    const client = this.clients.client(CloudWatchClient, access, region);
    const endTime = this.now();
    const startTime = new Date(endTime.getTime() - this.settings.windowMinutes * 60_000);
    const samples: CpuSample[] = [];
    for (const batch of chunks(instanceIds, QUERIES_PER_CALL)) {
      const pages = paginateGetMetricData(
        { client },
        {
          StartTime: startTime,
          EndTime: endTime,
          ScanBy: 'TimestampDescending',
          MetricDataQueries: batch.map((instanceId, index) =>
            cpuQuery(`cpu${index}`, instanceId, this.settings.periodSeconds),
          ),
        },
      );
      const latest = new Map<string, Datapoint>();
      for await (const page of pages) {
        mergeLatest(latest, page.MetricDataResults ?? []);
      }
      batch.forEach((instanceId, index) => {
        const point = latest.get(`cpu${index}`);
        if (point) {
          samples.push({
            instanceId,
            region,
            timestamp: point.timestamp,
            averagePercent: point.value,
          });
        }
      });
    }
    return samples;
  }
}

function cpuQuery(id: string, instanceId: string, periodSeconds: number): MetricDataQuery {
  return {
    Id: id,
    ReturnData: true,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/EC2',
        MetricName: 'CPUUtilization',
        Dimensions: [{ Name: 'InstanceId', Value: instanceId }],
      },
      Period: periodSeconds,
      Stat: 'Average',
    },
  };
}

/** Keeps, per query id, the newest datapoint seen so far; a query's points may span pages. */
export function mergeLatest(latest: Map<string, Datapoint>, results: MetricDataResult[]): void {
  for (const { Id: id, Timestamps: timestamps = [], Values: values = [] } of results) {
    if (!id) continue;
    timestamps.forEach((timestamp, index) => {
      const value = values[index];
      const known = latest.get(id);
      if (value !== undefined && (!known || timestamp > known.timestamp)) {
        latest.set(id, { timestamp, value });
      }
    });
  }
}
