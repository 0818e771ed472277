import {
  type ProviderEndpoints,
  SealedAccountAccessSource as SealedAccounts,
} from '@codex/connectors';
import type { KeyWrapper } from '@codex/credentials';
import type { DataSource } from 'typeorm';

/**
 * Opens the projected accounts' sealed credentials; each provider is called at its endpoint
 * when one is set (`{ aws, azure }`). A bare string is the AWS endpoint.
 */
export class SealedAccountAccessSource extends SealedAccounts {
  constructor(
    dataSource: DataSource,
    keys: KeyWrapper,
    endpoints: ProviderEndpoints | string | undefined,
  ) {
    super(
      dataSource,
      keys,
      typeof endpoints === 'string' ? { aws: endpoints } : definedEndpoints(endpoints),
    );
  }
}

function definedEndpoints(endpoints: ProviderEndpoints | undefined): ProviderEndpoints {
  return Object.fromEntries(
    Object.entries(endpoints ?? {}).filter(([, endpoint]) => Boolean(endpoint)),
  );
}
