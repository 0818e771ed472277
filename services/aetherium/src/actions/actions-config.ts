import type { ApprovalPolicyConfig } from './approval-policy';

export const ACTIONS_CONFIG = Symbol('ACTIONS_CONFIG');
/** The ActionCatalogue in force: Codex's own, plus any extension the configuration names. */
export const CATALOGUE = Symbol('CATALOGUE');

export interface ActionsConfig {
  approval: ApprovalPolicyConfig;
  /** How long an executor may still start an action after it was dispatched. */
  executionWindowSeconds: number;
  /** A JSON file of resource types and actions that other executors own. */
  catalogueExtensionsFile: string | undefined;
}
