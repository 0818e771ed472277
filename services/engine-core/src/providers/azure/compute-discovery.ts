import { ComputeManagementClient } from '@azure/arm-compute';
import {
  type AzureAccountAccess,
  type AzureClientPool,
  type AzureResourceType,
  toAzureProviderError,
} from '@codex/connectors';

import { mergeWithLimit } from '../../compute/async-streams';
import type {
  ComputeDiscoveryPort,
  DiscoveredResource,
  DiscoveryProgress,
  ProgressListener,
} from '../../compute/ports';
import { normalizeLocation, scaleSetResource, virtualMachineResource } from './vm-resources';

/**
 * The progress region of Azure listings: Resource Manager lists a subscription's resources of
 * every location at once, so a listing's pages are counted per resource type, not per location.
 */
export const SUBSCRIPTION_WIDE = 'global';

/** The subscription's Resource Manager compute client from the account's pool. */
export function computeClient(
  clients: AzureClientPool,
  access: AzureAccountAccess,
): ComputeManagementClient {
  return clients.client(
    'compute',
    access,
    (credential, options) => new ComputeManagementClient(credential, access.accountId, options),
  );
}

/**
 * Virtual machines and scale sets of one subscription, streamed page by page, the two listings
 * read at the same time. VMs come from one paged subscription listing with `statusOnly=true`,
 * which carries every VM's instance view (its power state) — no request per VM. Locations
 * outside `access.regions` are left out (all are kept when it is empty). While a page's
 * resources are consumed the next page is already being read. Any failure ends the stream
 * with a ProviderError, so a partial listing is never mistaken for a complete one.
 */
export class AzureComputeDiscovery implements ComputeDiscoveryPort<AzureAccountAccess> {
  constructor(private readonly clients: AzureClientPool) {}

  async *discover(
    access: AzureAccountAccess,
    onProgress: ProgressListener = () => undefined,
  ): AsyncGenerator<DiscoveredResource> {
    const subscriptionId = access.accountId;
    const keep = locationFilter(access.regions);
    const pages = (resourceType: AzureResourceType) =>
      pageCounter(
        {
          accountId: subscriptionId,
          region: SUBSCRIPTION_WIDE,
          resourceType,
          pages: 0,
          resources: 0,
        },
        onProgress,
      );
    const sources = [
      () =>
        listed(
          () => computeClient(this.clients, access).virtualMachines.listAll({ statusOnly: 'true' }),
          (vm) => virtualMachineResource(vm, subscriptionId),
          keep,
          pages('compute/virtualMachine'),
        ),
      () =>
        listed(
          () => computeClient(this.clients, access).virtualMachineScaleSets.listAll(),
          (vmss) => scaleSetResource(vmss, subscriptionId),
          keep,
          pages('compute/virtualMachineScaleSet'),
        ),
    ];
    try {
      yield* mergeWithLimit(sources, sources.length);
    } catch (error) {
      throw toAzureProviderError(error);
    }
  }
}

/** What `listAll` answers: pages of items. */
interface PagedListing<T> {
  byPage(): AsyncIterableIterator<T[]>;
}

/** The kept items of a paged listing, mapped, one page at a time, the next page read ahead. */
async function* listed<T>(
  listing: () => PagedListing<T>,
  map: (item: T) => DiscoveredResource,
  keep: (resource: DiscoveredResource) => boolean,
  onPage: (resources: number) => void,
): AsyncGenerator<DiscoveredResource> {
  for await (const page of readAhead(listing().byPage())) {
    const resources = page.map(map).filter(keep);
    onPage(resources.length);
    yield* resources;
  }
}

/**
 * The iterator's items, asking for the next one as soon as one arrives, so the network and
 * the consumer work at the same time. A request still running when the consumer stops is
 * left to finish, its failure ignored.
 */
export async function* readAhead<T>(iterator: AsyncIterator<T>): AsyncGenerator<T> {
  let next = iterator.next();
  let done = false;
  try {
    for (;;) {
      const result = await next;
      if (result.done) {
        done = true;
        return;
      }
      next = iterator.next();
      yield result.value;
    }
  } finally {
    if (!done) next.catch(() => undefined);
  }
}

/** Keeps resources of the given locations, compared as Resource Manager spells them; all when none. */
export function locationFilter(
  regions: readonly string[],
): (resource: DiscoveredResource) => boolean {
  if (regions.length === 0) return () => true;
  const kept = new Set(regions.map(normalizeLocation));
  return (resource) => kept.has(resource.region);
}

function pageCounter(progress: DiscoveryProgress, listener: ProgressListener) {
  return (resources: number) => {
    progress.pages += 1;
    progress.resources += resources;
    listener({ ...progress });
  };
}
