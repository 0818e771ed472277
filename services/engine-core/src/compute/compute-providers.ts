import {
  type AccessOf,
  type AccountAccess,
  PROVIDER_LABELS,
  ProviderError,
  type ProviderName,
} from '@codex/connectors';

import type {
  ComputeAction,
  ComputeActionsPort,
  ComputeAdapters,
  ComputeDiscoveryPort,
  CpuMetricsPort,
  CpuSample,
  DiscoveredResource,
  InstanceRef,
  MeasuredInstance,
  ProgressListener,
  VerifiedAction,
} from './ports';

export type ComputeAdaptersByProvider = { [P in ProviderName]?: ComputeAdapters<AccessOf<P>> };

/**
 * The compute ports for every provider engine-core has adapters for, each call handed to the
 * adapters of the account's provider. An account of another provider fails with
 * ProviderError `invalid`.
 */
export class ComputeProviders implements ComputeDiscoveryPort, CpuMetricsPort, ComputeActionsPort {
  constructor(private readonly adapters: ComputeAdaptersByProvider) {}

  /** The providers whose accounts engine-core keeps and works on. */
  get providers(): ProviderName[] {
    return (Object.keys(this.adapters) as ProviderName[]).filter(
      (provider) => this.adapters[provider],
    );
  }

  async *discover(
    access: AccountAccess,
    onProgress?: ProgressListener,
  ): AsyncGenerator<DiscoveredResource> {
    yield* this.of(access).discovery.discover(access, onProgress);
  }

  measuredInstance(resource: DiscoveredResource): MeasuredInstance | undefined {
    const adapters = this.adapters[resource.provider];
    return adapters?.metrics.measuredInstance(resource);
  }

  async latestCpu(access: AccountAccess, instances: readonly InstanceRef[]): Promise<CpuSample[]> {
    return await this.of(access).metrics.latestCpu(access, instances);
  }

  async execute(access: AccountAccess, action: ComputeAction): Promise<VerifiedAction> {
    return await this.of(access).actions.execute(access, action);
  }

  private of(access: AccountAccess): ComputeAdapters {
    const adapters = this.adapters[access.provider];
    if (!adapters) {
      throw new ProviderError(
        'invalid',
        `engine-core has no compute adapter for ${PROVIDER_LABELS[access.provider]}`,
        { provider: access.provider, providerCode: 'UnsupportedProvider' },
      );
    }
    return adapters;
  }
}
