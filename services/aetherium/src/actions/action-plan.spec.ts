import { ACTION_CATALOGUE } from '@codex/contracts';

import type { ResourceView } from '../inventory/inventory-reader';
import { planAction } from './action-plan';
import { needsApproval } from './approval-policy';

const instance = (overrides: Partial<ResourceView> = {}): ResourceView => ({
  urn: 'codex:aws:123456789012:eu-west-1:ec2/instance/i-1',
  provider: 'aws',
  accountId: '123456789012',
  region: 'eu-west-1',
  type: 'ec2/instance',
  name: 'web-1',
  tags: { env: 'production' },
  state: 'running',
  recentCost: null,
  attributes: { instanceType: 't3.micro' },
  observedAt: new Date(),
  updatedAt: new Date(),
  ...overrides,
});

describe('planning an action', () => {
  it('resizes a running instance by stopping it first', () => {
    expect(
      planAction(ACTION_CATALOGUE, instance(), 'resize', { instanceType: 't3.small' }),
    ).toMatchObject({
      plan: {
        target: 'codex:aws:123456789012:eu-west-1:ec2/instance/i-1',
        changes: [{ field: 'instanceType', from: 't3.micro', to: 't3.small' }],
        steps: ['stop the instance', 'change its type to t3.small', 'start it again'],
      },
    });
  });

  it('resizes a stopped instance without stopping or starting it', () => {
    const planned = planAction(ACTION_CATALOGUE, instance({ state: 'stopped' }), 'resize', {
      instanceType: 'm5.large',
    });
    expect(planned).toMatchObject({ plan: { steps: ['change its type to m5.large'] } });
  });

  it.each([
    ['scale', {}, 'body.type'],
    ['explode', {}, 'body.type'],
    ['resize', { instanceType: 'huge' }, 'body.params.instanceType'],
    ['stop', { force: true }, 'body.params.force'],
  ] as const)('refuses %s with %j on an instance, naming %s', (type, params, field) => {
    expect(planAction(ACTION_CATALOGUE, instance(), type, params)).toEqual({
      problems: [expect.objectContaining({ field })],
    });
  });

  it('names the actions the resource type has when asked for another', () => {
    expect(planAction(ACTION_CATALOGUE, instance(), 'scale', {})).toEqual({
      problems: [
        {
          field: 'body.type',
          message:
            'scale is not an action of a aws ec2/instance; it allows start, stop, reboot, resize',
        },
      ],
    });
  });

  it('scales an ECS service to a whole, bounded count', () => {
    const service = instance({ type: 'ecs/service', attributes: { desiredCount: 2 } });
    expect(planAction(ACTION_CATALOGUE, service, 'scale', { desiredCount: 5 })).toMatchObject({
      plan: { changes: [{ field: 'desiredCount', from: 2, to: 5 }] },
    });
    expect(planAction(ACTION_CATALOGUE, service, 'scale', { desiredCount: 2.5 })).toEqual({
      problems: [expect.objectContaining({ field: 'body.params.desiredCount' })],
    });
  });
});

describe('the approval policy', () => {
  const policy = { tagKey: 'env', tagValues: ['production', 'prod'] };

  it('holds actions on production-tagged targets, whatever the case of tag and value', () => {
    const stop = { productionNeedsApproval: true };
    expect(needsApproval(instance({ tags: { Env: 'PROD' } }), stop, policy)).toBe(true);
    expect(needsApproval(instance({ tags: { env: 'staging' } }), stop, policy)).toBe(false);
    const adminOnly = { productionNeedsApproval: false, approvalRequired: () => true };
    expect(needsApproval(instance({ tags: {} }), adminOnly, policy)).toBe(true);
    expect(needsApproval(instance({ tags: {} }), stop, policy)).toBe(false);
  });

  it('lets an action the catalogue exempts run on production without approval', () => {
    const exempt = { productionNeedsApproval: false };
    expect(needsApproval(instance({ tags: { env: 'production' } }), exempt, policy)).toBe(false);
  });
});
