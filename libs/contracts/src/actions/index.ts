export * from './action-catalogue';
export * from './azure-compute-actions';
export * from './catalogue';
export * from './catalogue-extensions';
export * from './identity-actions';
export * from './storage-actions';
