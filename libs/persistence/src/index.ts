export * from './data-source-options';
export * from './database-cli';
export * from './render-migration';
export * from './schema-drift';
export * from './tenant-scope';
