export { BlobStore } from './blob-store';
export { StorageAccountKeys } from './storage-account-keys';
