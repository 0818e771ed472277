import { z } from 'zod';

import type { ActionDefinition, ResourceTypeActions } from './action-catalogue';

const name = z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, 'expected a lower-case name');

const extensionActionSchema = z
  .object({
    summary: z.string().min(1).max(200),
    executor: name,
    reversible: z.boolean(),
    risk: z.enum(['low', 'medium', 'high']),
    productionNeedsApproval: z.boolean().default(true),
    /** A JSON Schema of the parameters; none when absent. */
    params: z.record(z.string(), z.unknown()).optional(),
    /** What the executor will do, in order, for the dry-run plan. */
    steps: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();

const extensionSchema = z.array(
  z
    .object({
      provider: name,
      resourceType: z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]*\/[a-zA-Z0-9-]+$/, 'expected service/kind'),
      actions: z.record(name, extensionActionSchema),
    })
    .strict(),
);

const NO_PARAMS = { type: 'object', properties: {}, additionalProperties: false };

/**
 * Resource types and actions declared in a file, for executors Codex does not ship (a
 * platform team's own service consuming `action.requested`). Throws naming what is wrong.
 */
export function catalogueExtensions(json: unknown): ResourceTypeActions[] {
  const parsed = extensionSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`the action catalogue extension is invalid: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data.map((entry) => ({
    provider: entry.provider,
    resourceType: entry.resourceType,
    actions: Object.fromEntries(
      Object.entries(entry.actions).map(([action, declared]) => [
        action,
        extensionAction(action, declared),
      ]),
    ),
  }));
}

function extensionAction(
  action: string,
  declared: z.output<typeof extensionActionSchema>,
): ActionDefinition {
  const steps = declared.steps ?? [`${declared.executor} performs ${action}`];
  return {
    summary: declared.summary,
    params: paramsSchema(action, declared.params ?? NO_PARAMS),
    executor: declared.executor,
    reversible: declared.reversible,
    risk: declared.risk,
    productionNeedsApproval: declared.productionNeedsApproval,
    plan: () => ({ changes: [], steps }),
  };
}

function paramsSchema(action: string, jsonSchema: Record<string, unknown>): z.ZodType {
  try {
    return z.fromJSONSchema(jsonSchema);
  } catch (error) {
    throw new Error(`the parameters of ${action} are not a JSON Schema: ${String(error)}`);
  }
}
