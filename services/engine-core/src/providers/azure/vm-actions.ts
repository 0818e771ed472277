import type { ComputeManagementClient, VirtualMachine } from '@azure/arm-compute';
import { ProviderError, verificationFailed } from '@codex/connectors';
import { azureResizeNeedsDeallocation, azureVmIsRunning } from '@codex/contracts';

import type { ActionOutcome, VirtualMachineSummary } from '../../compute/ports';
import { powerStateOf } from './vm-resources';

/** How long-running operations are polled; without an interval the SDK follows Retry-After. */
export interface AzureOperationSettings {
  pollIntervalMs?: number;
}

/** The outcome, with the VM as the verifying read described it and when that read answered. */
export interface VirtualMachineOutcome extends ActionOutcome<VirtualMachineSummary> {
  vm: VirtualMachine;
  observedAt: Date;
}

/** One VM of one subscription: the client and where the VM is. */
export interface VmRef {
  compute: ComputeManagementClient;
  resourceGroup: string;
  name: string;
}

/**
 * Power actions and resize of one Azure VM. Each waits for Azure's long-running operation to
 * finish, then reads the VM again with its instance view and checks the power state and size
 * it expects; a VM that does not show them is a `conflict` (verification failed).
 */
export class AzureVmActions {
  constructor(private readonly settings: AzureOperationSettings = {}) {}

  async start(vm: VmRef): Promise<VirtualMachineOutcome> {
    const before = summaryOf(await readVm(vm));
    await vm.compute.virtualMachines.beginStartAndWait(vm.resourceGroup, vm.name, this.lro());
    return verified(vm, before, { state: 'running' });
  }

  /** Powers the VM off: it keeps its hardware (and its compute is still billed). */
  async stop(vm: VmRef): Promise<VirtualMachineOutcome> {
    const before = summaryOf(await readVm(vm));
    await vm.compute.virtualMachines.beginPowerOffAndWait(vm.resourceGroup, vm.name, this.lro());
    return verified(vm, before, { state: 'stopped' });
  }

  async deallocate(vm: VmRef): Promise<VirtualMachineOutcome> {
    const before = summaryOf(await readVm(vm));
    await this.deallocateNow(vm);
    return verified(vm, before, { state: 'deallocated' });
  }

  /** Azure restarts a running VM only; otherwise it answers 409, a `conflict` with its message. */
  async restart(vm: VmRef): Promise<VirtualMachineOutcome> {
    const before = summaryOf(await readVm(vm));
    await vm.compute.virtualMachines.beginRestartAndWait(vm.resourceGroup, vm.name, this.lro());
    return verified(vm, before, { state: 'running' });
  }

  /**
   * Changes the VM's size as the catalogue's plan said. A size Azure lists as available to the
   * VM (its hardware cluster's, or any when deallocated) is set in place; Azure restarts a
   * running VM onto it. Otherwise the VM is deallocated first only when the plan said so (a
   * size of another family), resized, and started again if it was running; a size of the same
   * family that Azure does not offer is refused rather than take the VM down unplanned.
   */
  async resize(vm: VmRef, vmSize: string): Promise<VirtualMachineOutcome> {
    const before = summaryOf(await readVm(vm));
    if (sameSize(before.vmSize, vmSize)) return verified(vm, before, { vmSize: before.vmSize });
    const wasRunning = azureVmIsRunning(before.state);
    const inPlace =
      before.state === 'deallocated' || (await this.availableSizes(vm)).has(vmSize.toLowerCase());
    if (!inPlace && !azureResizeNeedsDeallocation(before.vmSize, vmSize)) {
      throw new ProviderError(
        'conflict',
        `Azure does not offer ${vmSize} on the hardware VM ${vm.name} runs on, so it needs the VM deallocated first, which the plan (a size of the same family as ${before.vmSize}) did not include`,
        { provider: 'azure', providerCode: 'OperationNotAllowed' },
      );
    }
    if (!inPlace) await this.deallocateNow(vm);
    try {
      await vm.compute.virtualMachines.beginUpdateAndWait(
        vm.resourceGroup,
        vm.name,
        { hardwareProfile: { vmSize } },
        this.lro(),
      );
    } catch (error) {
      if (!inPlace && wasRunning) await this.startAgainAfterFailure(vm);
      throw error;
    }
    if (!inPlace && wasRunning) {
      await vm.compute.virtualMachines.beginStartAndWait(vm.resourceGroup, vm.name, this.lro());
    }
    const expected: Partial<VirtualMachineSummary> = { vmSize };
    if (wasRunning) expected.state = 'running';
    else if (!inPlace) expected.state = 'deallocated';
    return verified(vm, before, expected);
  }

  /** The sizes Azure says the VM can move to without being deallocated, in lower case. */
  private async availableSizes(vm: VmRef): Promise<Set<string>> {
    const sizes = new Set<string>();
    for await (const size of vm.compute.virtualMachines.listAvailableSizes(
      vm.resourceGroup,
      vm.name,
    )) {
      if (size.name) sizes.add(size.name.toLowerCase());
    }
    return sizes;
  }

  private async deallocateNow(vm: VmRef): Promise<void> {
    await vm.compute.virtualMachines.beginDeallocateAndWait(vm.resourceGroup, vm.name, this.lro());
  }

  /** A VM deallocated for a resize Azure then refused is started again; the refusal is reported. */
  private async startAgainAfterFailure(vm: VmRef): Promise<void> {
    try {
      await vm.compute.virtualMachines.beginStartAndWait(vm.resourceGroup, vm.name, this.lro());
    } catch {
      // The resize's own error says what went wrong; the VM is left deallocated.
    }
  }

  private lro(): { updateIntervalInMs?: number } {
    return this.settings.pollIntervalMs === undefined
      ? {}
      : { updateIntervalInMs: this.settings.pollIntervalMs };
  }
}

/** The VM with its instance view, as a verifying read needs it. */
export async function readVm(vm: VmRef): Promise<VirtualMachine> {
  return vm.compute.virtualMachines.get(vm.resourceGroup, vm.name, { expand: 'instanceView' });
}

function summaryOf(vm: VirtualMachine): VirtualMachineSummary {
  return {
    state: powerStateOf(vm.instanceView),
    vmSize: vm.hardwareProfile?.vmSize ?? 'unknown',
  };
}

/** Azure compares size names without case. */
function sameSize(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

async function verified(
  vm: VmRef,
  before: VirtualMachineSummary,
  expected: Partial<VirtualMachineSummary>,
): Promise<VirtualMachineOutcome> {
  const read = await readVm(vm);
  const observedAt = new Date();
  const after = summaryOf(read);
  const mismatch =
    (expected.state !== undefined && after.state !== expected.state) ||
    (expected.vmSize !== undefined && !sameSize(after.vmSize, expected.vmSize));
  if (mismatch) {
    throw verificationFailed(
      'azure',
      `VM ${vm.resourceGroup}/${vm.name} is ${JSON.stringify(after)}, expected ${JSON.stringify(expected)}`,
    );
  }
  return { before, after, vm: read, observedAt };
}
