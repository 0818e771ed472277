import { ComputeManagementClient, type VirtualMachine } from '@azure/arm-compute';
import {
  AccountBreakers,
  type AzureAccountAccess,
  AzureClientPool,
  azureCredential,
  azureResourceKey,
  ProviderError,
} from '@codex/connectors';
import { AZURE_SANDBOX, type AzureSandbox, startAzureSandbox } from '@codex/testing';

import type { ComputeAction, ComputeActionName } from '../../compute/ports';
import { AzureComputeActions } from './compute-actions';
import { powerStateOf } from './vm-resources';

const SUBSCRIPTION = AZURE_SANDBOX.subscriptions[0];
const QUICK_CLIENTS = { maxRetries: 2, maxRetryDelayMs: 2_000 };

jest.setTimeout(60_000);

describe('AzureComputeActions against the Azure sandbox', () => {
  let sandbox: AzureSandbox;
  let breakers: AccountBreakers;
  let clients: AzureClientPool;
  let actions: AzureComputeActions;
  let access: AzureAccountAccess;
  let compute: ComputeManagementClient;
  /** VMs a test has acted on: each test takes VMs no other test touched. */
  const taken = new Set<string>();

  beforeAll(async () => {
    sandbox = await startAzureSandbox();
    await sandbox.configure({ transitionMs: 100 });
    access = {
      provider: 'azure',
      accountId: SUBSCRIPTION,
      regions: [],
      endpoint: sandbox.url,
      credentials: {
        kind: 'client-secret',
        tenantId: AZURE_SANDBOX.tenantId,
        clientId: AZURE_SANDBOX.clientId,
        clientSecret: AZURE_SANDBOX.clientSecret,
      },
    };
    breakers = new AccountBreakers();
    clients = new AzureClientPool(breakers, QUICK_CLIENTS);
    actions = new AzureComputeActions(clients);
    compute = new ComputeManagementClient(azureCredential(access), SUBSCRIPTION, {
      endpoint: sandbox.url,
    });
  });

  afterAll(async () => {
    clients.destroy();
    breakers.shutdown();
    await sandbox.stop();
  });

  /** What the sandbox says about a VM, read apart from the adapter. */
  async function sandboxVm(vm: VirtualMachine) {
    const read = await compute.virtualMachines.get(groupOf(vm), vm.name ?? '', {
      expand: 'instanceView',
    });
    return { state: powerStateOf(read.instanceView), vmSize: read.hardwareProfile?.vmSize };
  }

  /** A VM of the subscription no test has used, in this power state and size family. */
  async function aVm(state: string, family?: string): Promise<VirtualMachine> {
    for await (const vm of compute.virtualMachines.listAll({ statusOnly: 'true' })) {
      const size = vm.hardwareProfile?.vmSize ?? '';
      if (taken.has(vm.id ?? '') || powerStateOf(vm.instanceView) !== state) continue;
      if (family && !size.startsWith(`Standard_${family}`)) continue;
      taken.add(vm.id ?? '');
      return vm;
    }
    throw new Error(`the sandbox has no unused ${state} VM of family ${family ?? 'any'}`);
  }

  const vmAction = (
    name: ComputeActionName,
    vm: VirtualMachine,
    params: Record<string, unknown> = {},
  ): ComputeAction => ({
    name,
    target: {
      provider: 'azure',
      accountId: SUBSCRIPTION,
      region: vm.location,
      resourceType: 'compute/virtualMachine',
      resourceId: azureResourceKey(groupOf(vm), vm.name ?? ''),
    },
    params,
  });

  it('powers a running VM off, starts it, deallocates it and starts it again, each verified', async () => {
    const vm = await aVm('running');
    const size = vm.hardwareProfile?.vmSize;
    const started = new Date();

    const stopped = await actions.execute(access, vmAction('stop', vm));

    expect({ before: stopped.before, after: stopped.after }).toEqual({
      before: { state: 'running', vmSize: size },
      after: { state: 'stopped', vmSize: size },
    });
    expect(stopped.target).toMatchObject({
      urn: `codex:azure:${SUBSCRIPTION}:${vm.location}:compute/virtualMachine/${azureResourceKey(groupOf(vm), vm.name ?? '')}`,
      provider: 'azure',
      resourceType: 'compute/virtualMachine',
      state: 'stopped',
      attributes: { vmSize: size },
    });
    expect(stopped.observedAt.getTime()).toBeGreaterThanOrEqual(started.getTime());
    expect(await sandboxVm(vm)).toEqual({ state: 'stopped', vmSize: size });

    const running = await actions.execute(access, vmAction('start', vm));
    expect(running.after).toEqual({ state: 'running', vmSize: size });

    const deallocated = await actions.execute(access, vmAction('deallocate', vm));
    expect(deallocated.after).toEqual({ state: 'deallocated', vmSize: size });
    expect(deallocated.target.state).toBe('deallocated');
    expect(await sandboxVm(vm)).toEqual({ state: 'deallocated', vmSize: size });

    const again = await actions.execute(access, vmAction('start', vm));
    expect(again.after).toEqual({ state: 'running', vmSize: size });
  });

  it('restarts a running VM, which is running afterwards', async () => {
    const vm = await aVm('running');

    const outcome = await actions.execute(access, vmAction('restart', vm));

    expect(outcome.before).toMatchObject({ state: 'running' });
    expect(outcome.after).toMatchObject({ state: 'running' });
  });

  it("refuses to restart a deallocated VM with Azure's reason, as a conflict", async () => {
    const vm = await aVm('running');
    await actions.execute(access, vmAction('deallocate', vm));

    const failure: unknown = await actions
      .execute(access, vmAction('restart', vm))
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({ code: 'conflict', providerCode: 'OperationNotAllowed' });
    expect((failure as Error).message).toMatch(/restart.*not allowed.*deallocated/);
    expect(await sandboxVm(vm)).toMatchObject({ state: 'deallocated' });
  });

  it('resizes a running VM within its family in place; Azure restarts it onto the new size', async () => {
    const vm = await aVm('running', 'D');
    const to =
      vm.hardwareProfile?.vmSize === 'Standard_D4s_v5' ? 'Standard_D8s_v5' : 'Standard_D4s_v5';

    const outcome = await actions.execute(access, vmAction('resize', vm, { vmSize: to }));

    expect({ before: outcome.before, after: outcome.after }).toEqual({
      before: { state: 'running', vmSize: vm.hardwareProfile?.vmSize },
      after: { state: 'running', vmSize: to },
    });
    expect(outcome.target.attributes).toMatchObject({ vmSize: to });
    expect(await sandboxVm(vm)).toEqual({ state: 'running', vmSize: to });
  });

  it('resizes a running VM to another family by deallocating, resizing and starting it again', async () => {
    const vm = await aVm('running', 'D');

    const outcome = await actions.execute(
      access,
      vmAction('resize', vm, { vmSize: 'Standard_E4s_v5' }),
    );

    expect(outcome.after).toEqual({ state: 'running', vmSize: 'Standard_E4s_v5' });
    expect(outcome.target).toMatchObject({
      state: 'running',
      attributes: { vmSize: 'Standard_E4s_v5' },
    });
    expect(await sandboxVm(vm)).toEqual({ state: 'running', vmSize: 'Standard_E4s_v5' });
  });

  it('leaves a powered-off VM deallocated after a resize to another family', async () => {
    const vm = await aVm('running', 'B');
    await actions.execute(access, vmAction('stop', vm));

    const outcome = await actions.execute(
      access,
      vmAction('resize', vm, { vmSize: 'Standard_F2s_v2' }),
    );

    expect(outcome.before).toMatchObject({ state: 'stopped' });
    expect(outcome.after).toEqual({ state: 'deallocated', vmSize: 'Standard_F2s_v2' });
  });

  it('does nothing to a VM that already has the size, and says so by its verified read', async () => {
    const vm = await aVm('running');
    const size = vm.hardwareProfile?.vmSize ?? '';

    const outcome = await actions.execute(access, vmAction('resize', vm, { vmSize: size }));

    expect(outcome.after).toEqual({ state: 'running', vmSize: size });
  });

  it("sets a scale set's capacity and reads it back", async () => {
    const action: ComputeAction = {
      name: 'scale',
      target: {
        provider: 'azure',
        accountId: SUBSCRIPTION,
        region: 'westeurope',
        resourceType: 'compute/virtualMachineScaleSet',
        resourceId: 'rg-web-prod/vmss-web-prod',
      },
      params: { capacity: 6 },
    };

    const outcome = await actions.execute(access, action);

    expect(outcome.before).toMatchObject({ capacity: 4 });
    expect(outcome.after).toMatchObject({ capacity: 6 });
    expect(outcome.target).toMatchObject({
      urn: `codex:azure:${SUBSCRIPTION}:westeurope:compute/virtualMachineScaleSet/rg-web-prod/vmss-web-prod`,
      attributes: { capacity: 6 },
    });
    const read = await compute.virtualMachineScaleSets.get('rg-web-prod', 'vmss-web-prod');
    expect(read.sku?.capacity).toBe(6);
  });

  it('reports an unknown VM as not_found', async () => {
    const action: ComputeAction = {
      name: 'start',
      target: {
        provider: 'azure',
        accountId: SUBSCRIPTION,
        region: 'eastus',
        resourceType: 'compute/virtualMachine',
        resourceId: 'rg-payments-prod/vm-does-not-exist',
      },
      params: {},
    };

    await expect(actions.execute(access, action)).rejects.toMatchObject({
      code: 'not_found',
      providerCode: 'ResourceNotFound',
    });
  });

  it('refuses an action a VM does not have', async () => {
    const vm = await aVm('running');

    await expect(actions.execute(access, vmAction('reboot', vm))).rejects.toMatchObject({
      code: 'invalid',
      providerCode: 'UnsupportedAction',
    });
  });
});

function groupOf(vm: VirtualMachine): string {
  return /\/resourceGroups\/([^/]+)\//i.exec(vm.id ?? '')?.[1] ?? '';
}
