import type { AccountAccess, ProviderName } from '@codex/connectors';

/** A compute resource as one discovery run saw it, in the same shape for every provider and type. */
export interface DiscoveredResource {
  urn: string;
  provider: ProviderName;
  /** The provider's own account id, as in the URN. */
  accountId: string;
  region: string;
  /** The URN's type path, e.g. `ec2/instance`. */
  resourceType: string;
  /** The Name tag, or the resource's own name or id. */
  name: string;
  tags: Record<string, string>;
  /** Provider state in lower case, e.g. "running", "stopped", "active". */
  state: string;
  attributes: Record<string, unknown>;
}

/** Sent after every page read, so a run can show how far it got. */
export interface DiscoveryProgress {
  accountId: string;
  region: string;
  resourceType: string;
  pages: number;
  /** Resources of this type found in this region so far. */
  resources: number;
}

export type ProgressListener = (progress: DiscoveryProgress) => void;

export interface ComputeDiscoveryPort<A extends AccountAccess = AccountAccess> {
  /** Every compute resource of the account in its configured regions; throws ProviderError. */
  discover(access: A, onProgress?: ProgressListener): AsyncIterable<DiscoveredResource>;
}

export interface InstanceRef {
  region: string;
  instanceId: string;
}

export interface CpuSample extends InstanceRef {
  timestamp: Date;
  averagePercent: number;
}

/** An instance whose CPU the provider measures: how to ask for it and how to publish it. */
export interface MeasuredInstance extends InstanceRef {
  urn: string;
  /** Where the samples come from, e.g. `aws.cloudwatch`. */
  source: string;
}

/** A sample with what its publication needs. */
export type MeasuredSample = CpuSample & Pick<MeasuredInstance, 'urn' | 'source'>;

export interface CpuMetricsPort<A extends AccountAccess = AccountAccess> {
  /** The instance behind a discovered resource, when the provider measures its CPU. */
  measuredInstance(resource: DiscoveredResource): MeasuredInstance | undefined;
  /** The latest average CPU datapoint in the window of each instance that has one. */
  latestCpu(access: A, instances: readonly InstanceRef[]): Promise<CpuSample[]>;
}

/** The resource an action is on: the parts of its URN. */
export interface ComputeTarget {
  provider: ProviderName;
  accountId: string;
  region: string;
  /** The URN's type path, e.g. `ec2/instance`. */
  resourceType: string;
  resourceId: string;
}

/** The catalogue's names of the compute actions (libs/contracts, ACTION_CATALOGUE). */
export type ComputeActionName =
  'start' | 'stop' | 'deallocate' | 'reboot' | 'restart' | 'resize' | 'scale';

/**
 * A catalogue action on a compute resource. `params` were checked against the action's
 * schema in the catalogue, which names them per resource type (`instanceType` for EC2).
 */
export interface ComputeAction {
  name: ComputeActionName;
  target: ComputeTarget;
  params: Record<string, unknown>;
}

export interface InstanceSummary {
  state: string;
  instanceType: string;
}

export interface ServiceSummary {
  status: string;
  desiredCount: number;
  runningCount: number;
}

/** An Azure VM: its power state (`running`, `stopped`, `deallocated`, …) and size. */
export interface VirtualMachineSummary {
  state: string;
  vmSize: string;
}

/** An Azure scale set: its provisioning state and instance count. */
export interface ScaleSetSummary {
  state: string;
  capacity: number;
}

/** What the target looked like before the action and, verified by reading it again, after. */
export interface ActionOutcome<
  S = InstanceSummary | ServiceSummary | VirtualMachineSummary | ScaleSetSummary,
> {
  before: S;
  after: S;
}

/** An action's outcome, with the target's new state mapped as discovery maps it, from the verifying read. */
export interface VerifiedAction extends ActionOutcome {
  target: DiscoveredResource;
  /** When the verifying read answered: an observation made before it never overwrites this one. */
  observedAt: Date;
}

export interface ComputeActionsPort<A extends AccountAccess = AccountAccess> {
  /**
   * Performs the action and confirms its effect; throws ProviderError when the provider
   * refuses or the effect did not take (`conflict`).
   */
  execute(access: A, action: ComputeAction): Promise<VerifiedAction>;
}

/** One provider's compute adapters. */
export interface ComputeAdapters<A extends AccountAccess = AccountAccess> {
  discovery: ComputeDiscoveryPort<A>;
  metrics: CpuMetricsPort<A>;
  actions: ComputeActionsPort<A>;
}

export const COMPUTE_DISCOVERY = Symbol('COMPUTE_DISCOVERY');
export const CPU_METRICS = Symbol('CPU_METRICS');
