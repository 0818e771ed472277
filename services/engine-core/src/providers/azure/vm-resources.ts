import type {
  InstanceViewStatus,
  VirtualMachine,
  VirtualMachineInstanceView,
  VirtualMachineScaleSet,
} from '@azure/arm-compute';
import {
  azureResourceKey,
  type AzureResourceType,
  azureUrns,
  parseAzureResourceId,
} from '@codex/connectors';

import { definedAttributes } from '../../compute/defined-attributes';
import type { DiscoveredResource } from '../../compute/ports';

/** The power states Azure reports as `PowerState/<state>`. */
export const AZURE_POWER_STATES = [
  'running',
  'stopped',
  'deallocated',
  'starting',
  'stopping',
  'deallocating',
] as const;

const POWER_STATE = /^PowerState\/(.+)$/i;

/**
 * The VM's power state from its instance view (`PowerState/running` → `running`), in lower
 * case; `unknown` when the view is absent or has no power state (a listing without
 * `statusOnly`, or a VM being created).
 */
export function powerStateOf(
  instanceView: Pick<VirtualMachineInstanceView, 'statuses'> | undefined,
): string {
  for (const status of instanceView?.statuses ?? []) {
    const match = POWER_STATE.exec(status.code ?? '');
    if (match?.[1]) return match[1].toLowerCase();
  }
  return 'unknown';
}

/** The provisioning state from instance view statuses (`ProvisioningState/succeeded`). */
function provisioningStatusOf(statuses: InstanceViewStatus[] | undefined): string | undefined {
  for (const status of statuses ?? []) {
    const match = /^ProvisioningState\/(.+)$/i.exec(status.code ?? '');
    if (match?.[1]) return match[1].toLowerCase();
  }
  return undefined;
}

/** Where an Azure resource lives: subscription, group and name from its id, location. */
function placement(resource: { id?: string; name?: string; location: string }): {
  resourceGroup: string;
  name: string;
  region: string;
} {
  const parsed = resource.id ? parseAzureResourceId(resource.id) : undefined;
  return {
    resourceGroup: parsed?.resourceGroup ?? '',
    name: resource.name ?? parsed?.name ?? '',
    region: normalizeLocation(resource.location),
  };
}

/** Azure's location name as Resource Manager spells it in ids: `westeurope`, lower case, no spaces. */
export function normalizeLocation(location: string | undefined): string {
  return (location ?? '').replace(/\s+/g, '').toLowerCase() || 'unknown';
}

function base(
  subscriptionId: string,
  resourceType: AzureResourceType,
  resource: { id?: string; name?: string; location: string; tags?: Record<string, string> },
): Omit<DiscoveredResource, 'state' | 'attributes'> & { resourceGroup: string } {
  const { resourceGroup, name, region } = placement(resource);
  return {
    urn: azureUrns.format({
      accountId: subscriptionId,
      region,
      resourceType,
      resourceId: azureResourceKey(resourceGroup, name),
    }),
    provider: 'azure',
    accountId: subscriptionId,
    region,
    resourceType,
    name,
    tags: { ...(resource.tags ?? {}) },
    resourceGroup,
  };
}

/**
 * A VM as discovery publishes it. The state is the power state of its instance view, which a
 * subscription listing with `statusOnly=true` (or a GET with `$expand=instanceView`) carries.
 */
export function virtualMachineResource(
  vm: VirtualMachine,
  subscriptionId: string,
): DiscoveredResource {
  const { resourceGroup, ...resource } = base(subscriptionId, 'compute/virtualMachine', vm);
  const osDisk = vm.storageProfile?.osDisk;
  return {
    ...resource,
    state: powerStateOf(vm.instanceView),
    attributes: definedAttributes({
      id: vm.id,
      vmSize: vm.hardwareProfile?.vmSize,
      resourceGroup,
      osType: osDisk?.osType ?? vm.instanceView?.osName,
      osDisk: osDisk
        ? definedAttributes({
            name: osDisk.name,
            id: osDisk.managedDisk?.id,
            sizeGb: osDisk.diskSizeGB,
          })
        : undefined,
      dataDisks: vm.storageProfile?.dataDisks?.map((disk) =>
        definedAttributes({
          lun: disk.lun,
          name: disk.name,
          id: disk.managedDisk?.id,
          sizeGb: disk.diskSizeGB,
        }),
      ),
      networkInterfaces: vm.networkProfile?.networkInterfaces
        ?.map((nic) => nic.id)
        .filter((id): id is string => typeof id === 'string'),
      provisioningState:
        vm.provisioningState?.toLowerCase() ?? provisioningStatusOf(vm.instanceView?.statuses),
      vmId: vm.vmId,
      timeCreated: isoDate(vm.timeCreated),
      zones: vm.zones?.length ? vm.zones : undefined,
      priority: vm.priority,
      computerName: vm.osProfile?.computerName,
      scaleSet: vm.virtualMachineScaleSet?.id,
    }),
  };
}

/**
 * A scale set as discovery publishes it. A scale set has no power state of its own (its
 * instances do), so its state is its provisioning state in lower case: `succeeded`,
 * `updating`, …; `unknown` when absent.
 */
export function scaleSetResource(
  vmss: VirtualMachineScaleSet,
  subscriptionId: string,
): DiscoveredResource {
  const { resourceGroup, ...resource } = base(
    subscriptionId,
    'compute/virtualMachineScaleSet',
    vmss,
  );
  const profile = vmss.virtualMachineProfile;
  return {
    ...resource,
    state: vmss.provisioningState?.toLowerCase() ?? 'unknown',
    attributes: definedAttributes({
      id: vmss.id,
      resourceGroup,
      sku: vmss.sku?.name,
      tier: vmss.sku?.tier,
      capacity: vmss.sku?.capacity,
      osType: profile?.storageProfile?.osDisk?.osType,
      provisioningState: vmss.provisioningState?.toLowerCase(),
      uniqueId: vmss.uniqueId,
      timeCreated: isoDate(vmss.timeCreated),
      zones: vmss.zones?.length ? vmss.zones : undefined,
      priority: profile?.priority,
      upgradePolicy: vmss.upgradePolicy?.mode,
      orchestrationMode: vmss.orchestrationMode,
      overprovision: vmss.overprovision,
    }),
  };
}

function isoDate(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
