import { type AccountAccess, AccountUnavailableError } from '@codex/connectors';

import type { StorageProvider } from '../storage/ports';
import { STORAGE_PROVIDERS } from '../storage/storage-providers';

/** The storage provider of an account; an identity provider's account has no storage. */
export function storageProviderOf(access: AccountAccess): StorageProvider {
  const provider = access.provider as StorageProvider;
  if (!STORAGE_PROVIDERS.includes(provider)) {
    throw new AccountUnavailableError('unknown', `${access.provider} accounts hold no storage`);
  }
  return provider;
}
