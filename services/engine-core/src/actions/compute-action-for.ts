import type { JsonObject } from '@bufbuild/protobuf';
import { awsUrns, azureUrns } from '@codex/connectors';
import type { ActionCatalogue } from '@codex/contracts';
import { fieldProblems } from '@codex/platform';

import type { ComputeAction, ComputeActionName, ComputeTarget } from '../compute/ports';

export const EXECUTOR = 'engine-core';

export type Translation = { action: ComputeAction } | { refusal: string };

const CODECS = [awsUrns, azureUrns];

/** The compute resource a URN names, for the providers engine-core has adapters for. */
export function computeTarget(urn: string): ComputeTarget | undefined {
  for (const codec of CODECS) {
    const address = codec.parse(urn);
    if (address) return { provider: codec.provider, ...address };
  }
  return undefined;
}

/**
 * Whether an `action.requested` that names no executor (sent before the field existed) is
 * engine-core's: its target is a compute resource of a provider engine-core works on.
 */
export function ownsUnnamed(request: { targetUrn: string }): boolean {
  return computeTarget(request.targetUrn) !== undefined;
}

/** The compute action a request asks for, checked against the catalogue, or why it cannot be done. */
export function computeActionFor(
  catalogue: ActionCatalogue,
  targetUrn: string,
  actionType: string,
  params: JsonObject | undefined,
): Translation {
  const target = computeTarget(targetUrn);
  if (!target) return { refusal: `${targetUrn} is not a compute resource engine-core works on` };
  const definition = catalogue.definition(target.provider, target.resourceType, actionType);
  if (definition?.executor !== EXECUTOR) {
    return { refusal: `${actionType} is not an action of a ${target.resourceType}` };
  }
  const checked = catalogue.checkParams(definition, params ?? {});
  if ('error' in checked) {
    const problems = fieldProblems(checked.error, 'params');
    return { refusal: problems.map((problem) => `${problem.field} ${problem.message}`).join('; ') };
  }
  return {
    action: { name: actionType as ComputeActionName, target, params: checked.params },
  };
}
