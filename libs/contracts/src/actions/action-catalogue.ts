import { z } from 'zod';

/** How much harm a mistaken action can do: shown to approvers, used by policy. */
export type RiskClass = 'low' | 'medium' | 'high';

/** The target as the inventory last saw it: what a plan is computed from. */
export interface PlanTarget {
  urn: string;
  /** The target's region, when the caller has it; else the URN's. */
  region?: string;
  state: string;
  attributes: Record<string, unknown>;
}

export interface PlannedChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** What an action will change, and what the executor will do, in order. */
export interface PlanSketch {
  changes: PlannedChange[];
  steps: string[];
}

export interface ActionDefinition<Params extends z.ZodType = z.ZodType> {
  summary: string;
  /** A strict object schema: unknown parameters are refused. */
  params: Params;
  /** The service (or external system) that consumes this action from `action.requested`. */
  executor: string;
  /** Whether another action can undo it (a stop is undone by a start; a reboot is not). */
  reversible: boolean;
  risk: RiskClass;
  /** Whether an action on a production-tagged target waits for a second person. */
  productionNeedsApproval: boolean;
  /**
   * Whether this action on this target waits for a second person whatever its tags, e.g. a
   * change to an administrator or a privileged role.
   */
  approvalRequired?(target: PlanTarget, params: z.output<Params>): boolean;
  plan(target: PlanTarget, params: z.output<Params>): PlanSketch;
}

/** The actions one resource type of one provider has. */
export interface ResourceTypeActions {
  provider: string;
  resourceType: string;
  actions: Record<string, ActionDefinition>;
}

/** An action request's parameters, checked against the catalogue. */
export type CheckedParams = { params: Record<string, unknown> } | { error: z.ZodError };

/**
 * Every action Codex knows, by provider and resource type: the one list the ledger validates
 * requests against, the API documents, and executors route by.
 */
export class ActionCatalogue {
  private readonly byType: ReadonlyMap<string, ResourceTypeActions>;

  constructor(readonly entries: readonly ResourceTypeActions[]) {
    const byType = new Map<string, ResourceTypeActions>();
    for (const entry of entries) {
      const key = typeKey(entry.provider, entry.resourceType);
      if (byType.has(key)) throw new Error(`the catalogue lists ${key} twice`);
      byType.set(key, entry);
    }
    this.byType = byType;
  }

  /** This catalogue with more resource types, e.g. ones whose executors a platform team runs. */
  extendedWith(entries: readonly ResourceTypeActions[]): ActionCatalogue {
    return new ActionCatalogue([...this.entries, ...entries]);
  }

  /** The names of the actions a resource type has, in catalogue order; none when it is unknown. */
  actionsFor(provider: string, resourceType: string): string[] {
    return Object.keys(this.byType.get(typeKey(provider, resourceType))?.actions ?? {});
  }

  definition(provider: string, resourceType: string, action: string): ActionDefinition | undefined {
    const actions = this.byType.get(typeKey(provider, resourceType))?.actions;
    return actions && Object.hasOwn(actions, action) ? actions[action] : undefined;
  }

  /** Who executes an action; undefined when the catalogue does not have it. */
  executorOf(provider: string, resourceType: string, action: string): string | undefined {
    return this.definition(provider, resourceType, action)?.executor;
  }

  /** Every action name of every resource type, each once. */
  actionNames(): string[] {
    return [...new Set(this.entries.flatMap((entry) => Object.keys(entry.actions)))];
  }

  checkParams(definition: ActionDefinition, params: unknown): CheckedParams {
    const parsed = definition.params.safeParse(params);
    return parsed.success
      ? { params: parsed.data as Record<string, unknown> }
      : { error: parsed.error };
  }
}

function typeKey(provider: string, resourceType: string): string {
  return `${provider}:${resourceType}`;
}

/** Parameters of an action that takes none. */
export const noParams = z.object({}).strict();
