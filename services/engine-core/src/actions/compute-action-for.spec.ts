import type { JsonObject } from '@bufbuild/protobuf';
import { ACTION_CATALOGUE } from '@codex/contracts';

import { computeActionFor, ownsUnnamed } from './compute-action-for';

const instance = 'codex:aws:123456789012:eu-west-1:ec2/instance/i-0abc';
const service = 'codex:aws:123456789012:us-east-1:ecs/service/payments-prod/checkout';
const azureVm =
  'codex:azure:11111111-0000-4000-8000-000000000001:eastus:compute/virtualMachine/rg-payments-prod/vm-prod-api-001';
const scaleSet =
  'codex:azure:11111111-0000-4000-8000-000000000001:westeurope:compute/virtualMachineScaleSet/rg-web-prod/vmss-web-prod';
const translate = (urn: string, type: string, params: Record<string, unknown>) =>
  computeActionFor(ACTION_CATALOGUE, urn, type, params as JsonObject);

describe('turning an action request into a compute action, by the catalogue', () => {
  it('names the action as the catalogue does, on the target the URN names', () => {
    expect(translate(instance, 'resize', { instanceType: 't3.small' })).toEqual({
      action: {
        name: 'resize',
        target: {
          provider: 'aws',
          accountId: '123456789012',
          region: 'eu-west-1',
          resourceType: 'ec2/instance',
          resourceId: 'i-0abc',
        },
        params: { instanceType: 't3.small' },
      },
    });
    expect(translate(instance, 'stop', {})).toMatchObject({ action: { name: 'stop' } });
  });

  it('keeps cluster and service together in the id of an ECS service', () => {
    expect(translate(service, 'scale', { desiredCount: 3 })).toMatchObject({
      action: { name: 'scale', target: { resourceId: 'payments-prod/checkout' } },
    });
  });

  it('takes Azure VMs and scale sets, group and name together in the id', () => {
    expect(translate(azureVm, 'resize', { vmSize: 'Standard_E4s_v5' })).toEqual({
      action: {
        name: 'resize',
        target: {
          provider: 'azure',
          accountId: '11111111-0000-4000-8000-000000000001',
          region: 'eastus',
          resourceType: 'compute/virtualMachine',
          resourceId: 'rg-payments-prod/vm-prod-api-001',
        },
        params: { vmSize: 'Standard_E4s_v5' },
      },
    });
    expect(translate(azureVm, 'deallocate', {})).toMatchObject({ action: { name: 'deallocate' } });
    expect(translate(azureVm, 'restart', {})).toMatchObject({ action: { name: 'restart' } });
    expect(translate(scaleSet, 'scale', { capacity: 6 })).toMatchObject({
      action: { name: 'scale', target: { resourceId: 'rg-web-prod/vmss-web-prod' } },
    });
  });

  it.each([
    [instance, 'scale', { desiredCount: 1 }, 'scale is not an action of a ec2/instance'],
    [azureVm, 'reboot', {}, 'reboot is not an action of a compute/virtualMachine'],
    [azureVm, 'resize', { vmSize: 'huge' }, 'params.vmSize expected an Azure VM size'],
    [scaleSet, 'scale', { capacity: 1001 }, 'params.capacity expected a whole number'],
    [service, 'stop', {}, 'stop is not an action of a ecs/service'],
    [instance, 'resize', {}, 'params.instanceType is required'],
    [instance, 'stop', { force: true }, 'params.force is not a known field'],
    ['codex:gcp:p:europe-west1:compute/instance/vm-1', 'stop', {}, 'is not a compute resource'],
  ])('refuses %s %s %j: %s', (urn, type, params, refusal) => {
    const translated = translate(urn, type, params);
    expect('refusal' in translated && translated.refusal).toContain(refusal);
  });

  it('takes an unnamed request only for a compute target', () => {
    expect(ownsUnnamed({ targetUrn: instance })).toBe(true);
    expect(ownsUnnamed({ targetUrn: 'codex:auth0:acme:-:user/auth0|1' })).toBe(false);
  });
});
