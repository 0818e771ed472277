import type { ApprovalPolicyConfig } from './approval-policy';

export const ACTIONS_CONFIG = Symbol('ACTIONS_CONFIG');

export interface ActionsConfig {
  approval: ApprovalPolicyConfig;
  /** How long an executor may still start an action after it was dispatched. */
  executionWindowSeconds: number;
}
