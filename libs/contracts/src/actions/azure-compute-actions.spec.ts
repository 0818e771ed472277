import {
  AZURE_VM_LIST_PRICES_AS_OF,
  azureVmHourlyListPrice,
  azureVmListPrice,
} from '../pricing/azure-vm-list-prices';
import type { PlanTarget } from './action-catalogue';
import { azureResizeNeedsDeallocation, azureVmSizeFamily } from './azure-compute-actions';
import { ACTION_CATALOGUE } from './catalogue';

const VM = 'compute/virtualMachine';
const VMSS = 'compute/virtualMachineScaleSet';
const urn = (region: string) =>
  `codex:azure:11111111-0000-4000-8000-000000000001:${region}:${VM}/rg-web-prod/vm-web-01`;

function definition(resourceType: string, action: string) {
  const found = ACTION_CATALOGUE.definition('azure', resourceType, action);
  if (!found) throw new Error(`${action} is missing`);
  return found;
}

function vm(state: string, vmSize: string | undefined, region = 'eastus'): PlanTarget {
  return { urn: urn(region), state, attributes: vmSize === undefined ? {} : { vmSize } };
}

function messages(resourceType: string, action: string, params: unknown): string[] {
  const checked = ACTION_CATALOGUE.checkParams(definition(resourceType, action), params);
  return 'error' in checked ? checked.error.issues.map((issue) => issue.message) : [];
}

const resize = (target: PlanTarget, vmSize: string) =>
  definition(VM, 'resize').plan(target, { vmSize });

const price = (vmSize: string, usd: number | null, region = 'eastus') => ({
  vmSize,
  region,
  usd,
  per: 'hour',
  basis:
    usd === null
      ? `unknown: Codex's price book has no list price for ${vmSize} in ${region}`
      : `Azure Retail Prices API (prices.azure.com), pay-as-you-go Linux, as of ${AZURE_VM_LIST_PRICES_AS_OF}`,
});

describe('the Azure actions of the catalogue', () => {
  it('lists the actions of VMs and scale sets, executed by engine-core', () => {
    expect(ACTION_CATALOGUE.actionsFor('azure', VM)).toEqual([
      'start',
      'stop',
      'deallocate',
      'restart',
      'resize',
    ]);
    expect(ACTION_CATALOGUE.actionsFor('azure', VMSS)).toEqual(['scale']);
    for (const action of ['start', 'stop', 'deallocate', 'restart', 'resize']) {
      expect(definition(VM, action)).toMatchObject({
        executor: 'engine-core',
        productionNeedsApproval: true,
      });
    }
    expect(definition(VM, 'restart')).toMatchObject({ reversible: false, risk: 'medium' });
    expect(definition(VM, 'resize')).toMatchObject({ reversible: true, risk: 'high' });
    expect(definition(VMSS, 'scale')).toMatchObject({ reversible: true, risk: 'medium' });
  });

  it('says that a powered-off VM is still billed until it is deallocated', () => {
    expect(definition(VM, 'stop').summary).toMatch(/keeps billing its compute until.*deallocated/);
    expect(definition(VM, 'deallocate').summary).toMatch(/compute billing stops/);
  });

  it('plans power actions as the state they lead to', () => {
    expect(definition(VM, 'start').plan(vm('deallocated', 'Standard_B2s'), {})).toEqual({
      changes: [{ field: 'state', from: 'deallocated', to: 'running' }],
      steps: ['start the VM'],
    });
    expect(definition(VM, 'stop').plan(vm('running', 'Standard_B2s'), {})).toMatchObject({
      changes: [{ field: 'state', from: 'running', to: 'stopped' }],
    });
    expect(definition(VM, 'deallocate').plan(vm('stopped', 'Standard_B2s'), {})).toMatchObject({
      changes: [{ field: 'state', from: 'stopped', to: 'deallocated' }],
    });
    expect(definition(VM, 'restart').plan(vm('running', 'Standard_B2s'), {})).toEqual({
      changes: [],
      steps: ['restart the VM'],
    });
    expect(definition(VM, 'restart').plan(vm('deallocated', 'Standard_B2s'), {}).steps[0]).toMatch(
      /Azure will refuse: the VM is deallocated/,
    );
  });

  it.each([
    [{}, 'expected an Azure VM size such as Standard_D4s_v5'],
    [{ vmSize: 42 }, 'expected an Azure VM size such as Standard_D4s_v5'],
    [{ vmSize: 'D4s_v5' }, 'expected an Azure VM size such as Standard_D4s_v5'],
    [{ vmSize: 'standard_d4s_v5' }, 'expected an Azure VM size such as Standard_D4s_v5'],
    [{ vmSize: 'Standard_D4s v5' }, 'expected an Azure VM size such as Standard_D4s_v5'],
    [{ vmSize: 'Standard_D4s_v5', force: true }, 'Unrecognized key: "force"'],
  ])('refuses resize params %j: %s', (params, message) => {
    expect(messages(VM, 'resize', params)).toContain(message);
  });

  it.each(['Standard_D4s_v5', 'Standard_B1ls', 'Standard_E64-16s_v5', 'Standard_NC24ads_A100_v4'])(
    'takes the size %s',
    (vmSize) => {
      expect(messages(VM, 'resize', { vmSize })).toEqual([]);
    },
  );

  it.each([[{ capacity: -1 }], [{ capacity: 1001 }], [{ capacity: 2.5 }], [{ capacity: '3' }]])(
    'refuses scale params %j',
    (params) => {
      expect(messages(VMSS, 'scale', params)).toEqual(['expected a whole number from 0 to 1000']);
    },
  );

  it('refuses unknown parameters of actions that take none', () => {
    expect(messages(VM, 'start', { force: true })).toEqual(['Unrecognized key: "force"']);
  });

  it('plans a scale from the capacity last seen', () => {
    const target = { urn: 'u', state: 'succeeded', attributes: { capacity: 4 } };
    expect(definition(VMSS, 'scale').plan(target, { capacity: 6 })).toEqual({
      changes: [{ field: 'capacity', from: 4, to: 6 }],
      steps: ["set the scale set's capacity to 6"],
    });
  });
});

describe('the resize plan', () => {
  it('resizes a running VM within its family in place, Azure restarting it onto the new size', () => {
    expect(resize(vm('running', 'Standard_D2s_v5'), 'Standard_D4s_v5')).toEqual({
      changes: [
        { field: 'vmSize', from: 'Standard_D2s_v5', to: 'Standard_D4s_v5' },
        {
          field: 'hourlyListPrice',
          from: price('Standard_D2s_v5', 0.096),
          to: price('Standard_D4s_v5', 0.192),
        },
      ],
      steps: ['change its size to Standard_D4s_v5 (Azure restarts the running VM onto it)'],
    });
  });

  it('deallocates a running VM first for a size of another family, and starts it again', () => {
    expect(resize(vm('running', 'Standard_D2s_v5'), 'Standard_E4s_v5')).toEqual({
      changes: [
        { field: 'vmSize', from: 'Standard_D2s_v5', to: 'Standard_E4s_v5' },
        {
          field: 'hourlyListPrice',
          from: price('Standard_D2s_v5', 0.096),
          to: price('Standard_E4s_v5', 0.252),
        },
      ],
      steps: ['deallocate the VM', 'change its size to Standard_E4s_v5', 'start it again'],
    });
  });

  it('leaves a stopped VM deallocated after a resize to another family', () => {
    const plan = resize(vm('stopped', 'Standard_B2s'), 'Standard_F2s_v2');
    expect(plan.steps).toEqual(['deallocate the VM', 'change its size to Standard_F2s_v2']);
    expect(plan.changes).toContainEqual({ field: 'state', from: 'stopped', to: 'deallocated' });
  });

  it('resizes a stopped VM within its family without deallocating it', () => {
    expect(resize(vm('stopped', 'Standard_B2s'), 'Standard_B2ms').steps).toEqual([
      'change its size to Standard_B2ms',
    ]);
  });

  it('resizes a deallocated VM to any family directly', () => {
    const plan = resize(vm('deallocated', 'Standard_F4s_v2'), 'Standard_D8s_v5');
    expect(plan.steps).toEqual(['change its size to Standard_D8s_v5']);
    expect(plan.changes.map((change) => change.field)).toEqual(['vmSize', 'hourlyListPrice']);
  });

  it('says the price is unknown where the price book has none', () => {
    const plan = resize(vm('running', 'Standard_D2s_v5', 'westeurope'), 'Standard_D4s_v5');
    expect(plan.changes[1]).toEqual({
      field: 'hourlyListPrice',
      from: price('Standard_D2s_v5', null, 'westeurope'),
      to: price('Standard_D4s_v5', null, 'westeurope'),
    });
  });

  it('takes the region from the target when the caller gives it', () => {
    const target = { ...vm('running', 'Standard_B1s', 'westeurope'), region: 'eastus' };
    expect(resize(target, 'Standard_B2s').changes[1]).toMatchObject({
      from: { usd: 0.0104, region: 'eastus' },
      to: { usd: 0.0416, region: 'eastus' },
    });
  });

  it('deallocates first when the current size is unknown', () => {
    const plan = resize(vm('running', undefined), 'Standard_D4s_v5');
    expect(plan.changes[0]).toEqual({ field: 'vmSize', from: null, to: 'Standard_D4s_v5' });
    expect(plan.changes[1]).toMatchObject({ from: null, to: { usd: 0.192 } });
    expect(plan.steps[0]).toBe('deallocate the VM');
  });

  it('has nothing to do when the VM already has the size', () => {
    expect(resize(vm('running', 'Standard_D4s_v5'), 'Standard_D4s_v5').steps).toEqual([
      'nothing to do: the VM is already Standard_D4s_v5',
    ]);
  });
});

describe('size families and list prices', () => {
  it.each([
    ['Standard_D4s_v5', 'D'],
    ['Standard_B1ls', 'B'],
    ['Standard_NC24ads_A100_v4', 'NC'],
    ['Basic_A0', 'A'],
    ['nonsense', undefined],
  ])('the family of %s is %s', (size, family) => {
    expect(azureVmSizeFamily(size)).toBe(family);
  });

  it('needs deallocation across families only', () => {
    expect(azureResizeNeedsDeallocation('Standard_D2s_v5', 'Standard_D8s_v5')).toBe(false);
    expect(azureResizeNeedsDeallocation('Standard_D2s_v5', 'Standard_E2s_v5')).toBe(true);
    expect(azureResizeNeedsDeallocation(undefined, 'Standard_E2s_v5')).toBe(true);
  });

  it('knows the East US list price of every sandbox size, without case', () => {
    for (const size of [
      'Standard_B1s',
      'Standard_B2s',
      'Standard_B2ms',
      'Standard_D2s_v5',
      'Standard_D4s_v5',
      'Standard_D8s_v5',
      'Standard_E2s_v5',
      'Standard_E4s_v5',
      'Standard_F2s_v2',
      'Standard_F4s_v2',
    ]) {
      expect(azureVmHourlyListPrice('eastus', size)).toBeGreaterThan(0);
    }
    expect(azureVmHourlyListPrice('East US', 'standard_f2s_v2')).toBe(0.0846);
    expect(azureVmHourlyListPrice('eastus', 'Standard_M128s')).toBeUndefined();
    expect(azureVmListPrice('southeastasia', 'Standard_B1s').usd).toBeNull();
  });
});
