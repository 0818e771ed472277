import type { DiscoveryRun } from './discovery-run.entity';
import { discoveryRunView } from './discovery-run-view';

describe('the view of a discovery run', () => {
  const run: DiscoveryRun = {
    id: '0193a1b2-0000-7000-8000-000000000001',
    tenantId: 'tenant-a',
    accountId: '0193a1b2-0000-7000-8000-000000000002',
    trigger: 'manual',
    status: 'failed',
    requestedBy: 'user@tenant-a',
    discoveredCount: 12,
    deletedCount: 0,
    metricsCount: 3,
    progress: {
      'us-east-1/ec2/instance': {
        region: 'us-east-1',
        resourceType: 'ec2/instance',
        pages: 1,
        resources: 2,
      },
      'eu-west-1/ecs/service': {
        region: 'eu-west-1',
        resourceType: 'ecs/service',
        pages: 2,
        resources: 4,
      },
      'eu-west-1/ec2/instance': {
        region: 'eu-west-1',
        resourceType: 'ec2/instance',
        pages: 3,
        resources: 6,
      },
    },
    errorCode: 'UnauthorizedOperation',
    errorMessage: 'You are not authorized to perform this operation.',
    claimToken: '0193a1b2-0000-7000-8000-000000000003',
    heartbeatAt: new Date('2026-11-22T10:00:05Z'),
    createdAt: new Date('2026-11-22T10:00:00Z'),
    startedAt: new Date('2026-11-22T10:00:01Z'),
    finishedAt: new Date('2026-11-22T10:00:06Z'),
  };

  it("lists progress by region and type, and carries the provider's error, never the claim", () => {
    const view = discoveryRunView(run);

    expect(view.progress.map((step) => `${step.region}/${step.resourceType}`)).toEqual([
      'eu-west-1/ec2/instance',
      'eu-west-1/ecs/service',
      'us-east-1/ec2/instance',
    ]);
    expect(view.error).toEqual({
      code: 'UnauthorizedOperation',
      message: 'You are not authorized to perform this operation.',
    });
    expect(view.counts).toEqual({ discovered: 12, deleted: 0, metrics: 3 });
    expect(view).not.toHaveProperty('claimToken');
    expect(view.finishedAt).toBe('2026-11-22T10:00:06.000Z');
  });
});
