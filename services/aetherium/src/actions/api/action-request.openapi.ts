import { ACTION_CATALOGUE } from '@codex/contracts';
import { openApiSchema } from '@codex/platform';
import type { SchemaObject } from '@nestjs/swagger';

import { actionRequestSchema } from './action.schemas';

/**
 * The request body of POST /actions as documented: `type` lists the catalogue's actions and
 * `params` each action's parameters. Actions from a catalogue extension are listed at
 * GET /actions/catalogue.
 */
export function actionRequestOpenApi(): SchemaObject {
  const body = openApiSchema(actionRequestSchema);
  const properties = body.properties ?? {};
  const perAction = ACTION_CATALOGUE.entries.flatMap(({ provider, resourceType, actions }) =>
    Object.entries(actions).map(([name, action]) => ({
      ...openApiSchema(action.params),
      title: `${name} on ${provider} ${resourceType}`,
    })),
  );
  return {
    ...body,
    properties: {
      ...properties,
      type: {
        ...(properties.type as SchemaObject),
        description: `An action of the target's resource type: ${ACTION_CATALOGUE.actionNames().join(', ')}; see GET /api/v1/actions/catalogue`,
      },
      params: { description: "The action's parameters", anyOf: perAction },
    },
  };
}
