import type { AwsAccountAccess } from './aws-credentials';
import type { AwsResourceType } from './resource-urn';

/** A compute resource as one discovery run saw it, in the same shape for every resource type. */
export interface DiscoveredResource {
  urn: string;
  accountId: string;
  region: string;
  resourceType: AwsResourceType;
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
  resourceType: AwsResourceType;
  pages: number;
  /** Resources of this type found in this region so far. */
  resources: number;
}

export type ProgressListener = (progress: DiscoveryProgress) => void;

export interface ComputeDiscoveryPort {
  /** Every compute resource of the account in its configured regions; throws ProviderError. */
  discover(
    access: AwsAccountAccess,
    onProgress?: ProgressListener,
  ): AsyncIterable<DiscoveredResource>;
}

export interface InstanceRef {
  region: string;
  instanceId: string;
}

export interface CpuSample extends InstanceRef {
  timestamp: Date;
  averagePercent: number;
}

export interface CpuMetricsPort {
  /** The latest average CPU datapoint in the window of each instance that has one. */
  latestCpu(access: AwsAccountAccess, instances: readonly InstanceRef[]): Promise<CpuSample[]>;
}

export type ComputeAction =
  | { kind: 'ec2.start'; region: string; instanceId: string }
  | { kind: 'ec2.stop'; region: string; instanceId: string }
  | { kind: 'ec2.reboot'; region: string; instanceId: string }
  | { kind: 'ec2.resize'; region: string; instanceId: string; instanceType: string }
  | { kind: 'ecs.scale'; region: string; cluster: string; service: string; desiredCount: number };

export interface InstanceSummary {
  state: string;
  instanceType: string;
}

export interface ServiceSummary {
  status: string;
  desiredCount: number;
  runningCount: number;
}

/** What the target looked like before the action and, verified by reading it again, after. */
export interface ActionOutcome<S = InstanceSummary | ServiceSummary> {
  before: S;
  after: S;
}

/** An action's outcome, with the target's new state mapped as discovery maps it, from the verifying read. */
export interface VerifiedAction extends ActionOutcome {
  target: DiscoveredResource;
  /** When the verifying read answered: an observation made before it never overwrites this one. */
  observedAt: Date;
}

export interface ComputeActionsPort {
  /** Performs the action and confirms its effect; throws ProviderError when AWS refuses or it did not take. */
  execute(access: AwsAccountAccess, action: ComputeAction): Promise<VerifiedAction>;
}
