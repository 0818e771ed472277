import type { ActionCatalogue, ActionDefinition, PlannedChange } from '@codex/contracts';
import { type FieldProblem, fieldProblems } from '@codex/platform';

import type { ResourceView } from '../inventory/inventory-reader';

export interface ActionPlan {
  target: string;
  changes: PlannedChange[];
  /** What the executor will do, in order. */
  steps: string[];
}

export type PlanResult =
  | { plan: ActionPlan; definition: ActionDefinition; params: Record<string, unknown> }
  | { problems: FieldProblem[] };

/**
 * What an action would do to a resource as the inventory last saw it, or what is wrong with
 * the request, from the catalogue. Pure: the same input gives the same plan.
 */
export function planAction(
  catalogue: ActionCatalogue,
  resource: ResourceView,
  type: string,
  params: Record<string, unknown>,
): PlanResult {
  const definition = catalogue.definition(resource.provider, resource.type, type);
  if (!definition) {
    const allowed = catalogue.actionsFor(resource.provider, resource.type);
    const can = allowed.length ? `; it allows ${allowed.join(', ')}` : '; it has no actions';
    return {
      problems: [
        {
          field: 'body.type',
          message: `${type} is not an action of a ${resource.provider} ${resource.type}${can}`,
        },
      ],
    };
  }
  const checked = catalogue.checkParams(definition, params);
  if ('error' in checked) return { problems: fieldProblems(checked.error, 'body.params') };
  const sketch = definition.plan(resource, checked.params);
  return { plan: { target: resource.urn, ...sketch }, definition, params: checked.params };
}
