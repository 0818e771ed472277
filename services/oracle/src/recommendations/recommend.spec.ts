import { recommend, type ResourceFacts } from './recommend';
import { DEFAULT_RULE_SETTINGS } from './rules/rule-settings';

const DAY_MS = 86_400_000;
const end = new Date('2026-11-30T00:00:00Z');

/** 14 days of hourly samples: mostly `base`, with a busy hour every day at `peak`. */
function cpu(base: number, peak = base) {
  const values = Array.from({ length: 14 * 24 }, (_, hour) => (hour % 24 === 12 ? peak : base));
  return { values, firstAt: new Date(end.getTime() - 14 * DAY_MS), lastAt: end };
}

const instance = (
  instanceType: string,
  values: ReturnType<typeof cpu>,
  tags = {},
): ResourceFacts => ({
  urn: 'codex:aws:123456789012:us-east-1:ec2/instance/i-1',
  provider: 'aws',
  region: 'us-east-1',
  resourceType: 'ec2/instance',
  state: 'running',
  tags,
  attributes: { instanceType },
  cpu: values,
  dailyCost: undefined,
});

describe('recommend', () => {
  it('sizes an m5.2xlarge at 12 % p95 down to m5.large, saving the list-price difference over 730 h', () => {
    const [found] = recommend(instance('m5.2xlarge', cpu(12, 14)), DEFAULT_RULE_SETTINGS);
    expect(found).toMatchObject({
      kind: 'rightsizing',
      monthlySaving: 210.24,
      currency: 'USD',
      action: { type: 'resize', params: { instanceType: 'm5.large' } },
      evidence: { p95Percent: 12, projectedP95Percent: 48, samples: 336, windowDays: 14 },
      risk: { level: 'medium' },
    });
  });

  it('keeps headroom: at 20 % p95 an m5.2xlarge goes to m5.xlarge, not m5.large', () => {
    const [found] = recommend(instance('m5.2xlarge', cpu(20)), DEFAULT_RULE_SETTINGS);
    expect(found?.action?.params).toEqual({ instanceType: 'm5.xlarge' });
    expect(found?.monthlySaving).toBe(140.16);
    expect(found?.risk.level).toBe('low');
  });

  it('does not shrink memory faster than vCPUs: a t3.large stays, though t3.medium has 2 vCPUs too', () => {
    expect(recommend(instance('t3.large', cpu(10)), DEFAULT_RULE_SETTINGS)).toEqual([]);
  });

  it('says nothing for a busy instance, an unpriced size, or too few samples', () => {
    expect(recommend(instance('m5.large', cpu(70)), DEFAULT_RULE_SETTINGS)).toEqual([]);
    expect(recommend(instance('x9.huge', cpu(10)), DEFAULT_RULE_SETTINGS)).toEqual([]);
    const few = { values: [10, 10, 10], firstAt: end, lastAt: end };
    expect(recommend(instance('m5.2xlarge', few), DEFAULT_RULE_SETTINGS)).toEqual([]);
  });

  it('an idle instance is stopped, with the nights-and-weekends schedule priced beside it', () => {
    const [found] = recommend(instance('m5.xlarge', cpu(1, 3)), DEFAULT_RULE_SETTINGS);
    expect(found).toMatchObject({
      kind: 'idle',
      monthlySaving: 140.16,
      action: { type: 'stop', params: {} },
      evidence: { stopSchedule: { offHoursPerWeek: 108, monthlySaving: 90.1 } },
    });
  });

  it('a production idle instance is high risk to stop', () => {
    const [found] = recommend(
      instance('m5.xlarge', cpu(1, 3), { env: 'production' }),
      DEFAULT_RULE_SETTINGS,
    );
    expect(found?.risk.level).toBe('high');
  });

  it('sizes an Azure D8s_v5 at 10 % p95 to D2s_v5 from the Azure list prices', () => {
    const [found] = recommend(
      {
        ...instance('', cpu(10)),
        urn: 'codex:azure:sub:eastus:compute/virtualMachine/rg/vm',
        provider: 'azure',
        region: 'eastus',
        resourceType: 'compute/virtualMachine',
        attributes: { vmSize: 'Standard_D8s_v5' },
      },
      DEFAULT_RULE_SETTINGS,
    );
    expect(found?.action).toEqual({ type: 'resize', params: { vmSize: 'Standard_D2s_v5' } });
    expect(found?.monthlySaving).toBe(210.24);
  });

  it('an ECS service of 6 tasks at 15 % p95 needs 2 at 60 %: 4 tasks of its billed cost saved', () => {
    const [found] = recommend(
      {
        ...instance('', cpu(15)),
        resourceType: 'ecs/service',
        attributes: { desiredCount: 6 },
        dailyCost: { amount: 12, currency: 'USD' },
      },
      DEFAULT_RULE_SETTINGS,
    );
    expect(found).toMatchObject({
      kind: 'ecs_desired_count',
      action: { type: 'scale', params: { desiredCount: 2 } },
      monthlySaving: 243.2,
    });
  });

  it('a production scale set keeps two instances, priced from its SKU', () => {
    const [found] = recommend(
      {
        ...instance('', cpu(5, 8), { env: 'production' }),
        provider: 'azure',
        region: 'eastus',
        resourceType: 'compute/virtualMachineScaleSet',
        attributes: { capacity: 5, sku: 'Standard_D2s_v5' },
      },
      DEFAULT_RULE_SETTINGS,
    );
    expect(found).toMatchObject({
      kind: 'scale_set_capacity',
      action: { type: 'scale', params: { capacity: 2 } },
      monthlySaving: 210.24,
    });
  });

  it("turns great-library's tiering figures into change_class recommendations, one per prefix", () => {
    const figure = {
      prefix: 'logs/',
      fromClass: 'STANDARD',
      toClass: 'STANDARD_IA',
      objects: 1200,
      bytes: 5e11,
      monthlySaving: 4.567,
      oneOffTransitionCost: 0.012,
      paybackMonths: 0.1,
      minimumDurationDays: 30,
    };
    const found = recommend(
      {
        ...instance('', cpu(1)),
        resourceType: 's3/bucket',
        attributes: {
          tieringRecommendations: [figure, { ...figure, prefix: 'old/', monthlySaving: 0 }],
        },
      },
      DEFAULT_RULE_SETTINGS,
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      kind: 'storage_tiering',
      subjectKey: 'storage_tiering:logs/:STANDARD',
      monthlySaving: 4.57,
      risk: { level: 'low' },
      action: {
        type: 'change_class',
        params: {
          prefix: 'logs/',
          fromClass: 'STANDARD',
          storageClass: 'STANDARD_IA',
          maxObjects: 1200,
        },
      },
    });
  });
});
