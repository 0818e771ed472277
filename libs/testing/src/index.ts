export * from './disposable-postgres';
export * from './disposable-redis';
export * from './eventually';
export * from './free-port';
export * from './local-infra';
export * from './scratch-database';
export * from './service-process';
export * from './tcp';
