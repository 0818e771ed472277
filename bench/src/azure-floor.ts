import { performance } from 'node:perf_hooks';

import { ComputeManagementClient, type VirtualMachine } from '@azure/arm-compute';
import { MonitorClient } from '@azure/arm-monitor';
import { ClientSecretCredential } from '@azure/identity';
import { AZURE_SANDBOX } from '@codex/testing';

/* The floor: the calls engine-core's Azure adapter makes, straight from the SDKs, and nothing else. */

/** engine-core's settings, given to it explicitly so the floor does exactly what the run does. */
export const AZURE_ENGINE = {
  cpuConcurrency: Number(process.env.AZURE_CPU_CONCURRENCY ?? 8),
  cpuWindowMinutes: Number(process.env.CPU_WINDOW_MINUTES ?? 30),
  cpuPeriodSeconds: 300,
};

export interface AzureFloor {
  listingMs: number;
  cpuMs: number;
  totalMs: number;
  vms: number;
  scaleSets: number;
  listPages: number;
  cpuCalls: number;
  cpuSamples: number;
}

async function collectPages<T>(
  pages: AsyncIterableIterator<T[]>,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let count = 0;
  for await (const page of pages) {
    items.push(...page);
    count += 1;
  }
  return { items, pages: count };
}

async function mapWithLimit<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * One subscription as engine-core reads it: the VM listing (`statusOnly`, paged) and the
 * scale-set listing at the same time, then `Percentage CPU` of every running VM, one metrics
 * request per VM, `cpuConcurrency` at a time.
 */
async function floorOfSubscription(sandboxUrl: string, subscriptionId: string) {
  const credential = new ClientSecretCredential(
    AZURE_SANDBOX.tenantId,
    AZURE_SANDBOX.clientId,
    AZURE_SANDBOX.clientSecret,
    { authorityHost: sandboxUrl, disableInstanceDiscovery: true },
  );
  const compute = new ComputeManagementClient(credential, subscriptionId, { endpoint: sandboxUrl });
  const monitor = new MonitorClient(credential, subscriptionId, { endpoint: sandboxUrl });
  const started = performance.now();
  const [vms, scaleSets] = await Promise.all([
    collectPages(compute.virtualMachines.listAll({ statusOnly: 'true' }).byPage()),
    collectPages(compute.virtualMachineScaleSets.listAll().byPage()),
  ]);
  const listedAt = performance.now();
  const running = vms.items.filter(isRunning);
  const end = new Date();
  const start = new Date(end.getTime() - AZURE_ENGINE.cpuWindowMinutes * 60_000);
  let samples = 0;
  await mapWithLimit(running, AZURE_ENGINE.cpuConcurrency, async (vm) => {
    const response = await monitor.metrics.list(vm.id ?? '', {
      metricnames: 'Percentage CPU',
      timespan: `${start.toISOString()}/${end.toISOString()}`,
      interval: 'PT5M',
      aggregation: 'Average',
    });
    const points = response.value.flatMap((metric) =>
      (metric.timeseries ?? []).flatMap((series) => series.data ?? []),
    );
    if (points.some((point) => point.average !== undefined)) samples += 1;
  });
  return {
    listingMs: listedAt - started,
    cpuMs: performance.now() - listedAt,
    vms: vms.items.length,
    scaleSets: scaleSets.items.length,
    listPages: vms.pages + scaleSets.pages,
    cpuCalls: running.length,
    cpuSamples: samples,
  };
}

function isRunning(vm: VirtualMachine): boolean {
  return (vm.instanceView?.statuses ?? []).some((status) => status.code === 'PowerState/running');
}

/** Both subscriptions at the same time, as two discovery runs started together are. */
export async function azureFloor(sandboxUrl: string): Promise<AzureFloor> {
  const started = performance.now();
  const parts = await Promise.all(
    AZURE_SANDBOX.subscriptions.map((subscription) =>
      floorOfSubscription(sandboxUrl, subscription),
    ),
  );
  const sum = (pick: (part: (typeof parts)[number]) => number) =>
    parts.reduce((total, part) => total + pick(part), 0);
  return {
    listingMs: Math.max(...parts.map((part) => part.listingMs)),
    cpuMs: Math.max(...parts.map((part) => part.cpuMs)),
    totalMs: performance.now() - started,
    vms: sum((part) => part.vms),
    scaleSets: sum((part) => part.scaleSets),
    listPages: sum((part) => part.listPages),
    cpuCalls: sum((part) => part.cpuCalls),
    cpuSamples: sum((part) => part.cpuSamples),
  };
}
