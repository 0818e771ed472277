import { urnCodec } from '../../urns/resource-urn';

export const AZURE_RESOURCE_TYPES = [
  'compute/virtualMachine',
  'compute/virtualMachineScaleSet',
  'storage/container',
] as const;
export type AzureResourceType = (typeof AZURE_RESOURCE_TYPES)[number];

/**
 * Azure resources: `codex:azure:<subscription>:<location>:<type>/<resource group>/<name>`.
 * Resource Manager compares groups and names without case and answers in either, so both
 * are kept in lower case: one resource, one URN. A blob container is
 * `storage/container/<resource group>/<storage account>/<container>`.
 */
export const azureUrns = urnCodec<AzureResourceType>('azure', AZURE_RESOURCE_TYPES);

/** The parts of a Resource Manager id: `/subscriptions/{s}/resourceGroups/{g}/providers/{ns}/{type}/{name}`. */
export interface AzureResourceId {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

export function parseAzureResourceId(id: string): AzureResourceId | undefined {
  const match =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/[^/]+\/[^/]+\/([^/]+)$/i.exec(
      id,
    );
  if (!match) return undefined;
  const [, subscriptionId = '', resourceGroup = '', name = ''] = match;
  return { subscriptionId, resourceGroup, name };
}

/** The URN's resource id of a group's resource: `<group>/<name>`, in lower case. */
export function azureResourceKey(resourceGroup: string, name: string): string {
  return `${resourceGroup}/${name}`.toLowerCase();
}

/** The group and name of a URN's resource id. */
export function splitAzureResourceKey(
  key: string,
): { resourceGroup: string; name: string } | undefined {
  const [resourceGroup, name, ...rest] = key.split('/');
  return resourceGroup && name && rest.length === 0 ? { resourceGroup, name } : undefined;
}
