import type { DiscoveryRunView } from './api/discovery-run.schemas';
import type { DiscoveryRun } from './discovery-run.entity';

export function discoveryRunView(run: DiscoveryRun): DiscoveryRunView {
  return {
    id: run.id,
    accountId: run.accountId,
    trigger: run.trigger,
    status: run.status,
    requestedBy: run.requestedBy,
    counts: {
      discovered: run.discoveredCount,
      deleted: run.deletedCount,
      metrics: run.metricsCount,
    },
    progress: Object.values(run.progress).sort(
      (a, b) => a.region.localeCompare(b.region) || a.resourceType.localeCompare(b.resourceType),
    ),
    error: run.errorCode === null ? null : { code: run.errorCode, message: run.errorMessage ?? '' },
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}
