export * from './entra-connection-check';
export * from './entra-directory-reader';
export * from './entra-directory-writer';
export * from './entra-graph';
