import { AccountBreakers, AwsClientPool } from '@codex/connectors';
import { startThrottlingProxy } from '@codex/testing';

import { AwsCpuMetrics } from './cpu-metrics';
import { freshMotoAccount, MOTO_CLIENT_SETTINGS, MotoEstate } from './moto-estate.fixture';

const minutesAgo = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000);

describe('AwsCpuMetrics against moto', () => {
  let breakers: AccountBreakers;
  let clients: AwsClientPool;
  let estate: MotoEstate | undefined;

  beforeEach(() => {
    breakers = new AccountBreakers();
    clients = new AwsClientPool(breakers, MOTO_CLIENT_SETTINGS);
  });

  afterEach(() => {
    estate?.destroy();
    clients.destroy();
    breakers.shutdown();
  });

  it('reads the latest average CPU of each instance, in each region', async () => {
    const access = freshMotoAccount(['eu-west-1', 'us-east-1']);
    estate = new MotoEstate(access);
    const now = new Date();
    await estate.putCpu('eu-west-1', 'i-0aaa', [
      { at: minutesAgo(now, 20), percent: 30 },
      { at: minutesAgo(now, 2), percent: 62.5 },
      { at: minutesAgo(now, 10), percent: 45 },
    ]);
    await estate.putCpu('us-east-1', 'i-0bbb', [{ at: minutesAgo(now, 4), percent: 7 }]);

    const samples = await new AwsCpuMetrics(clients).latestCpu(access, [
      { region: 'eu-west-1', instanceId: 'i-0aaa' },
      { region: 'us-east-1', instanceId: 'i-0bbb' },
      { region: 'us-east-1', instanceId: 'i-0ccc' },
    ]);

    const byInstance = samples.sort((a, b) => a.instanceId.localeCompare(b.instanceId));
    expect(byInstance.map(({ timestamp: _, ...sample }) => sample)).toEqual([
      { instanceId: 'i-0aaa', region: 'eu-west-1', averagePercent: 62.5 },
      { instanceId: 'i-0bbb', region: 'us-east-1', averagePercent: 7 },
    ]);
    // CloudWatch stamps an average with the start of its 5-minute period.
    expect(samples[0]?.timestamp.getTime()).toBeGreaterThan(minutesAgo(now, 6).getTime());
  });

  it('ignores datapoints older than the window', async () => {
    const access = freshMotoAccount(['eu-west-1']);
    estate = new MotoEstate(access);
    await estate.putCpu('eu-west-1', 'i-0old', [{ at: minutesAgo(new Date(), 90), percent: 99 }]);

    const samples = await new AwsCpuMetrics(clients, {
      windowMinutes: 30,
      periodSeconds: 300,
    }).latestCpu(access, [{ region: 'eu-west-1', instanceId: 'i-0old' }]);

    expect(samples).toEqual([]);
  });

  it('asks for more instances than one call allows in several calls', async () => {
    const access = freshMotoAccount(['ap-southeast-2']);
    estate = new MotoEstate(access);
    const instanceIds = Array.from(
      { length: 501 },
      (_, index) => `i-${index.toString(16).padStart(17, '0')}`,
    );
    const last = instanceIds.at(-1) ?? '';
    await estate.putCpu('ap-southeast-2', last, [{ at: minutesAgo(new Date(), 1), percent: 12 }]);

    const proxy = await startThrottlingProxy(access.endpoint ?? '');
    try {
      const samples = await new AwsCpuMetrics(clients).latestCpu(
        { ...access, endpoint: proxy.url },
        instanceIds.map((instanceId) => ({ region: 'ap-southeast-2', instanceId })),
      );

      expect(samples).toEqual([expect.objectContaining({ instanceId: last, averagePercent: 12 })]);
      expect(proxy.counts().byService.monitoring).toBe(2);
    } finally {
      await proxy.close();
    }
  });
});
