import type { ResourceView } from '../inventory/inventory-reader';

export interface ApprovalPolicyConfig {
  /** Tag that marks production, e.g. `env`. */
  tagKey: string;
  /** Values of that tag that mean production, compared without case, e.g. `production`, `prod`. */
  tagValues: readonly string[];
}

/** Whether an action on this resource must wait for an approver: production targets do. */
export function needsApproval(resource: ResourceView, policy: ApprovalPolicyConfig): boolean {
  const value = Object.entries(resource.tags).find(
    ([key]) => key.toLowerCase() === policy.tagKey.toLowerCase(),
  )?.[1];
  return (
    value !== undefined && policy.tagValues.some((v) => v.toLowerCase() === value.toLowerCase())
  );
}
