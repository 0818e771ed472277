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
  attributes: { instanceType: 't3.micro' },
  observedAt: new Date(),
  updatedAt: new Date(),
  ...overrides,
});

describe('planning an action', () => {
  it('resizes a running instance by stopping it first', () => {
    expect(planAction(instance(), 'resize', { instanceType: 't3.small' })).toEqual({
      plan: {
        target: 'codex:aws:123456789012:eu-west-1:ec2/instance/i-1',
        changes: [{ field: 'instanceType', from: 't3.micro', to: 't3.small' }],
        steps: ['stop the instance', 'change its type to t3.small', 'start it again'],
      },
    });
  });

  it('resizes a stopped instance without stopping or starting it', () => {
    const planned = planAction(instance({ state: 'stopped' }), 'resize', {
      instanceType: 'm5.large',
    });
    expect(planned).toMatchObject({ plan: { steps: ['change its type to m5.large'] } });
  });

  it.each([
    ['scale', {}, 'body.type'],
    ['resize', { instanceType: 'huge' }, 'body.params.instanceType'],
    ['stop', { force: true }, 'body.params.force'],
  ] as const)('refuses %s with %j on an instance, naming %s', (type, params, field) => {
    expect(planAction(instance(), type, params)).toEqual({
      problems: [expect.objectContaining({ field })],
    });
  });

  it('scales an ECS service to a whole, bounded count', () => {
    const service = instance({ type: 'ecs/service', attributes: { desiredCount: 2 } });
    expect(planAction(service, 'scale', { desiredCount: 5 })).toMatchObject({
      plan: { changes: [{ field: 'desiredCount', from: 2, to: 5 }] },
    });
    expect(planAction(service, 'scale', { desiredCount: 2.5 })).toEqual({
      problems: [expect.objectContaining({ field: 'body.params.desiredCount' })],
    });
  });
});

describe('the approval policy', () => {
  const policy = { tagKey: 'env', tagValues: ['production', 'prod'] };

  it('holds actions on production-tagged targets, whatever the case of tag and value', () => {
    expect(needsApproval(instance({ tags: { Env: 'PROD' } }), policy)).toBe(true);
    expect(needsApproval(instance({ tags: { env: 'staging' } }), policy)).toBe(false);
    expect(needsApproval(instance({ tags: {} }), policy)).toBe(false);
  });
});
