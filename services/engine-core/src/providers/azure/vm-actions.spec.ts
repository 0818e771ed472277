import type { ComputeManagementClient, VirtualMachine } from '@azure/arm-compute';
import { ProviderError } from '@codex/connectors';

import { AzureVmActions, type VmRef } from './vm-actions';

/**
 * A VM behind a fake compute client: the resize decisions the sandbox cannot show (it offers
 * every size of the VM's family), and what is done when Azure refuses after deallocation.
 */
function fakeVm(options: {
  size: string;
  state: string;
  offers: string[];
  refuseUpdate?: boolean;
}) {
  const calls: string[] = [];
  let { size, state } = options;
  const read = (): VirtualMachine => ({
    location: 'eastus',
    hardwareProfile: { vmSize: size },
    instanceView: { statuses: [{ code: `PowerState/${state}` }] },
  });
  const virtualMachines = {
    get: () => Promise.resolve(read()),
    listAvailableSizes: async function* () {
      calls.push('listAvailableSizes');
      await Promise.resolve();
      for (const name of options.offers) yield { name };
    },
    beginDeallocateAndWait: () => {
      calls.push('deallocate');
      state = 'deallocated';
      return Promise.resolve();
    },
    beginStartAndWait: () => {
      calls.push('start');
      state = 'running';
      return Promise.resolve();
    },
    beginUpdateAndWait: (_group: string, _name: string, update: VirtualMachine) => {
      calls.push(`update ${update.hardwareProfile?.vmSize}`);
      if (options.refuseUpdate) {
        return Promise.reject(
          new ProviderError('conflict', 'Azure refused', {
            provider: 'azure',
            providerCode: 'OperationNotAllowed',
          }),
        );
      }
      size = update.hardwareProfile?.vmSize ?? size;
      return Promise.resolve(read());
    },
  };
  const vm: VmRef = {
    compute: { virtualMachines } as unknown as ComputeManagementClient,
    resourceGroup: 'rg',
    name: 'vm-1',
  };
  return { vm, calls };
}

describe('resizing an Azure VM by the approved plan', () => {
  const actions = new AzureVmActions();

  it('resizes in place when Azure offers the size, even of another family', async () => {
    const { vm, calls } = fakeVm({
      size: 'Standard_D2s_v5',
      state: 'running',
      offers: ['Standard_D2s_v5', 'Standard_E2s_v5'],
    });

    const outcome = await actions.resize(vm, 'Standard_E2s_v5');

    expect(calls).toEqual(['listAvailableSizes', 'update Standard_E2s_v5']);
    expect(outcome.after).toEqual({ state: 'running', vmSize: 'Standard_E2s_v5' });
  });

  it('refuses a size of the same family Azure does not offer, without deallocating', async () => {
    const { vm, calls } = fakeVm({
      size: 'Standard_D2s_v5',
      state: 'running',
      offers: ['Standard_D2s_v5'],
    });

    await expect(actions.resize(vm, 'Standard_D8s_v5')).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/needs the VM deallocated first/) as unknown,
    });
    expect(calls).toEqual(['listAvailableSizes']);
  });

  it('starts a VM it deallocated again when Azure then refuses the size, and reports the refusal', async () => {
    const { vm, calls } = fakeVm({
      size: 'Standard_D2s_v5',
      state: 'running',
      offers: ['Standard_D2s_v5'],
      refuseUpdate: true,
    });

    await expect(actions.resize(vm, 'Standard_E4s_v5')).rejects.toMatchObject({
      message: 'Azure refused',
    });
    expect(calls).toEqual(['listAvailableSizes', 'deallocate', 'update Standard_E4s_v5', 'start']);
  });

  it('resizes a deallocated VM without asking for the sizes on offer', async () => {
    const { vm, calls } = fakeVm({ size: 'Standard_B2s', state: 'deallocated', offers: [] });

    const outcome = await actions.resize(vm, 'Standard_F4s_v2');

    expect(calls).toEqual(['update Standard_F4s_v2']);
    expect(outcome.after).toEqual({ state: 'deallocated', vmSize: 'Standard_F4s_v2' });
  });
});
