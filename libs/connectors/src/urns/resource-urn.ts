import type { ProviderName } from '../provider-error';

/** Where a resource lives and what it is: the parts of `codex:<provider>:<account>:<region>:<type>/<id>`. */
export interface ResourceAddress<T extends string = string> {
  /** The provider's own account id: AWS account number, subscription, project, tenant, directory. */
  accountId: string;
  /** The provider's region, or `-` for a resource that has none (an identity, a directory). */
  region: string;
  /** The type's path, e.g. `ec2/instance`, `compute/virtualMachine`, `user`. */
  resourceType: T;
  /** The provider's id of the resource; it may contain `/` and `:` (e.g. `cluster/service`). */
  resourceId: string;
}

/** Region of a resource that is not in any region. */
export const NO_REGION = '-';

/** Reads and writes the URNs of one provider's resource types; a URN never changes for a resource's life. */
export interface UrnCodec<T extends string> {
  readonly provider: ProviderName;
  readonly resourceTypes: readonly T[];
  format(address: ResourceAddress<T>): string;
  /** The address inside a URN of this provider and one of its types, or undefined. */
  parse(urn: string): ResourceAddress<T> | undefined;
}

/**
 * The codec of a provider's resource types. Types are matched longest first, so a provider
 * may have both `storage` and `storage/account`.
 */
export function urnCodec<T extends string>(
  provider: ProviderName,
  resourceTypes: readonly T[],
): UrnCodec<T> {
  const prefix = `codex:${provider}:`;
  const byLength = [...resourceTypes].sort((a, b) => b.length - a.length);
  return {
    provider,
    resourceTypes,
    format: ({ accountId, region, resourceType, resourceId }) =>
      `${prefix}${accountId}:${region}:${resourceType}/${resourceId}`,
    parse(urn) {
      if (!urn.startsWith(prefix)) return undefined;
      const [accountId, region, ...pathParts] = urn.slice(prefix.length).split(':');
      const path = pathParts.join(':');
      const resourceType = byLength.find((type) => path.startsWith(`${type}/`));
      const resourceId = resourceType ? path.slice(resourceType.length + 1) : '';
      if (!accountId || !region || !resourceType || !resourceId) return undefined;
      return { accountId, region, resourceType, resourceId };
    },
  };
}

/** The provider a URN names, or undefined when the text does not follow the grammar. */
export function urnProvider(urn: string): string | undefined {
  const match = /^codex:([a-z0-9]+):[^:]+:[^:]+:.+\/.+$/.exec(urn);
  return match?.[1];
}
