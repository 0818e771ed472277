export * from './entra-access';
export * from './graph-client-pool';
export * from './graph-error-classifier';
