export * from './auth0-access';
export * from './auth0-client-pool';
export * from './auth0-error-classifier';
