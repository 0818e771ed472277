import { ComputeManagementClient } from '@azure/arm-compute';
import {
  type AzureAccountAccess,
  type AzureClientPool,
  ProviderError,
  splitAzureResourceKey,
  toAzureProviderError,
} from '@codex/connectors';

import type { ComputeAction, ComputeActionsPort, VerifiedAction } from '../../compute/ports';
import { scaleScaleSet } from './scale-set-actions';
import {
  type AzureOperationSettings,
  AzureVmActions,
  type VirtualMachineOutcome,
  type VmRef,
} from './vm-actions';
import { scaleSetResource, virtualMachineResource } from './vm-resources';

/**
 * Changes to Azure VMs and scale sets, each verified by reading the target again once Azure's
 * long-running operation is done; that read is mapped exactly as discovery maps it, so the
 * target's new state can be published. Running an action once per idempotency key is the
 * caller's duty: Azure's power operations take no client token.
 */
export class AzureComputeActions implements ComputeActionsPort<AzureAccountAccess> {
  private readonly vms: AzureVmActions;

  constructor(
    private readonly clients: AzureClientPool,
    private readonly settings: AzureOperationSettings = {},
  ) {
    this.vms = new AzureVmActions(settings);
  }

  async execute(access: AzureAccountAccess, action: ComputeAction): Promise<VerifiedAction> {
    try {
      if (action.target.resourceType === 'compute/virtualMachine') {
        return await this.onVm(access, action);
      }
      if (action.target.resourceType === 'compute/virtualMachineScaleSet') {
        return await this.onScaleSet(access, action);
      }
    } catch (error) {
      throw toAzureProviderError(error);
    }
    throw unsupported(action);
  }

  private async onVm(access: AzureAccountAccess, action: ComputeAction): Promise<VerifiedAction> {
    const { resourceGroup, name } = placeOf(action);
    const vm: VmRef = { compute: this.compute(access), resourceGroup, name };
    const verified = ({ before, after, vm: read, observedAt }: VirtualMachineOutcome) => ({
      before,
      after,
      target: virtualMachineResource(read, access.accountId),
      observedAt,
    });
    switch (action.name) {
      case 'start':
        return verified(await this.vms.start(vm));
      case 'stop':
        return verified(await this.vms.stop(vm));
      case 'deallocate':
        return verified(await this.vms.deallocate(vm));
      case 'restart':
        return verified(await this.vms.restart(vm));
      case 'resize':
        return verified(await this.vms.resize(vm, stringParam(action, 'vmSize')));
      case 'reboot':
      case 'scale':
        throw unsupported(action);
    }
  }

  private async onScaleSet(
    access: AzureAccountAccess,
    action: ComputeAction,
  ): Promise<VerifiedAction> {
    if (action.name !== 'scale') throw unsupported(action);
    const { resourceGroup, name } = placeOf(action);
    const capacity = action.params.capacity;
    if (typeof capacity !== 'number') throw missingParam(action, 'capacity');
    const { before, after, scaleSet, observedAt } = await scaleScaleSet(
      this.compute(access),
      resourceGroup,
      name,
      capacity,
      this.settings,
    );
    return { before, after, target: scaleSetResource(scaleSet, access.accountId), observedAt };
  }

  private compute(access: AzureAccountAccess): ComputeManagementClient {
    return this.clients.client(
      'compute',
      access,
      (credential, options) => new ComputeManagementClient(credential, access.accountId, options),
    );
  }
}

/** The resource group and name of the URN's `<group>/<name>`. */
function placeOf(action: ComputeAction): { resourceGroup: string; name: string } {
  const place = splitAzureResourceKey(action.target.resourceId);
  if (!place) {
    throw new ProviderError(
      'invalid',
      `${action.target.resourceId} is not an Azure <resource group>/<name>`,
      { provider: 'azure', providerCode: 'InvalidResourceId' },
    );
  }
  return place;
}

function unsupported(action: ComputeAction): ProviderError {
  return new ProviderError(
    'invalid',
    `${action.name} is not an action of an Azure ${action.target.resourceType}`,
    { provider: 'azure', providerCode: 'UnsupportedAction' },
  );
}

function missingParam(action: ComputeAction, name: string): ProviderError {
  return new ProviderError('invalid', `${action.name} needs params.${name}`, {
    provider: 'azure',
    providerCode: 'MissingParameter',
  });
}

/** A parameter the catalogue's schema already required to be a string. */
function stringParam(action: ComputeAction, name: string): string {
  const value = action.params[name];
  if (typeof value !== 'string') throw missingParam(action, name);
  return value;
}
