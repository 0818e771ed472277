import type { VirtualMachine, VirtualMachineScaleSet } from '@azure/arm-compute';
import { azureUrns } from '@codex/connectors';

import { powerStateOf, scaleSetResource, virtualMachineResource } from './vm-resources';

const SUBSCRIPTION = '11111111-0000-4000-8000-000000000001';
const GROUP_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/RG-Web-Prod`;

function vm(overrides: Partial<VirtualMachine> = {}): VirtualMachine {
  return {
    id: `${GROUP_ID}/providers/Microsoft.Compute/virtualMachines/VM-Web-01`,
    name: 'VM-Web-01',
    location: 'westeurope',
    tags: { env: 'production', team: 'web' },
    hardwareProfile: { vmSize: 'Standard_D2s_v5' },
    storageProfile: {
      osDisk: {
        osType: 'Linux',
        name: 'vm-web-01-os',
        createOption: 'FromImage',
        managedDisk: { id: `${GROUP_ID}/providers/Microsoft.Compute/disks/vm-web-01-os` },
      },
      dataDisks: [
        {
          lun: 0,
          name: 'vm-web-01-data-0',
          createOption: 'Empty',
          diskSizeGB: 128,
          managedDisk: { id: `${GROUP_ID}/providers/Microsoft.Compute/disks/vm-web-01-data-0` },
        },
      ],
    },
    networkProfile: {
      networkInterfaces: [
        { id: `${GROUP_ID}/providers/Microsoft.Network/networkInterfaces/vm-web-01-nic` },
      ],
    },
    provisioningState: 'Succeeded',
    vmId: '6d3f1a52-0000-4000-8000-000000000001',
    timeCreated: new Date('2026-01-02T03:04:05Z'),
    zones: ['2'],
    priority: 'Regular',
    instanceView: {
      statuses: [
        { code: 'ProvisioningState/succeeded' },
        { code: 'PowerState/running', displayStatus: 'VM running' },
      ],
    },
    ...overrides,
  };
}

describe('Azure VM and scale set mapping', () => {
  it('maps a VM with its URN in lower case, power state, tags and attributes', () => {
    expect(virtualMachineResource(vm(), SUBSCRIPTION)).toEqual({
      urn: `codex:azure:${SUBSCRIPTION}:westeurope:compute/virtualMachine/rg-web-prod/vm-web-01`,
      provider: 'azure',
      accountId: SUBSCRIPTION,
      region: 'westeurope',
      resourceType: 'compute/virtualMachine',
      name: 'VM-Web-01',
      tags: { env: 'production', team: 'web' },
      state: 'running',
      attributes: {
        id: `${GROUP_ID}/providers/Microsoft.Compute/virtualMachines/VM-Web-01`,
        vmSize: 'Standard_D2s_v5',
        resourceGroup: 'RG-Web-Prod',
        osType: 'Linux',
        osDisk: {
          name: 'vm-web-01-os',
          id: `${GROUP_ID}/providers/Microsoft.Compute/disks/vm-web-01-os`,
        },
        dataDisks: [
          {
            lun: 0,
            name: 'vm-web-01-data-0',
            id: `${GROUP_ID}/providers/Microsoft.Compute/disks/vm-web-01-data-0`,
            sizeGb: 128,
          },
        ],
        networkInterfaces: [
          `${GROUP_ID}/providers/Microsoft.Network/networkInterfaces/vm-web-01-nic`,
        ],
        provisioningState: 'succeeded',
        vmId: '6d3f1a52-0000-4000-8000-000000000001',
        timeCreated: '2026-01-02T03:04:05.000Z',
        zones: ['2'],
        priority: 'Regular',
      },
    });
  });

  it('gives URNs the connector codec parses back to the group and name', () => {
    const { urn } = virtualMachineResource(vm(), SUBSCRIPTION);

    expect(azureUrns.parse(urn)).toEqual({
      accountId: SUBSCRIPTION,
      region: 'westeurope',
      resourceType: 'compute/virtualMachine',
      resourceId: 'rg-web-prod/vm-web-01',
    });
  });

  it('leaves out what the VM does not say, and has no tags without tags', () => {
    const bare = virtualMachineResource(
      {
        id: `${GROUP_ID}/providers/Microsoft.Compute/virtualMachines/bare`,
        name: 'bare',
        location: 'eastus',
      },
      SUBSCRIPTION,
    );

    expect(bare).toMatchObject({ name: 'bare', tags: {}, state: 'unknown' });
    expect(bare.attributes).toEqual({
      id: `${GROUP_ID}/providers/Microsoft.Compute/virtualMachines/bare`,
      resourceGroup: 'RG-Web-Prod',
    });
  });

  it.each([
    ['PowerState/running', 'running'],
    ['PowerState/stopped', 'stopped'],
    ['PowerState/deallocated', 'deallocated'],
    ['PowerState/starting', 'starting'],
    ['PowerState/stopping', 'stopping'],
    ['PowerState/deallocating', 'deallocating'],
    ['PowerState/Running', 'running'],
  ])('reads %s as %s', (code, state) => {
    expect(powerStateOf({ statuses: [{ code: 'ProvisioningState/updating' }, { code }] })).toBe(
      state,
    );
  });

  it('reads no power state as unknown', () => {
    expect(powerStateOf(undefined)).toBe('unknown');
    expect(powerStateOf({ statuses: [{ code: 'ProvisioningState/creating' }] })).toBe('unknown');
    expect(virtualMachineResource(vm({ instanceView: undefined }), SUBSCRIPTION).state).toBe(
      'unknown',
    );
  });

  it('maps a scale set with its sku, capacity and provisioning state', () => {
    const vmss: VirtualMachineScaleSet = {
      id: `${GROUP_ID}/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-web-prod`,
      name: 'vmss-web-prod',
      location: 'westeurope',
      tags: { env: 'production' },
      sku: { name: 'Standard_D2s_v5', tier: 'Standard', capacity: 4 },
      provisioningState: 'Succeeded',
      uniqueId: 'a1b2',
      upgradePolicy: { mode: 'Manual' },
      virtualMachineProfile: {
        storageProfile: { osDisk: { osType: 'Linux', createOption: 'FromImage' } },
      },
    };

    expect(scaleSetResource(vmss, SUBSCRIPTION)).toEqual({
      urn: `codex:azure:${SUBSCRIPTION}:westeurope:compute/virtualMachineScaleSet/rg-web-prod/vmss-web-prod`,
      provider: 'azure',
      accountId: SUBSCRIPTION,
      region: 'westeurope',
      resourceType: 'compute/virtualMachineScaleSet',
      name: 'vmss-web-prod',
      tags: { env: 'production' },
      state: 'succeeded',
      attributes: {
        id: vmss.id,
        resourceGroup: 'RG-Web-Prod',
        sku: 'Standard_D2s_v5',
        tier: 'Standard',
        capacity: 4,
        osType: 'Linux',
        provisioningState: 'succeeded',
        uniqueId: 'a1b2',
        upgradePolicy: 'Manual',
      },
    });
  });
});
