import { computeActionFor } from './compute-action-for';

const instance = 'codex:aws:123456789012:eu-west-1:ec2/instance/i-0abc';
const service = 'codex:aws:123456789012:us-east-1:ecs/service/payments-prod/checkout';

describe('turning an action request into an AWS operation', () => {
  it('maps instance actions to EC2 calls in the target region', () => {
    expect(computeActionFor(instance, 'resize', { instanceType: 't3.small' })).toEqual({
      externalAccountId: '123456789012',
      action: {
        kind: 'ec2.resize',
        region: 'eu-west-1',
        instanceId: 'i-0abc',
        instanceType: 't3.small',
      },
    });
    expect(computeActionFor(instance, 'stop', {})).toMatchObject({ action: { kind: 'ec2.stop' } });
  });

  it('maps scale on an ECS service to its cluster and service', () => {
    expect(computeActionFor(service, 'scale', { desiredCount: 3 })).toMatchObject({
      action: { kind: 'ecs.scale', cluster: 'payments-prod', service: 'checkout', desiredCount: 3 },
    });
  });

  it.each([
    [instance, 'scale', { desiredCount: 1 }],
    [service, 'stop', {}],
    [instance, 'resize', {}],
    ['codex:gcp:p:europe-west1:compute/instance/vm-1', 'stop', {}],
  ])('refuses %s %s %j', (urn, type, params) => {
    expect(computeActionFor(urn, type, params)).toHaveProperty('refusal');
  });
});
