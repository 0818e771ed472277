import type { ActionCatalogue, RiskClass } from '@codex/contracts';
import { openApiSchema } from '@codex/platform';
import type { SchemaObject } from '@nestjs/swagger';

export interface CatalogueActionView {
  name: string;
  summary: string;
  executor: string;
  reversible: boolean;
  risk: RiskClass;
  productionNeedsApproval: boolean;
  /** JSON Schema of the action's parameters. */
  params: SchemaObject;
}

export interface CatalogueView {
  items: { provider: string; resourceType: string; actions: CatalogueActionView[] }[];
}

/** The catalogue as the API shows it: what can be asked of each resource type, and how. */
export function catalogueView(catalogue: ActionCatalogue): CatalogueView {
  return {
    items: catalogue.entries.map(({ provider, resourceType, actions }) => ({
      provider,
      resourceType,
      actions: Object.entries(actions).map(([name, action]) => ({
        name,
        summary: action.summary,
        executor: action.executor,
        reversible: action.reversible,
        risk: action.risk,
        productionNeedsApproval: action.productionNeedsApproval,
        params: openApiSchema(action.params),
      })),
    })),
  };
}
