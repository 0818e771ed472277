import {
  azureResourceKey,
  azureUrns,
  parseAzureResourceId,
  splitAzureResourceKey,
} from './azure-urns';

describe('Azure URNs', () => {
  const id =
    '/subscriptions/11111111-0000-4000-8000-000000000001/resourceGroups/RG-Web-Prod/providers/Microsoft.Compute/virtualMachines/Web-1';

  it('names a VM by subscription, location, group and name, in one case whatever Azure answered', () => {
    const parsed = parseAzureResourceId(id);
    expect(parsed).toEqual({
      subscriptionId: '11111111-0000-4000-8000-000000000001',
      resourceGroup: 'RG-Web-Prod',
      name: 'Web-1',
    });
    const urn = azureUrns.format({
      accountId: parsed?.subscriptionId ?? '',
      region: 'westeurope',
      resourceType: 'compute/virtualMachine',
      resourceId: azureResourceKey(parsed?.resourceGroup ?? '', parsed?.name ?? ''),
    });
    expect(urn).toBe(
      'codex:azure:11111111-0000-4000-8000-000000000001:westeurope:compute/virtualMachine/rg-web-prod/web-1',
    );
    expect(azureResourceKey('rg-web-prod', 'WEB-1')).toBe(azureResourceKey('RG-WEB-PROD', 'web-1'));
  });

  it('reads a scale set URN back, the longer type first', () => {
    const address = azureUrns.parse(
      'codex:azure:2222:northeurope:compute/virtualMachineScaleSet/rg-data/vmss-batch',
    );
    expect(address).toEqual({
      accountId: '2222',
      region: 'northeurope',
      resourceType: 'compute/virtualMachineScaleSet',
      resourceId: 'rg-data/vmss-batch',
    });
    expect(splitAzureResourceKey(address?.resourceId ?? '')).toEqual({
      resourceGroup: 'rg-data',
      name: 'vmss-batch',
    });
  });

  it('refuses what is not an Azure resource id or key', () => {
    expect(parseAzureResourceId('/subscriptions/x/resourceGroups/y')).toBeUndefined();
    expect(splitAzureResourceKey('only-a-group')).toBeUndefined();
    expect(splitAzureResourceKey('a/b/c')).toBeUndefined();
    expect(azureUrns.parse('codex:aws:1:us-east-1:ec2/instance/i-1')).toBeUndefined();
  });
});
