import type { ObjectStore, StorageProvider } from './ports';

export const STORAGE_PROVIDERS: readonly StorageProvider[] = ['aws', 'gcp', 'azure'];

/** Hands each call to the object store of the bucket's provider. */
export class StorageProviders {
  constructor(private readonly stores: Readonly<Record<StorageProvider, ObjectStore>>) {}

  store(provider: StorageProvider): ObjectStore {
    return this.stores[provider];
  }
}
