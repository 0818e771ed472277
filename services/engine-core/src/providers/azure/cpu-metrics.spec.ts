import { AccountBreakers, AzureClientPool } from '@codex/connectors';

import type { DiscoveredResource } from '../../compute/ports';
import { AzureCpuMetrics, latestAverage, vmResourceId } from './cpu-metrics';

const SUBSCRIPTION = '11111111-0000-4000-8000-000000000001';

function resource(resourceType: string, urn: string): DiscoveredResource {
  return {
    urn,
    provider: 'azure',
    accountId: SUBSCRIPTION,
    region: 'westeurope',
    resourceType,
    name: 'x',
    tags: {},
    state: 'running',
    attributes: {},
  };
}

describe('Azure CPU metrics', () => {
  const breakers = new AccountBreakers();
  const clients = new AzureClientPool(breakers);
  afterAll(() => {
    clients.destroy();
    breakers.shutdown();
  });

  it('measures a VM by its location and group/name, from Azure Monitor', () => {
    const urn = `codex:azure:${SUBSCRIPTION}:westeurope:compute/virtualMachine/rg-web-prod/vm-web-01`;

    expect(
      new AzureCpuMetrics(clients).measuredInstance(resource('compute/virtualMachine', urn)),
    ).toEqual({
      region: 'westeurope',
      instanceId: 'rg-web-prod/vm-web-01',
      urn,
      source: 'azure.monitor',
    });
  });

  it('does not measure scale sets or resources of other providers', () => {
    const metrics = new AzureCpuMetrics(clients);
    const vmss = `codex:azure:${SUBSCRIPTION}:westeurope:compute/virtualMachineScaleSet/rg-web-prod/vmss-web-prod`;

    expect(
      metrics.measuredInstance(resource('compute/virtualMachineScaleSet', vmss)),
    ).toBeUndefined();
    expect(
      metrics.measuredInstance({
        ...resource('ec2/instance', 'codex:aws:123456789012:eu-west-1:ec2/instance/i-1'),
        provider: 'aws',
      }),
    ).toBeUndefined();
  });

  it("builds the VM's Resource Manager id from the subscription and group/name", () => {
    expect(
      vmResourceId(SUBSCRIPTION, { region: 'westeurope', instanceId: 'rg-web-prod/vm-web-01' }),
    ).toBe(
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-web-prod/providers/Microsoft.Compute/virtualMachines/vm-web-01`,
    );
    expect(() => vmResourceId(SUBSCRIPTION, { region: 'westeurope', instanceId: 'vm' })).toThrow(
      expect.objectContaining({ code: 'invalid' }) as Error,
    );
  });

  it('takes the newest datapoint that has an average', () => {
    const point = (at: string, average?: number) => ({
      timeStamp: new Date(at),
      ...(average === undefined ? {} : { average }),
    });

    expect(
      latestAverage({
        value: [
          {
            id: 'cpu',
            type: 'Microsoft.Insights/metrics',
            name: { value: 'Percentage CPU' },
            unit: 'Percent',
            timeseries: [
              {
                data: [
                  point('2026-11-30T10:00:00Z', 12.5),
                  point('2026-11-30T10:05:00Z', 40),
                  point('2026-11-30T10:10:00Z'),
                ],
              },
            ],
          },
        ],
      }),
    ).toEqual({ timestamp: new Date('2026-11-30T10:05:00Z'), averagePercent: 40 });
    expect(latestAverage({ value: [] })).toBeUndefined();
  });

  it("refuses a period that is not one of Azure Monitor's time grains", () => {
    expect(
      () => new AzureCpuMetrics(clients, { windowMinutes: 30, periodSeconds: 120, concurrency: 1 }),
    ).toThrow(/time grain/);
  });
});
