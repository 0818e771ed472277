/** Injects great-library's StorageSettings (config.storage). */
export const STORAGE_SETTINGS = Symbol('STORAGE_SETTINGS');
