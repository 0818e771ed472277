import { MonitorClient, type Response as MetricsResponse } from '@azure/arm-monitor';
import {
  type AzureAccountAccess,
  type AzureClientPool,
  azureUrns,
  ProviderError,
  splitAzureResourceKey,
  toAzureProviderError,
} from '@codex/connectors';

import { mapWithLimit } from '../../compute/async-streams';
import type {
  CpuMetricsPort,
  CpuSample,
  DiscoveredResource,
  InstanceRef,
  MeasuredInstance,
} from '../../compute/ports';

export const AZURE_CPU_METRIC = 'Percentage CPU';

/** Azure Monitor's time grains, in seconds, as ISO 8601 durations. */
const TIME_GRAINS = new Map<number, string>([
  [60, 'PT1M'],
  [300, 'PT5M'],
  [900, 'PT15M'],
  [1800, 'PT30M'],
  [3600, 'PT1H'],
  [21_600, 'PT6H'],
  [43_200, 'PT12H'],
  [86_400, 'P1D'],
]);

export interface AzureCpuMetricsSettings {
  /** How far back the latest datapoint is looked for. */
  windowMinutes: number;
  /** The interval of the averages: one of Azure Monitor's time grains (60, 300, 900, 1800, 3600 s …). */
  periodSeconds: number;
  /** Metrics requests of one subscription in flight at the same time. */
  concurrency: number;
}

export const DEFAULT_AZURE_CPU_METRICS_SETTINGS: AzureCpuMetricsSettings = {
  windowMinutes: 30,
  periodSeconds: 300,
  concurrency: 8,
};

/**
 * Average `Percentage CPU` of virtual machines from Azure Monitor, the latest datapoint of
 * each, one metrics request per VM (Monitor answers one resource per request), at most
 * `concurrency` at a time. An InstanceRef is the VM's location and its URN resource id,
 * `<resource group>/<name>` in lower case (Resource Manager ignores case), so the VM's
 * resource id is built from the subscription of the access. A VM deleted since it was
 * discovered has no sample; any other failure fails the whole call.
 */
export class AzureCpuMetrics implements CpuMetricsPort<AzureAccountAccess> {
  private readonly interval: string;

  constructor(
    private readonly clients: AzureClientPool,
    private readonly settings: AzureCpuMetricsSettings = DEFAULT_AZURE_CPU_METRICS_SETTINGS,
    private readonly now: () => Date = () => new Date(),
  ) {
    const grain = TIME_GRAINS.get(settings.periodSeconds);
    if (!grain) {
      throw new Error(
        `Azure Monitor has no ${settings.periodSeconds} s time grain; use one of ${[...TIME_GRAINS.keys()].join(', ')}`,
      );
    }
    this.interval = grain;
  }

  measuredInstance(resource: DiscoveredResource): MeasuredInstance | undefined {
    const address = resource.provider === 'azure' ? azureUrns.parse(resource.urn) : undefined;
    if (address?.resourceType !== 'compute/virtualMachine') return undefined;
    return {
      region: address.region,
      instanceId: address.resourceId,
      urn: resource.urn,
      source: 'azure.monitor',
    };
  }

  async latestCpu(
    access: AzureAccountAccess,
    instances: readonly InstanceRef[],
  ): Promise<CpuSample[]> {
    const unique = [
      ...new Map(instances.map((ref) => [`${ref.region}/${ref.instanceId}`, ref])).values(),
    ];
    if (unique.length === 0) return [];
    const end = this.now();
    const start = new Date(end.getTime() - this.settings.windowMinutes * 60_000);
    const timespan = `${start.toISOString()}/${end.toISOString()}`;
    const monitor = this.clients.client(
      'monitor',
      access,
      (credential, options) => new MonitorClient(credential, access.accountId, options),
    );
    try {
      const samples = await mapWithLimit(unique, this.settings.concurrency, async (ref) => {
        const response = await this.read(monitor, vmResourceId(access.accountId, ref), timespan);
        const latest = response && latestAverage(response);
        return latest ? [{ ...ref, ...latest }] : [];
      });
      return samples.flat();
    } catch (error) {
      throw toAzureProviderError(error);
    }
  }

  private async read(
    monitor: MonitorClient,
    resourceUri: string,
    timespan: string,
  ): Promise<MetricsResponse | undefined> {
    try {
      return await monitor.metrics.list(resourceUri, {
        metricnames: AZURE_CPU_METRIC,
        timespan,
        interval: this.interval,
        aggregation: 'Average',
      });
    } catch (error) {
      if (toAzureProviderError(error).code === 'not_found') return undefined;
      throw error;
    }
  }
}

/** The Resource Manager id of a VM of the subscription from its `<group>/<name>` key. */
export function vmResourceId(subscriptionId: string, ref: InstanceRef): string {
  const key = splitAzureResourceKey(ref.instanceId);
  if (!key) {
    throw new ProviderError('invalid', `${ref.instanceId} is not <resource group>/<vm name>`, {
      provider: 'azure',
      providerCode: 'InvalidResourceId',
    });
  }
  return `/subscriptions/${subscriptionId}/resourceGroups/${key.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${key.name}`;
}

/** The newest datapoint that has an average, across the response's time series. */
export function latestAverage(
  response: Pick<MetricsResponse, 'value'>,
): { timestamp: Date; averagePercent: number } | undefined {
  let latest: { timestamp: Date; averagePercent: number } | undefined;
  for (const metric of response.value) {
    for (const series of metric.timeseries ?? []) {
      for (const point of series.data ?? []) {
        if (point.average === undefined || point.average === null) continue;
        const timestamp = new Date(point.timeStamp);
        if (!latest || timestamp > latest.timestamp) {
          latest = { timestamp, averagePercent: point.average };
        }
      }
    }
  }
  return latest;
}
