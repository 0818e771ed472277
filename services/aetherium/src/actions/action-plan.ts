import type { FieldProblem } from '@codex/platform';

import type { ResourceView } from '../inventory/inventory-reader';
import type { ActionType } from './action.entity';

export interface PlannedChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface ActionPlan {
  target: string;
  changes: PlannedChange[];
  /** What the executor will do, in order. */
  steps: string[];
}

export type PlanResult = { plan: ActionPlan } | { problems: FieldProblem[] };

const ACTIONS_BY_RESOURCE_TYPE: Record<string, readonly ActionType[]> = {
  'ec2/instance': ['start', 'stop', 'reboot', 'resize'],
  'ecs/service': ['scale'],
};

const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\d[a-z0-9-]*\.[a-z0-9]+$/;

/**
 * What an action would do to a resource as the inventory last saw it, or what
 * is wrong with the request. Pure: the same input gives the same plan.
 */
export function planAction(
  resource: ResourceView,
  type: ActionType,
  params: Record<string, unknown>,
): PlanResult {
  const allowed = ACTIONS_BY_RESOURCE_TYPE[resource.type] ?? [];
  if (!allowed.includes(type)) {
    const can = allowed.length ? `; it allows ${allowed.join(', ')}` : '';
    return {
      problems: [
        { field: 'body.type', message: `${type} does not apply to a ${resource.type}${can}` },
      ],
    };
  }
  const extra = Object.keys(params).filter((key) => !expectedParams(type).includes(key));
  if (extra.length) {
    return {
      problems: extra.map((key) => ({
        field: `body.params.${key}`,
        message: 'is not a known parameter',
      })),
    };
  }
  switch (type) {
    case 'start':
      return stateChange(resource, 'running', ['start the instance']);
    case 'stop':
      return stateChange(resource, 'stopped', ['stop the instance']);
    case 'reboot':
      return { plan: { target: resource.urn, changes: [], steps: ['reboot the instance'] } };
    case 'resize':
      return resize(resource, params.instanceType);
    case 'scale':
      return scale(resource, params.desiredCount);
  }
}

function expectedParams(type: ActionType): string[] {
  if (type === 'resize') return ['instanceType'];
  if (type === 'scale') return ['desiredCount'];
  return [];
}

function stateChange(resource: ResourceView, to: string, steps: string[]): PlanResult {
  return {
    plan: { target: resource.urn, changes: [{ field: 'state', from: resource.state, to }], steps },
  };
}

function resize(resource: ResourceView, instanceType: unknown): PlanResult {
  if (typeof instanceType !== 'string' || !INSTANCE_TYPE.test(instanceType)) {
    return {
      problems: [
        {
          field: 'body.params.instanceType',
          message: 'expected an instance type such as t3.small',
        },
      ],
    };
  }
  const running = resource.state === 'running';
  return {
    plan: {
      target: resource.urn,
      changes: [
        { field: 'instanceType', from: resource.attributes.instanceType ?? null, to: instanceType },
      ],
      steps: running
        ? ['stop the instance', `change its type to ${instanceType}`, 'start it again']
        : [`change its type to ${instanceType}`],
    },
  };
}

function scale(resource: ResourceView, desiredCount: unknown): PlanResult {
  if (
    typeof desiredCount !== 'number' ||
    !Number.isInteger(desiredCount) ||
    desiredCount < 0 ||
    desiredCount > 1000
  ) {
    return {
      problems: [
        { field: 'body.params.desiredCount', message: 'expected a whole number from 0 to 1000' },
      ],
    };
  }
  return {
    plan: {
      target: resource.urn,
      changes: [
        { field: 'desiredCount', from: resource.attributes.desiredCount ?? null, to: desiredCount },
      ],
      steps: [`set the service's desired count to ${desiredCount}`],
    },
  };
}
