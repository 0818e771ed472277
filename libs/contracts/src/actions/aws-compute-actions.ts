import { z } from 'zod';

import {
  type ActionDefinition,
  noParams,
  type PlanTarget,
  type ResourceTypeActions,
} from './action-catalogue';

const EXECUTOR = 'engine-core';

const instanceType = z
  .string({ error: 'expected an instance type such as t3.small' })
  .regex(/^[a-z][a-z0-9-]*\d[a-z0-9-]*\.[a-z0-9]+$/, 'expected an instance type such as t3.small');

const resizeParams = z.object({ instanceType }).strict();

const scaleParams = z
  .object({
    desiredCount: z
      .number({ error: 'expected a whole number from 0 to 1000' })
      .int('expected a whole number from 0 to 1000')
      .min(0, 'expected a whole number from 0 to 1000')
      .max(1000, 'expected a whole number from 0 to 1000'),
  })
  .strict();

function stateChange(to: string, step: string) {
  return (target: PlanTarget) => ({
    changes: [{ field: 'state', from: target.state, to }],
    steps: [step],
  });
}

const start: ActionDefinition<typeof noParams> = {
  summary: 'Start a stopped instance',
  params: noParams,
  executor: EXECUTOR,
  reversible: true,
  risk: 'low',
  productionNeedsApproval: true,
  plan: stateChange('running', 'start the instance'),
};

const stop: ActionDefinition<typeof noParams> = {
  summary: 'Stop a running instance (its disks are kept)',
  params: noParams,
  executor: EXECUTOR,
  reversible: true,
  risk: 'medium',
  productionNeedsApproval: true,
  plan: stateChange('stopped', 'stop the instance'),
};

const reboot: ActionDefinition<typeof noParams> = {
  summary: 'Reboot an instance in place',
  params: noParams,
  executor: EXECUTOR,
  reversible: false,
  risk: 'medium',
  productionNeedsApproval: true,
  plan: () => ({ changes: [], steps: ['reboot the instance'] }),
};

const resize: ActionDefinition<typeof resizeParams> = {
  summary: 'Change the instance type; a running instance is stopped and started again',
  params: resizeParams,
  executor: EXECUTOR,
  reversible: true,
  risk: 'high',
  productionNeedsApproval: true,
  plan: (target, { instanceType: to }) => ({
    changes: [{ field: 'instanceType', from: target.attributes.instanceType ?? null, to }],
    steps:
      target.state === 'running'
        ? ['stop the instance', `change its type to ${to}`, 'start it again']
        : [`change its type to ${to}`],
  }),
};

const scale: ActionDefinition<typeof scaleParams> = {
  summary: "Set an ECS service's desired task count",
  params: scaleParams,
  executor: EXECUTOR,
  reversible: true,
  risk: 'medium',
  productionNeedsApproval: true,
  plan: (target, { desiredCount }) => ({
    changes: [
      { field: 'desiredCount', from: target.attributes.desiredCount ?? null, to: desiredCount },
    ],
    steps: [`set the service's desired count to ${desiredCount}`],
  }),
};

/** EC2 instances and ECS services, executed by engine-core. */
export const AWS_COMPUTE_ACTIONS: readonly ResourceTypeActions[] = [
  {
    provider: 'aws',
    resourceType: 'ec2/instance',
    actions: { start, stop, reboot, resize },
  },
  {
    provider: 'aws',
    resourceType: 'ecs/service',
    actions: { scale },
  },
];
