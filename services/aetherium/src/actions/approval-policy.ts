import type { ActionDefinition } from '@codex/contracts';

import type { ResourceView } from '../inventory/inventory-reader';

export interface ApprovalPolicyConfig {
  /** Tag that marks production, e.g. `env`. */
  tagKey: string;
  /** Values of that tag that mean production, compared without case, e.g. `production`, `prod`. */
  tagValues: readonly string[];
}

/**
 * Whether an action must wait for an approver: production targets do, if the catalogue says
 * so, and so does any target the action's own rule names (an administrator, a privileged role).
 */
export function needsApproval(
  resource: ResourceView,
  definition: Pick<ActionDefinition, 'productionNeedsApproval' | 'approvalRequired'>,
  policy: ApprovalPolicyConfig,
  params: Record<string, unknown> = {},
): boolean {
  return (
    (definition.productionNeedsApproval && isProduction(resource, policy)) ||
    (definition.approvalRequired?.(resource, params) ?? false)
  );
}

function isProduction(resource: ResourceView, policy: ApprovalPolicyConfig): boolean {
  const value = Object.entries(resource.tags).find(
    ([key]) => key.toLowerCase() === policy.tagKey.toLowerCase(),
  )?.[1];
  return (
    value !== undefined && policy.tagValues.some((v) => v.toLowerCase() === value.toLowerCase())
  );
}
