import { azureVmHourlyListPrice } from '@codex/contracts';

import { azureVmSizes, type ComputeSize, ec2Sizes } from './compute-sizes';
import type { FoundRecommendation } from './recommendation';
import { fewerReplicas } from './rules/fewer-replicas';
import { idle } from './rules/idle';
import { rightsizing } from './rules/rightsizing';
import type { RuleSettings, RuleTarget } from './rules/rule-settings';
import { storageTiering } from './rules/storage-tiering';
import { type CpuSamples, utilisationOf } from './utilisation';

/** A known resource with what the rules weigh: its CPU over the window and its recent cost. */
export interface ResourceFacts {
  urn: string;
  provider: string;
  region: string;
  resourceType: string;
  state: string;
  tags: Record<string, string>;
  attributes: Record<string, unknown>;
  cpu: CpuSamples | undefined;
  /** Average daily billed cost over the window, when cost lines name the resource. */
  dailyCost: { amount: number; currency: string } | undefined;
}

const USD = 'USD';
const DAYS_PER_MONTH = 30.4;

/** Every recommendation the rules make for one resource; idle wins over rightsizing. */
export function recommend(facts: ResourceFacts, settings: RuleSettings): FoundRecommendation[] {
  if (
    facts.resourceType === 's3/bucket' ||
    facts.resourceType === 'storage/bucket' ||
    facts.resourceType === 'storage/container'
  )
    return storageTiering(facts.urn, facts.attributes, USD);
  if (!facts.cpu) return [];
  const use = utilisationOf(facts.cpu);
  const target: RuleTarget = {
    urn: facts.urn,
    region: facts.region,
    state: facts.state,
    tags: facts.tags,
  };
  const key = `${facts.provider}:${facts.resourceType}`;
  switch (key) {
    case 'aws:ec2/instance':
      return instance(
        target,
        stringAttribute(facts, 'instanceType'),
        ec2Sizes(facts.region),
        'instanceType',
        use,
        settings,
      );
    case 'azure:compute/virtualMachine':
      return instance(
        target,
        stringAttribute(facts, 'vmSize'),
        azureVmSizes(facts.region),
        'vmSize',
        use,
        settings,
      );
    case 'aws:ecs/service': {
      const count = numberAttribute(facts, 'desiredCount');
      if (count === undefined || !facts.dailyCost) return [];
      const found = fewerReplicas(
        {
          kind: 'ecs_desired_count',
          target,
          count,
          monthlyPerReplica: (facts.dailyCost.amount * DAYS_PER_MONTH) / count,
          savingBasis: 'the service’s billed cost over the window, shared evenly by its tasks',
          currency: facts.dailyCost.currency,
          use,
        },
        settings,
      );
      return found ? [found] : [];
    }
    case 'azure:compute/virtualMachineScaleSet': {
      const count = numberAttribute(facts, 'capacity');
      const sku = stringAttribute(facts, 'sku');
      const hourly = sku === undefined ? undefined : azureVmHourlyListPrice(facts.region, sku);
      if (count === undefined || hourly === undefined) return [];
      const found = fewerReplicas(
        {
          kind: 'scale_set_capacity',
          target,
          count,
          monthlyPerReplica: hourly * 730,
          savingBasis: `list price of ${sku} in ${facts.region}, 730 h a month`,
          currency: USD,
          use,
        },
        settings,
      );
      return found ? [found] : [];
    }
    default:
      return [];
  }
}

function instance(
  target: RuleTarget,
  currentSize: string | undefined,
  sizes: ComputeSize[],
  sizeParam: 'instanceType' | 'vmSize',
  use: ReturnType<typeof utilisationOf>,
  settings: RuleSettings,
): FoundRecommendation[] {
  const current = sizes.find((size) => size.name === currentSize);
  if (!current) return [];
  const stop = idle({ target, hourlyPrice: current.hourly, currency: USD, use }, settings);
  if (stop) return [stop];
  const resize = rightsizing(
    { target, sizeParam, currentSize: current.name, sizes, use, currency: USD },
    settings,
  );
  return resize ? [resize] : [];
}

function stringAttribute(facts: ResourceFacts, name: string): string | undefined {
  const value = facts.attributes[name];
  return typeof value === 'string' ? value : undefined;
}

function numberAttribute(facts: ResourceFacts, name: string): number | undefined {
  const value = facts.attributes[name];
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}
